// Session 14 (segpaint): the segments panel's RFM statements made cheaper — rfm_migration scores both days in one
// GROUP BY member (rfmSnapshotsSql's few-ends form) instead of a FULL JOIN of two single-day statements, and the R and
// F scores count the buyers with a strictly worse value per distinct value instead of ranking every buyer. Checked
// against an independent implementation in JS on a seeded order set with many ties, refunds, zero amounts and several
// orders a day, under the variants the panel and the member lists use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elevenGroup } from '../../../src/lib/metrics/rfm-schemes.ts';
import { addDays, type MetricParams } from '../../../src/lib/metrics/params.ts';
import { rfmSnapshotsSql } from '../../../src/lib/metrics/rfm.ts';
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

/** A deterministic order set: 40 members over 2024, amounts on whole yuan or cents, ties by construction. */
function orders(): Order[] {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: Order[] = [];
  for (let i = 0; i < 600; i++) {
    const member = `m${String(Math.floor(rand() ** 1.5 * 40)).padStart(2, '0')}`;
    const day = addDays('2024-01-01', Math.floor(rand() * 366));
    const kind = rand();
    const cents = kind < 0.05 ? 0 : kind < 0.1 ? -Math.round(rand() * 5000) : [1000, 2000, 5000][Math.floor(rand() * 3)] + (rand() < 0.5 ? 0 : Math.round(rand() * 9999));
    out.push({ id: `o${i}`, day, member, store: rand() < 0.5 ? 'S1' : 'S2', cents, refund: kind >= 0.05 && kind < 0.07 });
    // A second order the same day now and then (frequency counts days, not orders, by default).
    if (rand() < 0.1) out.push({ id: `o${i}b`, day, member, store: 'S1', cents: 3000, refund: false });
  }
  return out;
}

const ORDERS = orders();
const csv = [
  'order_id,order_time,member_id,store,channel,amount,item_count,discount,points_used,is_refund',
  ...ORDERS.map((o) => `${o.id},${o.day} 12:00:00,${o.member},${o.store},offline,${(o.cents / 100).toFixed(2)},1,,,${o.refund}`),
].join('\n');

interface Rfm {
  member_id: string;
  recency: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  group?: string;
}

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** RFM at snapshot `end` (exclusive) as the catalogue defines it, in JS: look-back window, filters, rank quintiles. */
function reference(p: MetricParams, end: string): Rfm[] {
  const lookback = p.lookbackDays ?? 365;
  const from = addDays(end, -lookback);
  const inScope = ORDERS.filter((o) => o.day >= from && o.day < end && (!p.stores?.length || p.stores.includes(o.store)));
  const isPurchase = (o: Order) => (p.countZeroAmount ? o.cents >= 0 : o.cents > 0) && !o.refund;
  const byMember = new Map<string, Order[]>();
  for (const o of inScope) byMember.set(o.member, [...(byMember.get(o.member) ?? []), o]);
  const rows: Rfm[] = [];
  for (const [member_id, os] of byMember) {
    const bought = os.filter(isPurchase);
    if (bought.length === 0) continue;
    const last = bought.map((o) => o.day).sort()[bought.length - 1];
    const cents = os.reduce((s, o) => s + o.cents, 0);
    rows.push({
      member_id,
      recency: dayNumber(end) - dayNumber(last),
      frequency: p.repurchaseBasis === 'orders' ? bought.length : new Set(bought.map((o) => o.day)).size,
      monetary: cents / 100,
      r: 0,
      f: 0,
      m: 0,
    });
  }
  // 1 + ⌊5 × (buyers with a strictly worse value) ÷ buyers⌋
  const score = (worse: (a: Rfm, b: Rfm) => boolean) => (x: Rfm) => 1 + Math.floor((5 * rows.filter((y) => worse(y, x)).length) / rows.length);
  const r = score((y, x) => y.recency > x.recency);
  const f = score((y, x) => y.frequency < x.frequency);
  const m = score((y, x) => y.monetary < x.monetary);
  for (const x of rows) Object.assign(x, { r: r(x), f: f(x), m: m(x) });
  for (const x of rows) x.group = elevenGroup(x.r, x.f, x.m);
  return rows.sort((a, b) => (a.member_id < b.member_id ? -1 : 1));
}

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  expect(await h.engine.loadCsvTable('orders', csv)).toBe(ORDERS.length);
});
afterAll(() => h.close());

