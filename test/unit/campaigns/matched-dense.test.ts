// did_member_outcomes with dense events (issue 14: every month a tenth of the members get a benefit, some are upgraded),
// against an independent implementation of the matching in plain JS on a small generated dataset: the treated members and
// their cohort months, tier at the month start replayed from the tier changes, spend band, who cannot be a match (same
// benefit type or any tier change in the window, the birthday gift's birthday months), the 1:1 pairing in md5 order inside
// each cell, and the three windows' sums. Only the RFM group is taken from the catalogue, by the single-snapshot
// `rfm_members` metric (not the metric's own multi-snapshot scoring). The SQL keeps each cell's first n candidates in one
// aggregate instead of ranking all of them (the memory bound at 10M orders); any slip in that shows up here as a row that
// differs.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIRTHDAY_BENEFIT, cohortMonths, didMemberOutcomes } from '../../../src/lib/metrics/matched.ts';
import { addDays, addMonths, type MetricParams } from '../../../src/lib/metrics/params.ts';
import { generateMembersAndOrders, loadScratchTables, scratch } from './synthetic-scale-data.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, ipcToRows } from '../../../workers/engine.ts';
import { METRICS } from '../../../src/lib/metrics/index.ts';
import { openHarness, type Harness } from '../metrics/harness.ts';

const W = 30;
const TIERS = ['普通', '银卡', '金卡', '钻石'];
const STORES = ['旗舰店', '万达店'];
const TYPES = ['优惠券', BIRTHDAY_BENEFIT, '积分翻倍'];

interface Member {
  id: string;
  join: string | null;
  tier: string | null;
  birthday: string | null;
  store: string | null;
}
interface Order {
  id: string;
  time: string;
  member: string | null;
  amount: number;
  refund: boolean;
}
interface Benefit {
  member: string;
  type: string;
  time: string;
  cost: number | null;
}
interface Change {
  member: string;
  time: string;
  from: string;
  to: string;
}

