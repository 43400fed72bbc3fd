// Session 16 (rfmwin): the one-end RFM snapshot (rfmMembersSql — the CLI report's shared snapshot, the segments view's
// and rfm_members / rfm_groups) scores its buyers without a hash join on their rows: counts, means and strictly-worse
// counts in one row read by a CROSS JOIN (worse counts as lists indexed by value + 1), and monetary's rank the one
// window over `base`. Checked on seeded random order sets of three shapes against (a) an independent implementation
// in JS and (b) the form it replaced, which the few-ends form (rfm_migration's two days) still uses: each end's rows
// there are the old joins-first scoring of that end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, type MetricParams } from '../../../src/lib/metrics/params.ts';
import { rfmMembersSql, rfmSnapshotsSql } from '../../../src/lib/metrics/rfm.ts';
import { sql } from '../../../src/lib/sql.ts';
import { ipcToRows } from '../../../workers/engine.ts';
import { openHarness, type Harness } from './harness.ts';
import { rfmReference, seededOrders, type Order } from './rfm-reference.ts';

const SHAPES: [string, Order[]][] = [
  ['many buyers, one or two orders each', seededOrders(11, 900, 700, (r) => 100 + Math.round(r() * 99_999))],
  ['few buyers, many orders each (several a day)', seededOrders(23, 1500, 12, (r) => [990, 1990, 4990][Math.floor(r() * 3)])],
  ['ties everywhere (three amounts, 60 members)', seededOrders(37, 700, 60, (r) => [1000, 2000, 5000][Math.floor(r() * 3)])],
];

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
    expect(one.map((x) => ({ ...x }))).toEqual(rfmReference(all, p, end));
    // The few-ends form (two ends) still scores with the joins first: its rows for `end` are the replaced statement's.
    const other = addDays(end, -30);
    const old = await q(sql`SELECT * EXCLUDE (snapshot) FROM (${rfmSnapshotsSql(p, [other, end])}) WHERE snapshot = ${end}::DATE ORDER BY member_id`);
    expect(one).toEqual(old);
  });

  it('an end with no buyers gives no rows (the one-row aggregates over nothing)', async () => {
    expect(await q(sql`SELECT * FROM (${rfmMembersSql(P, '2023-06-01')})`)).toEqual([]);
  });
});
