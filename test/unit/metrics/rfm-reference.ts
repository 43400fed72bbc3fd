// The RFM scoring worked in plain JavaScript, independently of the SQL: the golden answer of the RFM rewrite tests
// (rfm-window.test.ts: the one-end snapshot; rfm-migration-scoring.test.ts: the two ends of rfm_migration).
import { CN8_GROUPS, elevenGroup } from '../../../src/lib/metrics/rfm-schemes.ts';
import { addDays, type MetricParams } from '../../../src/lib/metrics/params.ts';

export interface Order {
  id: string;
  day: string;
  member: string;
  store: string;
  /** 'online' or 'offline'; absent: offline. */
  channel?: string;
  cents: number;
  refund: boolean;
}

/**
 * Seeded orders over 2024: `members` members, `n` orders, amounts from `amounts` (few values: many ties); with
 * `channels`, 30 % online (drawn from the same sequence, so the orders differ from those drawn without).
 */
export function seededOrders(seed: number, n: number, members: number, amounts: (rand: () => number) => number, channels = false): Order[] {
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: Order[] = [];
  for (let i = 0; i < n; i++) {
    const member = `m${String(Math.floor(rand() ** 1.3 * members)).padStart(4, '0')}`;
    const day = addDays('2024-01-01', Math.floor(rand() * 366));
    const kind = rand();
    const cents = kind < 0.04 ? 0 : kind < 0.08 ? -Math.round(rand() * 3000) : amounts(rand);
    const store = rand() < 0.5 ? 'S1' : 'S2';
    const channel = channels ? (rand() < 0.3 ? 'online' : 'offline') : undefined;
    out.push({ id: `o${i}`, day, member, store, ...(channel && { channel }), cents, refund: kind >= 0.04 && kind < 0.06 });
    if (rand() < 0.15) out.push({ id: `o${i}b`, day, member, store: 'S1', ...(channels && { channel: 'offline' }), cents: amounts(rand), refund: false });
  }
  return out;
}

export interface Rfm {
  member_id: string;
  recency: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  group: string;
}

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** RFM at `end` (exclusive) in JS: look-back window, store and channel filters, 1 + ⌊5 × strictly worse ÷ buyers⌋, eleven or cn8 groups. */
export function rfmReference(all: Order[], p: MetricParams, end: string): Rfm[] {
  const from = addDays(end, -(p.lookbackDays ?? 365));
  const inScope = (o: Order) =>
    o.day >= from && o.day < end && (!p.stores?.length || p.stores.includes(o.store)) && (!p.channels?.length || p.channels.includes((o.channel ?? 'offline') as never));
  const byMember = new Map<string, Order[]>();
  for (const o of all) if (inScope(o)) byMember.set(o.member, [...(byMember.get(o.member) ?? []), o]);
  const isPurchase = (o: Order) => (p.countZeroAmount ? o.cents >= 0 : o.cents > 0) && !o.refund;
  const rows: Rfm[] = [];
  for (const [member_id, os] of byMember) {
    const bought = os.filter(isPurchase);
    if (bought.length === 0) continue;
    const last = bought.map((o) => o.day).sort()[bought.length - 1];
    const frequency = p.repurchaseBasis === 'orders' ? bought.length : new Set(bought.map((o) => o.day)).size;
    rows.push({ member_id, recency: dayNumber(end) - dayNumber(last), frequency, monetary: os.reduce((s, o) => s + o.cents, 0) / 100, r: 0, f: 0, m: 0, group: '' });
  }
  const n = rows.length;
  const score = (worse: (y: Rfm, x: Rfm) => boolean) => (x: Rfm) => 1 + Math.floor((5 * rows.filter((y) => worse(y, x)).length) / n);
  const [r, f, m] = [score((y, x) => y.recency > x.recency), score((y, x) => y.frequency < x.frequency), score((y, x) => y.monetary < x.monetary)];
  const mean = (k: 'recency' | 'frequency' | 'monetary') => rows.reduce((s, x) => s + x[k], 0) / n;
  const [mr, mf, mm] = [mean('recency'), mean('frequency'), mean('monetary')];
  for (const x of rows) {
    Object.assign(x, { r: r(x), f: f(x), m: m(x) });
    const cn8 = CN8_GROUPS.find((g) => g.r === x.recency < mr && g.f === x.frequency > mf && g.m === x.monetary > mm);
    x.group = p.rfmScheme === 'cn8' ? cn8!.id : elevenGroup(x.r, x.f, x.m);
  }
  return rows.sort((a, b) => (a.member_id < b.member_id ? -1 : 1));
}