const P: MetricParams = { from: '2024-10-01', to: '2025-01-01' };
const VARIANTS: [string, MetricParams][] = [
  ['default', P],
  ['purchase orders, zero amounts count', { ...P, repurchaseBasis: 'orders', countZeroAmount: true }],
  ['90-day look-back, one store', { ...P, lookbackDays: 90, stores: ['S2'] }],
  ['as of mid-period', { ...P, asOf: '2024-11-15' }],
];

describe('RFM scores: strictly-worse counts per distinct value (R, F) as rank() did', () => {
  it.each(VARIANTS)('rfm_members equals the JS reference: %s', async (_name, p) => {
    const end = p.asOf ? addDays(p.asOf, 1) : p.to;
    const rows = (await h.table('rfm_members', p)) as unknown as Rfm[];
    expect(rows.length).toBeGreaterThan(10);
    // Ties are what the per-value count must get right: many buyers share a recency or a frequency.
    expect(new Set(rows.map((x) => x.frequency)).size).toBeLessThan(rows.length / 2);
    expect(rows.map((x) => ({ ...x }))).toEqual(reference(p, end));
  });
});

describe('rfm_migration: both days scored in one pass', () => {
  const pairs = (p: MetricParams, a: string, b: string) => {
    const x = new Map(reference(p, a).map((r) => [r.member_id, r.group!]));
    const y = new Map(reference(p, b).map((r) => [r.member_id, r.group!]));
    const counts = new Map<string, number>();
    for (const id of new Set([...x.keys(), ...y.keys()])) {
      const k = `${x.get(id) ?? 'none'}|${y.get(id) ?? 'none'}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return [...counts]
      .map(([k, members]) => ({ from_group: k.split('|')[0], to_group: k.split('|')[1], members }))
      .sort((u, v) => (u.from_group === v.from_group ? (u.to_group < v.to_group ? -1 : 1) : u.from_group < v.from_group ? -1 : 1));
  };
  const CASES: [string, MetricParams, string, string][] = [
    ['default days (the day before from, to − 1)', P, P.from, P.to],
    ['purchase orders, one store', { ...P, repurchaseBasis: 'orders', stores: ['S1'] }, P.from, P.to],
    ['chosen days, from after to', { ...P, migrationFrom: '2024-12-01', migrationTo: '2024-06-30' }, '2024-12-02', '2024-07-01'],
    ['the same day twice', { ...P, migrationFrom: '2024-08-31', migrationTo: '2024-08-31' }, '2024-09-01', '2024-09-01'],
    ['90-day windows that do not overlap', { ...P, lookbackDays: 90, migrationFrom: '2024-03-31', migrationTo: '2024-12-31' }, '2024-04-01', '2025-01-01'],
  ];
  it.each(CASES)('equals the pairing of each day’s groups in JS: %s', async (_name, p, a, b) => {
    const rows = await h.table('rfm_migration', p);
    expect(rows.reduce((s, r) => s + Number(r.members), 0)).toBeGreaterThan(20);
    // The non-overlapping windows leave members scored on one day only ('none' on the other).
    if (p.lookbackDays === 90) expect(rows.some((r) => r.from_group === 'none') && rows.some((r) => r.to_group === 'none')).toBe(true);
    expect(rows).toEqual(pairs(p, a, b));
  });

  it('the few-ends form gives each end the rows the one-end form gives it alone', async () => {
    const ends = ['2024-04-01', '2024-09-15', '2025-01-01'];
    const q = async (stmt: ReturnType<typeof sql>) => ipcToRows(await h.engine.query(stmt));
    const together = await q(sql`SELECT * FROM (${rfmSnapshotsSql(P, ends)}) ORDER BY snapshot, member_id`);
    const alone: Record<string, unknown>[][] = [];
    for (const e of ends) alone.push(await q(sql`SELECT * FROM (${rfmSnapshotsSql(P, [e])}) ORDER BY snapshot, member_id`));
    expect(together.length).toBeGreaterThan(30);
    expect(together).toEqual(alone.flat());
    // And the join form (`only`, the matched-members metrics) the same for the end it scores.
    const only = await q(sql`SELECT * FROM (${rfmSnapshotsSql(P, ends, sql`SELECT ${ends[1]}::DATE AS snapshot`)}) ORDER BY snapshot, member_id`);
    expect(only).toEqual(alone[1]);
  });
});
