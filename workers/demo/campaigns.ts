/**
 * The demo's marketing story: three campaigns, each with a 10 % control group, and the benefits they
 * issued. The orders are NOT changed (every other demo number stays as it was): each campaign's arms are
 * drawn after the orders, with P(control) depending on whether the member bought in the response
 * window, so that the expected response rates of the two arms differ by the designed true uplift:
 *   response_control = p − 0.9·δ, response_treatment = p + 0.1·δ  (p = the eligible members' response),
 * i.e. P(control | bought) = 0.1·(p − 0.9δ)/p and P(control | did not) = 0.1·(1 − p + 0.9δ)/(1 − p),
 * drawn systematically (see systematic()) so sales per member carry no chance imbalance either.
 * To a reader of the tables this is a campaign with a true effect δ; TRUE_UPLIFT is the tests' oracle.
 * Separate random streams (one per campaign's arms and per campaign's benefit use) keep the rest of the
 * demo byte-identical and let one campaign be tuned without moving the others. All three fall in the default
 * view (the last 90 days) and their 30-day windows end by the last day of data.
 */
import { clockOf, dayIndex, type Calendar } from './calendar.ts';
import type { OrderBuffer } from './buffers.ts';
import type { Members } from './members.ts';
import type { Rng } from '../../src/lib/rng.ts';
import { COMMUNITY, STORES } from './stores.ts';

/** Response window of the demo's campaigns (the metrics' default N). */
export const RESPONSE_DAYS = 30;
/** Share of eligible members held out as control. */
export const CONTROL_SHARE = 0.1;
/** Campaigns are sent at 09:00 on their day. */
const SEND_SEC = 9 * 3600;

export interface DemoCampaign {
  id: string;
  name: string;
  channel: string;
  /** Designed true uplift of the response rate (purchase within RESPONSE_DAYS), absolute. */
  trueUplift: number;
  costPerContact: number;
  benefit: { type: string; face: number; cost: number; validDays: number; useShare: number };
  /** Send date (member day, win-back); the birthday gift goes out on the first of each birthday month. */
  send?: readonly [number, number, number];
  /** Member day: bought within this many days before the send. Win-back: no purchase within it. */
  days?: number;
}

export const DEMO_CAMPAIGNS = {
  birthday: {
    id: 'BD202609',
    name: '生日礼（2026 年 9–10 月）',
    channel: '公众号',
    trueUplift: 0.08,
    costPerContact: 0.02,
    benefit: { type: '生日礼', face: 50, cost: 25, validDays: 30, useShare: 0.85 },
  },
  memberDay: {
    id: 'MD202609',
    name: '会员日满减券',
    channel: '公众号',
    trueUplift: 0.005,
    costPerContact: 0.02,
    // ¥30 off, valid 30 days: used on the purchases most recipients make that month anyway (high cost, little added).
    benefit: { type: '会员日', face: 30, cost: 30, validDays: 30, useShare: 0.9 },
    send: [2026, 9, 15],
    days: 180,
  },
  winBack: {
    id: 'WB202608',
    name: '社区店沉睡会员短信召回',
    channel: '短信',
    trueUplift: 0.03,
    costPerContact: 0.1,
    benefit: { type: '优惠券', face: 10, cost: 10, validDays: 30, useShare: 0.9 },
    send: [2026, 8, 10],
    days: 90,
  },
} as const satisfies Record<string, DemoCampaign>;

/** The oracle: campaign id → designed true uplift. */
export const TRUE_UPLIFT: Record<string, number> = Object.fromEntries(Object.values(DEMO_CAMPAIGNS).map((c) => [c.id, c.trueUplift]));

export interface Contact {
  campaign: DemoCampaign;
  member: number;
  /** Send day; the timestamp is SEND_SEC into it. */
  day: number;
  control: boolean;
  /** Time key (day·86400 + sec) of the member's first purchase in the response window, or -1. */
  firstPurchase: number;
}