/** mulberry32: a small seeded generator, so the dataset is the same on every run. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dayOf = (base: string, plus: number) => addDays(base, plus);
const stamp = (day: string, r: () => number) => `${day} ${pad(8 + Math.floor(r() * 12))}:${pad(Math.floor(r() * 60))}:${pad(Math.floor(r() * 60))}`;

function generate() {
  const r = rng(14);
  const members: Member[] = [];
  for (let i = 0; i < 800; i++) {
    const x = r();
    members.push({
      id: `M${pad(i, 4)}`,
      // a few join in the period (not yet members at some month starts), a few have no join date
      join: x < 0.05 ? null : x < 0.12 ? dayOf('2024-07-10', Math.floor(r() * 60)) : dayOf('2022-01-01', Math.floor(r() * 700)),
      tier: r() < 0.03 ? null : r() < 0.7 ? TIERS[0] : TIERS[1 + Math.floor(r() * 2)],
      birthday: r() < 0.05 ? null : dayOf('1980-01-01', Math.floor(r() * 9000)),
      store: r() < 0.04 ? null : STORES[r() < 0.8 ? 0 : 1],
    });
  }
  const orders: Order[] = [];
  for (let i = 0; i < 16000; i++) {
    const refund = r() < 0.03;
    const cents = 500 + Math.floor(r() * 40000);
    const walkIn = r() < 0.03;
    // a fifth of the members buy rarely: some have no RFM group at a month start
    const m = members[Math.floor(r() * members.length * (r() < 0.2 ? 1 : 0.8))];
    orders.push({ id: `O${i}`, time: stamp(dayOf('2023-06-01', Math.floor(r() * 580)), r), member: walkIn ? null : m.id, amount: (refund ? -cents : cents) / 100, refund });
  }
  const benefits: Benefit[] = [];
  const changes: Change[] = [];
  const tierNow = new Map(members.map((m) => [m.id, m.tier ?? '普通']));
  for (let month = 0; month < 12; month++) {
    const ms = addMonths('2024-01-01', month);
    for (const m of members) {
      if (r() < 0.1) {
        const type = TYPES[Math.floor(r() * TYPES.length)];
        benefits.push({ member: m.id, type, time: stamp(dayOf(ms, Math.floor(r() * 27)), r), cost: r() < 0.1 ? null : Math.floor(r() * 40) });
        // now and then a second one of the same type that month: the first day counts, the costs add up
        if (r() < 0.15) benefits.push({ member: m.id, type, time: stamp(dayOf(ms, 27), r), cost: 3 });
      }
      if (r() < 0.04) {
        const from = tierNow.get(m.id)!;
        const rank = TIERS.indexOf(from);
        // mostly upgrades; some downgrades (not events, but they still rule a member out as an upgrade's match)
        const to = r() < 0.2 && rank > 0 ? TIERS[rank - 1] : TIERS[Math.min(rank + 1, 3)];
        if (to === from) continue;
        changes.push({ member: m.id, time: stamp(dayOf(ms, Math.floor(r() * 27)), r), from, to });
        tierNow.set(m.id, to);
      }
    }
  }
  return { members, orders, benefits, changes };
}

const csv = (header: string, rows: (string | number | boolean | null)[][]) => `${header}\n${rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(',')).join('\n')}\n`;

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const band = (s: number) => (s <= 0 ? 0 : s < 100 ? 1 : s < 300 ? 2 : s < 1000 ? 3 : s < 3000 ? 4 : 5);
const rank = (t: string | null) => (t === null ? -1 : TIERS.indexOf(t));

/** The metric's rows worked out in JS; `rfmAt(ms)` = member → RFM group at that month start. */
function reference(data: ReturnType<typeof generate>, p: MetricParams, rfmAt: Map<string, Map<string, string>>) {
  const { members, orders, benefits, changes } = data;
  const months = cohortMonths(p.from, p.to);
  const monthOf = (time: string) => `${time.slice(0, 7)}-01`;
  const mem = members.filter((m) => (!p.stores || p.stores.includes(m.store!)) && (!p.tiers || p.tiers.includes(m.tier!)));
  const byId = new Map(members.map((m) => [m.id, m]));

  // events: first time per member, subject and month
  type Ev = { kind: string; subject: string; member: string; ms: string; first: string; t: string; cost: number; fromTier: string | null };
  const evs = new Map<string, Ev>();
  for (const b of benefits.filter((b) => b.time >= p.from && b.time < p.to)) {
    const key = `benefit|${b.type}|${b.member}|${monthOf(b.time)}`;
    const e = evs.get(key) ?? { kind: 'benefit', subject: b.type, member: b.member, ms: monthOf(b.time), first: b.time, t: b.time.slice(0, 10), cost: 0, fromTier: null };
    if (b.time < e.first) Object.assign(e, { first: b.time, t: b.time.slice(0, 10) });
    e.cost += b.cost ?? 0;
    evs.set(key, e);
  }
  for (const c of changes.filter((c) => c.time >= p.from && c.time < p.to && rank(c.to) > rank(c.from))) {
    const key = `tier_upgrade|${c.member}|${monthOf(c.time)}`;
    const e = evs.get(key);
    if (!e || c.time < e.first)
      evs.set(key, { kind: 'tier_upgrade', subject: c.to, member: c.member, ms: monthOf(c.time), first: c.time, t: addDays(c.time.slice(0, 10), 1), cost: 0, fromTier: c.from });
  }
  const firstT = [...evs.values()].map((e) => e.t).sort()[0];
  const lastOrder = orders
    .map((o) => o.time)
    .sort()
    .at(-1)!;
  const dataEnd = firstT !== undefined && lastOrder >= firstT ? addDays(lastOrder.slice(0, 10), 1) : null;
  const memIds = new Map(mem.map((m) => [m.id, m]));
  const te = [...evs.values()]
    .filter((e) => memIds.has(e.member) && months.includes(e.ms) && dataEnd !== null && addDays(e.t, W) <= dataEnd)
    .filter((e) => {
      const m = memIds.get(e.member)!;
      return m.join === null || m.join < e.ms;
    });

  const group = <T extends { member: string | null }>(xs: T[]) => {
    const out = new Map<string, T[]>();
    for (const x of xs) if (x.member !== null) out.set(x.member, [...(out.get(x.member) ?? []), x]);
    return (id: string) => out.get(id) ?? [];
  };
  const changesOf = group(changes);
  const benefitsOf = group(benefits);
  const purchasesOf = group(orders.filter((o) => o.member !== null && o.amount > 0 && !o.refund));

  // covariates at a month start
  const tierAt = (m: Member, ms: string) => {
    const own = [...changesOf(m.id)].sort((a, b) => cmp(a.time, b.time));
    const before = own.filter((c) => c.time < ms).at(-1);
    const after = own.find((c) => c.time >= ms);
    return before?.to ?? after?.from ?? m.tier ?? '(none)';
  };
  const spendBand = (id: string, ms: string) =>
    band(
      purchasesOf(id)
        .filter((o) => o.time.slice(0, 10) >= addDays(ms, -W) && o.time.slice(0, 10) < ms)
        .reduce((s, o) => s + o.amount, 0),
    );
  const store = (m: Member) => m.store ?? '';
  const memo = new Map<string, string>();
  const covOf = (ms: string, m: Member) => {
    const key = `${ms}|${m.id}`;
    if (!memo.has(key)) memo.set(key, [store(m), rfmAt.get(ms)!.get(m.id) ?? '(none)', spendBand(m.id, ms)].join('|'));
    return memo.get(key)!;
  };
  const cellOf = (ms: string, kind: string, subject: string, m: Member, tier: string) => [ms, kind, subject, tier, covOf(ms, m)].join('|');

  // who cannot be a match for (ms, kind, subject)
  const touched = (ms: string, kind: string, subject: string, m: Member) => {
    const a = addDays(ms, -2 * W);
    const b = addDays(addMonths(ms, 1), W);
    if (kind === 'tier_upgrade') return changesOf(m.id).some((c) => c.time >= a && c.time < b);
    if (benefitsOf(m.id).some((x) => x.type === subject && x.time >= a && x.time < b)) return true;
    if (subject !== BIRTHDAY_BENEFIT || m.birthday === null) return false;
    const bm = Number(m.birthday.slice(5, 7));
    for (let x = `${a.slice(0, 7)}-01`; x <= addDays(b, -1); x = addMonths(x, 1)) if (Number(x.slice(5, 7)) === bm) return true;
    return false;
  };

  const cells = new Map<string, Ev[]>();
  for (const e of te) {
    const m = byId.get(e.member)!;
    const key = cellOf(e.ms, e.kind, e.subject, m, e.fromTier ?? tierAt(m, e.ms));
    cells.set(key, [...(cells.get(key) ?? []), e]);
  }
  const pairs: { e: Ev; match: string | null }[] = [];
  for (const [key, treated] of cells) {
    const [ms, kind, subject] = key.split('|');
    const stores = new Set(te.filter((e) => e.ms === ms).map((e) => store(byId.get(e.member)!)));
    const candidates = mem
      .filter((m) => stores.has(store(m)) && (m.join === null || m.join < ms))
      .filter((m) => cellOf(ms, kind, subject, m, tierAt(m, ms)) === key && !touched(ms, kind, subject, m))
      .map((m) => m.id)
      .sort((a, b) => cmp(md5(subject + a), md5(subject + b)) || cmp(a, b));
    treated.sort((a, b) => cmp(md5(a.member), md5(b.member)) || cmp(a.member, b.member)).forEach((e, k) => pairs.push({ e, match: candidates[k] ?? null }));
  }

  const windows = (id: string, t: string) => {
    const own = purchasesOf(id).map((o) => ({ d: o.time.slice(0, 10), amount: o.amount }));
    const sum = (lo: string, hi: string) => own.filter((o) => o.d >= lo && o.d < hi);
    const [prior, pre, post] = [sum(addDays(t, -2 * W), addDays(t, -W)), sum(addDays(t, -W), t), sum(t, addDays(t, W))];
    const total = (xs: { amount: number }[]) => Math.round(xs.reduce((s, o) => s + o.amount, 0) * 100) / 100;
    return [total(prior), total(pre), total(post), prior.length, pre.length, post.length];
  };
  const rows: unknown[][] = [];
  for (const { e, match } of pairs) {
    const head = [e.kind, e.subject, e.ms.slice(0, 7)];
    rows.push([...head, match === null ? 'unmatched' : 'treatment', e.member, e.member, e.cost, ...windows(e.member, e.t)]);
    if (match !== null) rows.push([...head, 'matched', match, e.member, 0, ...windows(match, e.t)]);
  }
  return rows.sort((a, b) => cmp(a.slice(0, 6).join('|'), b.slice(0, 6).join('|')));
}

