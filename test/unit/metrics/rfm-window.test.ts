// Session 16 (rfmwin): the one-end RFM snapshot (rfmMembersSql — the CLI report's shared snapshot, the segments view's
// and rfm_members / rfm_groups) scores its buyers without a hash join on their rows: counts, means and strictly-worse
// counts in one row read by a CROSS JOIN (worse counts as lists indexed by value + 1), and monetary's rank the one
// window over `base`. Checked on seeded random order sets of three shapes against (a) an independent implementation
// in JS and (b) the form it replaced, which the few-ends form (rfm_migration's two days) still uses: each end's rows
// there are the old joins-first scoring of that end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CN8_GROUPS, elevenGroup } from '../../../src/lib/metrics/rfm-schemes.ts';
import { addDays, type MetricParams } from '../../../src/lib/metrics/params.ts';
import { rfmMembersSql, rfmSnapshotsSql } from '../../../src/lib/metrics/rfm.ts';
import { sql } from '../../../src/lib/sql.ts';
import { ipcToRows } from '../../../workers/engine.ts';
import { openHarness, type Harness } from './harness.ts';

interface Order {
  id: string;
  day: string;
  member: string;
  store: string;
  cents: number;
  refund: boolean;
}

/** Seeded orders over 2024: `members` members, `n` orders, amounts from `amounts` (few values: many monetary ties). */
function orders(seed: number, n: number, members: number, amounts: (rand: () => number) => number): Order[] {
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: Order[] = [];
  for (let i = 0; i < n; i++) {
    const member = `m${String(Math.floor(rand() ** 1.3 * members)).padStart(4, '0')}`;
    const day = addDays('2024-01-01', Math.floor(rand() * 366));
    const kind = rand();
    const cents = kind < 0.04 ? 0 : kind < 0.08 ? -Math.round(rand() * 3000) : amounts(rand);
    out.push({ id: `o${i}`, day, member, store: rand() < 0.5 ? 'S1' : 'S2', cents, refund: kind >= 0.04 && kind < 0.06 });
    if (rand() < 0.15) out.push({ id: `o${i}b`, day, member, store: 'S1', cents: amounts(rand), refund: false });
  }
  return out;
}

const SHAPES: [string, Order[]][] = [
  ['many buyers, one or two orders each', orders(11, 900, 700, (r) => 100 + Math.round(r() * 99_999))],
  ['few buyers, many orders each (several a day)', orders(23, 1500, 12, (r) => [990, 1990, 4990][Math.floor(r() * 3)])],
  ['ties everywhere (three amounts, 60 members)', orders(37, 700, 60, (r) => [1000, 2000, 5000][Math.floor(r() * 3)])],
];

interface Rfm {
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

/** RFM at `end` (exclusive) in JS: look-back window, store filter, 1 + ⌊5 × strictly worse ÷ buyers⌋, eleven or cn8 groups. */
function reference(all: Order[], p: MetricParams, end: string): Rfm[] {
  const from = addDays(end, -(p.lookbackDays ?? 365));
  const byMember = new Map<string, Order[]>();
  for (const o of all) if (o.day >= from && o.day < end && (!p.stores?.length || p.stores.includes(o.store))) byMember.set(o.member, [...(byMember.get(o.member) ?? []), o]);
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

const P: MetricParams = { from: '2024-10-01', to: '2025-01-01' };
const VARIANTS: [string, MetricParams, string][] = [
  ['default (eleven, 365 days)', P, '2025-01-01'],
  ['cn8', { ...P, rfmScheme: 'cn8' }, '2025-01-01'],
  ['purchase orders, zero amounts count, cn8', { ...P, repurchaseBasis: 'orders', countZeroAmount: true, rfmScheme: 'cn8' }, '2024-09-15'],
  ['60-day look-back, one store', { ...P, lookbackDays: 60, stores: ['S2'] }, '2024-07-01'],
];

describe.each(SHAPES)('one-end RFM snapshot without joins on the buyers: %s', (_shape, all) => {
  let h: Harness;
  const csv = [
    'order_id,order_time,member_id,store,channel,amount,item_count,discount,points_used,is_refund',
    ...all.map((o) => `${o.id},${o.day} 12:00:00,${o.member},${o.store},offline,${(o.cents / 100).toFixed(2)},1,,,${o.refund}`),
  ].join('\n');
  beforeAll(async () => {
    h = await openHarness();
    expect(await h.engine.loadCsvTable('orders', csv)).toBe(all.length);
  });
  afterAll(() => h.close());
  const q = async (stmt: ReturnType<typeof sql>) => ipcToRows(await h.engine.query(stmt));

  it.each(VARIANTS)('equals the JS reference and the joins-first form: %s', async (_name, p, end) => {
    const one = await q(sql`SELECT * FROM (${rfmMembersSql(p, end)}) ORDER BY member_id`);
    expect(one.length).toBeGreaterThan(3);
    expect(one.map((x) => ({ ...x }))).toEqual(reference(all, p, end));
    // The few-ends form (two ends) still scores with the joins first: its rows for `end` are the replaced statement's.
    const other = addDays(end, -30);
    const old = await q(sql`SELECT * EXCLUDE (snapshot) FROM (${rfmSnapshotsSql(p, [other, end])}) WHERE snapshot = ${end}::DATE ORDER BY member_id`);
    expect(one).toEqual(old);
  });

  it('an end with no buyers gives no rows (the one-row aggregates over nothing)', async () => {
    expect(await q(sql`SELECT * FROM (${rfmMembersSql(P, '2023-06-01')})`)).toEqual([]);
  });
});