/** Per member, the sorted time keys (day·86400 + sec) of their purchases. */
export function purchaseTimes(members: Members, purchases: OrderBuffer): Float64Array[] {
  const counts = new Int32Array(members.count);
  for (let i = 0; i < purchases.size; i++) if (purchases.member[i] >= 0) counts[purchases.member[i]]++;
  const out = Array.from(counts, (n) => new Float64Array(n));
  const fill = new Int32Array(members.count);
  for (let i = 0; i < purchases.size; i++) {
    const m = purchases.member[i];
    if (m >= 0) out[m][fill[m]++] = purchases.day[i] * 86400 + purchases.sec[i];
  }
  for (const a of out) a.sort();
  return out;
}

/** Per member, their purchases' cents keyed by time key (for window sales). */
export function purchaseCents(members: Members, purchases: OrderBuffer): Map<number, number>[] {
  const out = Array.from({ length: members.count }, () => new Map<number, number>());
  for (let i = 0; i < purchases.size; i++) {
    const m = purchases.member[i];
    if (m < 0) continue;
    const k = purchases.day[i] * 86400 + purchases.sec[i];
    out[m].set(k, (out[m].get(k) ?? 0) + purchases.cents[i]);
  }
  return out;
}

function windowCents(times: Float64Array, cents: Map<number, number>, from: number, to: number): number {
  let sum = 0;
  for (const t of times) if (t >= from && t < to) sum += cents.get(t) ?? 0;
  return sum;
}

/**
 * Systematic draw: walks the members in order, taking one into control each time the running sum of
 * `share` passes a whole number (random start). Along members sorted by window sales this stratifies:
 * the arms differ by the designed uplift, not by which arm happened to get the big spenders (real CRMs
 * stratify on spend for the same reason).
 */
function systematic(rng: Rng, n: number, share: number): boolean[] {
  let acc = rng.next();
  const out: boolean[] = [];
  for (let i = 0; i < n; i++) {
    acc += share;
    out.push(acc >= 1);
    if (acc >= 1) acc -= 1;
  }
  return out;
}

/** First purchase key in [from, to), or -1. */
function firstIn(times: Float64Array, from: number, to: number): number {
  for (const t of times) if (t >= from) return t < to ? t : -1;
  return -1;
}

const lastBefore = (times: Float64Array, key: number): number => {
  let last = -1;
  for (const t of times)
    if (t < key) last = t;
    else break;
  return last;
};

/** Draws the arms of one campaign over its eligible members (see the file comment). */
function assignArms(rng: Rng, campaign: DemoCampaign, eligible: { member: number; day: number }[], times: Float64Array[], cents: Map<number, number>[]): Contact[] {
  const withOutcome = eligible.map(({ member, day }) => {
    const send = day * 86400 + SEND_SEC;
    const end = send + RESPONSE_DAYS * 86400;
    return { member, day, first: firstIn(times[member], send, end), sales: windowCents(times[member], cents[member], send, end) };
  });
  const p = withOutcome.filter((c) => c.first >= 0).length / withOutcome.length;
  const d = campaign.trueUplift;
  const pc = p - (1 - CONTROL_SHARE) * d;
  if (!(pc > 0 && p + CONTROL_SHARE * d < 1)) throw new Error(`demo: uplift ${d} impossible for ${campaign.id} (response ${p})`);
  const cBought = (CONTROL_SHARE * pc) / p;
  const cNot = (CONTROL_SHARE * (1 - pc)) / (1 - p);
  // Buyers sorted by window sales (ties by member), non-buyers in a random order, each drawn systematically.
  const bought = withOutcome.filter((c) => c.first >= 0).sort((a, b) => a.sales - b.sales || a.member - b.member);
  const not = withOutcome.filter((c) => c.first < 0);
  for (let i = not.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [not[i], not[j]] = [not[j], not[i]];
  }
  const control = new Set<number>();
  for (const [group, share] of [
    [bought, cBought],
    [not, cNot],
  ] as const) {
    const draw = systematic(rng, group.length, share);
    group.forEach((c, i) => draw[i] && control.add(c.member));
  }
  return withOutcome.map((c) => ({ campaign, member: c.member, day: c.day, control: control.has(c.member), firstPurchase: c.first }));
}