/** The metric's own columns, in order: the JS reference writes its rows in the same order. */
const COLS = didMemberOutcomes.columns ?? [];

let h: Harness;
const data = generate();
beforeAll(async () => {
  h = await openHarness();
  const { members, orders, benefits, changes } = data;
  await h.engine.loadCsvTable(
    'members',
    csv(
      'member_id,join_date,tier,birthday,gender,birth_year,phone,home_store',
      members.map((m) => [m.id, m.join, m.tier, m.birthday, null, null, null, m.store]),
    ),
  );
  await h.engine.loadCsvTable(
    'orders',
    csv(
      'order_id,order_time,member_id,store,channel,amount,item_count,discount,points_used,is_refund',
      orders.map((o) => [o.id, o.time, o.member, '旗舰店', 'offline', o.amount, 1, 0, 0, o.refund]),
    ),
  );
  await h.engine.loadCsvTable(
    'benefits',
    csv(
      'member_id,benefit_type,issued_time,used_time,expiry_time,face_value,cost',
      benefits.map((b) => [b.member, b.type, b.time, null, null, null, b.cost]),
    ),
  );
  await h.engine.loadCsvTable(
    'tier_changes',
    csv(
      'member_id,change_time,from_tier,to_tier',
      changes.map((c) => [c.member, c.time, c.from, c.to]),
    ),
  );
}, 60_000);
afterAll(() => h?.close());

async function check(p: MetricParams) {
  const rfmAt = new Map<string, Map<string, string>>();
  for (const ms of cohortMonths(p.from, p.to)) {
    const rows = await h.table('rfm_members', { from: addMonths(ms, -1), to: ms });
    rfmAt.set(ms, new Map(rows.map((r) => [String(r.member_id), String(r.group)])));
  }
  const expected = reference(data, p, rfmAt);
  const got = (await h.table('did_member_outcomes', p)).map((r) =>
    COLS.map((c) => (typeof r[c] === 'number' && c.endsWith('_sales') ? Math.round((r[c] as number) * 100) / 100 : r[c])),
  );
  expect(got).toEqual(expected);
  return expected;
}

describe('did_member_outcomes with dense events = the matching worked out in JS', () => {
  it('a quarter: every month holds treated members of every benefit type and upgrades, most cells several', async () => {
    const rows = await check({ from: '2024-07-01', to: '2024-10-01' });
    // the dataset exercises what it should: both kinds, all three arms, cells with several treated members
    const arms = new Set(rows.map((r) => `${r[0]}:${r[3]}`));
    expect([...arms].sort()).toEqual(['benefit:matched', 'benefit:treatment', 'benefit:unmatched', 'tier_upgrade:matched', 'tier_upgrade:treatment', 'tier_upgrade:unmatched']);
    expect(rows.filter((r) => r[3] === 'matched').length).toBeGreaterThan(40);
  }, 120_000);

  it('the year, its last months cut by the data end; and a store and tier filter', async () => {
    await check({ from: '2024-01-01', to: '2025-01-01' });
    await check({ from: '2024-05-01', to: '2024-08-15', stores: ['万达店'], tiers: ['普通', '银卡'] });
  }, 240_000);
});