/** A random stream per part of the marketing tables (label → stream): tuning one campaign leaves the others' draws alone. */
export type Streams = (label: string) => Rng;

/** Every contact of the three demo campaigns, in campaign order; each campaign's arms from its own stream. */
export function generateContacts(streams: Streams, members: Members, times: Float64Array[], cents: Map<number, number>[]): Contact[] {
  const { birthday, memberDay, winBack } = DEMO_CAMPAIGNS;
  const bd: { member: number; day: number }[] = [];
  const md: { member: number; day: number }[] = [];
  const wb: { member: number; day: number }[] = [];
  const mdDay = dayIndex(...memberDay.send);
  const wbDay = dayIndex(...winBack.send);
  for (let m = 0; m < members.count; m++) {
    const month = members.birthMonth[m];
    const bdDay = month >= 9 && month <= 10 ? dayIndex(2026, month, 1) : -1;
    if (bdDay >= 0 && members.joinDay[m] < bdDay) bd.push({ member: m, day: bdDay });
    // Member day: everyone who bought in the `days` before it.
    const mdKey = mdDay * 86400 + SEND_SEC;
    if (lastBefore(times[m], mdKey) >= mdKey - memberDay.days * 86400) md.push({ member: m, day: mdDay });
    // Win-back: 社区店 members who bought before but not in the last `days`.
    const wbKey = wbDay * 86400 + SEND_SEC;
    const last = lastBefore(times[m], wbKey);
    if (members.home[m] === COMMUNITY && last >= 0 && last < wbKey - winBack.days * 86400) wb.push({ member: m, day: wbDay });
  }
  const arms = (c: DemoCampaign, eligible: { member: number; day: number }[]) => assignArms(streams(`arms:${c.id}`), c, eligible, times, cents);
  return [...arms(birthday, bd), ...arms(memberDay, md), ...arms(winBack, wb)];
}

const stamp = (cal: Calendar, key: number): string => `${cal.date[Math.floor(key / 86400)]} ${clockOf(key % 86400)}`;

/** Campaigns table rows (column order of TABLES.campaigns). */
export function campaignRows(cal: Calendar, members: Members, contacts: readonly Contact[]): (string | number)[][] {
  return contacts.map((c) => [
    c.campaign.id,
    c.campaign.name,
    c.campaign.channel,
    members.id[c.member],
    stamp(cal, c.day * 86400 + SEND_SEC),
    c.control ? 'control' : 'treatment',
    c.campaign.costPerContact,
  ]);
}

/**
 * Benefits table rows: each contacted (treatment) member receives the campaign's benefit; it is used
 * with the first purchase inside its validity with probability useShare (used_time = that purchase).
 */
export function benefitRows(streams: Streams, cal: Calendar, members: Members, times: Float64Array[], contacts: readonly Contact[]): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  const rngs = new Map<string, Rng>();
  for (const c of contacts) {
    if (c.control) continue;
    let rng = rngs.get(c.campaign.id);
    if (!rng) rngs.set(c.campaign.id, (rng = streams(`benefits:${c.campaign.id}`)));
    const b = c.campaign.benefit;
    const issued = c.day * 86400 + SEND_SEC;
    const expiry = (c.day + b.validDays) * 86400 - 1;
    const first = firstIn(times[c.member], issued, expiry);
    const used = first >= 0 && rng.next() < b.useShare ? first : -1;
    rows.push([
      members.id[c.member],
      b.type,
      stamp(cal, issued),
      used >= 0 ? stamp(cal, used) : null,
      stamp(cal, expiry),
      b.face,
      used >= 0 ? b.cost : 0,
      c.campaign.id,
      null,
      STORES[members.home[c.member]],
    ]);
  }
  return rows;
}