// Under the tab's conditions (a memory limit, one thread, nowhere to spill): 100k members, 1M orders, and every month 3 % of
// the members get one of three benefits and 1 % an upgrade. A quarter's did_member_outcomes completes under 225MB here
// (it needs 150–180MB); the SQL before this one, which ranked every candidate of a cell, ran out of memory at 250MB (it
// needed 250–320MB; at 10M orders 6.9 GB against 2.5 GB now).
describe('did_member_outcomes with dense events under a 225MB memory limit, one thread, no spilling', () => {
  const MEMBERS = 100_000;
  const ORDERS = 1_000_000;
  // Generated into a database file without a limit, then opened again under it: the metric's memory, not the tables'
  // (an in-memory database would count its tables against the limit too; the tab's are in a file, OPFS).
  const dir = mkdtempSync(join(tmpdir(), 'matched-dense-'));
  const file = join(dir, 'dense.duckdb');
  let driver: NativeDriver;
  beforeAll(async () => {
    const loader = await openNativeDriver(file);
    const engine = await createEngine(loader);
    await generateMembersAndOrders(loader, MEMBERS, ORDERS);
    await loader.exec(`
      INSERT INTO ${scratch('benefits')} (member_id, benefit_type, issued_time, cost)
        SELECT member_id, (['优惠券', '生日礼', '积分翻倍'])[1 + (i + m) % 3], TIMESTAMP '2025-01-02 10:00:00' + INTERVAL (m) MONTH + INTERVAL ((i + m) % 26) DAY, 5
        FROM (SELECT member_id, row_number() OVER (ORDER BY member_id) - 1 AS i FROM ${scratch('members')}), range(12) r(m) WHERE (i * 7 + m * 13) % 100 < 3;
      INSERT INTO ${scratch('tier_changes')} (member_id, change_time, from_tier, to_tier)
        SELECT member_id, TIMESTAMP '2025-01-03 15:00:00' + INTERVAL (m) MONTH + INTERVAL ((i + m) % 26) DAY, tier,
          CASE tier WHEN '普通' THEN '银卡' WHEN '银卡' THEN '金卡' ELSE '钻石' END
        FROM (SELECT member_id, tier, row_number() OVER (ORDER BY member_id) - 1 AS i FROM ${scratch('members')}), range(12) r(m)
        WHERE (i * 11 + m * 17) % 100 = 5 AND tier <> '钻石';`);
    await loadScratchTables(engine, 'matched-dense');
    loader.close();
    driver = await openNativeDriver(file, { memoryLimit: '225MB', threads: 1, tempDirectory: '' });
  }, 180_000);
  afterAll(() => {
    driver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a quarter: every treated member once, most of them matched', async () => {
    const rows = ipcToRows(await driver.query(METRICS.find((m) => m.id === 'did_member_outcomes')!.sql({ from: '2025-10-01', to: '2026-01-01' })));
    // The treated members counted plainly: per member, subject and month, the first day; its post window ends by the data end (2026-01-01).
    const [{ n }] = ipcToRows(
      await driver.query({
        text: `SELECT count(*)::DOUBLE AS n FROM (
          SELECT member_id, benefit_type, date_trunc('month', issued_time) FROM benefits WHERE issued_time >= '2025-10-01' GROUP BY ALL HAVING min(issued_time)::DATE + 30 <= DATE '2026-01-01'
          UNION ALL SELECT member_id, NULL, date_trunc('month', change_time) FROM tier_changes WHERE change_time >= '2025-10-01' GROUP BY ALL HAVING min(change_time)::DATE + 31 <= DATE '2026-01-01')`,
        params: [],
      }),
    );
    const treated = rows.filter((r) => r.arm !== 'matched');
    expect(treated.length).toBe(n);
    expect(new Set(treated.map((r) => `${r.subject}|${r.month}|${r.member_id}`)).size).toBe(n);
    expect(rows.filter((r) => r.arm === 'matched').length).toBe(rows.filter((r) => r.arm === 'treatment').length);
    expect(rows.filter((r) => r.arm === 'matched').length).toBeGreaterThan((n as number) / 2);
  }, 180_000);
});
