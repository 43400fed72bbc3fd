// The matched-members metrics at scale (issue 14: "10M orders compute in one tab"): did_member_outcomes and
// community_member_outcomes under a DuckDB memory limit with one thread and nowhere to spill (the tab's wasm
// condition). The old SQL built the matching covariates (tier, RFM, spend band) for every member × every cohort
// month and held every purchase; here a year of 600k orders whose benefits and upgrades all fall in one month
// needs its covariates for that month only, and a period without any event or group member reads nothing.
// The treated counts are checked against the events themselves, counted by a plain query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, ipcToRows, type Engine } from '../../../workers/engine.ts';
import { METRICS } from '../../../src/lib/metrics/index.ts';
import { generateMembersAndOrders, loadScratchTables, scratch } from './synthetic-scale-data.ts';

const MEMBERS = 60_000;
const ORDERS = 600_000;
/** The new SQL completes under it; the old one ran out of memory in did_member_outcomes ("could not allocate block", at 400MB too). */
const MEMORY_LIMIT = '250MB';

let driver: NativeDriver;
let engine: Engine;
const q = async (text: string) => ipcToRows(await driver.query({ text, params: [] }));

beforeAll(async () => {
  // No temp directory: past the limit a query fails instead of spilling, as in the tab.
  driver = await openNativeDriver(':memory:', { memoryLimit: MEMORY_LIMIT, threads: 1, tempDirectory: '' });
  engine = await createEngine(driver);
  await generateMembersAndOrders(driver, MEMBERS, ORDERS);
  // In November 2025 2 % of members get a coupon, 1 % a birthday gift and 1 % an upgrade; 10 % join a group in spring 2025.
  await driver.exec(`
    INSERT INTO ${scratch('benefits')} (member_id, benefit_type, issued_time, cost)
      SELECT member_id, CASE WHEN i % 100 < 2 THEN '优惠券' ELSE '生日礼' END, TIMESTAMP '2025-11-03 10:00:00' + INTERVAL (i % 20) DAY, 5
      FROM (SELECT member_id, row_number() OVER (ORDER BY member_id) - 1 AS i FROM ${scratch('members')}) WHERE i % 100 < 3;
    INSERT INTO ${scratch('tier_changes')} (member_id, change_time, from_tier, to_tier)
      SELECT member_id, TIMESTAMP '2025-11-05 15:00:00' + INTERVAL (i % 20) DAY, tier, CASE tier WHEN '普通' THEN '银卡' WHEN '银卡' THEN '金卡' ELSE '钻石' END
      FROM (SELECT member_id, tier, row_number() OVER (ORDER BY member_id) - 1 AS i FROM ${scratch('members')}) WHERE i % 100 = 7 AND tier <> '钻石';
    INSERT INTO ${scratch('communities')} (member_id, group_name, joined_date)
      SELECT member_id, 'G' || i % 5, DATE '2025-03-01' + (i % 90)::INTEGER
      FROM (SELECT member_id, row_number() OVER (ORDER BY member_id) - 1 AS i FROM ${scratch('members')}) WHERE i % 10 = 3;`);
  await loadScratchTables(engine, 'matched-scale');
}, 120_000);
afterAll(() => driver?.close());

describe(`matched-members metrics under a ${MEMORY_LIMIT} memory limit, one thread, no spilling`, () => {
  it('did_member_outcomes over a year whose events all fall in one month: one month of covariates, every treated member', async () => {
    const rows = ipcToRows(await engine.runMetric('did_member_outcomes', { from: '2025-01-01', to: '2026-01-01' }));
    // Every benefit type and upgrade target once per member in November (members joined in 2024, post windows end by Dec 25).
    const [{ n }] = await q(`SELECT count(*)::DOUBLE AS n FROM (SELECT DISTINCT member_id, benefit_type FROM benefits
      UNION ALL SELECT DISTINCT member_id, to_tier FROM tier_changes)`);
    expect(rows.filter((r) => r.arm !== 'matched').length).toBe(n);
    expect(rows.filter((r) => r.arm === 'matched').length).toBe(rows.filter((r) => r.arm === 'treatment').length);
    expect(rows.filter((r) => r.arm === 'treatment').length).toBeGreaterThan(0);
  }, 60_000);

  it('community_member_outcomes with group members at the start: every one of them', async () => {
    const rows = ipcToRows(await engine.runMetric('community_member_outcomes', { from: '2025-07-01', to: '2026-01-01' }));
    const [{ n }] = await q(`SELECT count(*)::DOUBLE AS n FROM communities WHERE joined_date < DATE '2025-07-01'`);
    expect(rows.filter((r) => r.arm !== 'matched').length).toBe(n);
    expect(rows.filter((r) => r.arm === 'matched').length).toBeGreaterThan(0);
  }, 60_000);

  it('no event in the period, no group member at its start: no rows, and the purchases are not read', async () => {
    const p = { from: '2025-01-01', to: '2025-03-01' };
    expect(ipcToRows(await engine.runMetric('did_member_outcomes', p))).toEqual([]);
    expect(ipcToRows(await engine.runMetric('community_member_outcomes', p))).toEqual([]);
    // Every scan of the orders stops after its first vector (2,048 rows; 600k before): each is joined to the
    // bounds of the treated members' windows, and with none the join ends the scan.
    for (const id of ['did_member_outcomes', 'community_member_outcomes']) {
      const stmt = METRICS.find((m) => m.id === id)!.sql(p);
      const [plan] = await engine.rows({ text: `EXPLAIN (ANALYZE, FORMAT json) ${stmt.text}`, params: stmt.params });
      const scans: number[] = [];
      const walk = (node: Record<string, unknown>) => {
        if (String(node.operator_name).includes('SCAN') && JSON.stringify(node.extra_info ?? {}).includes('"order_facts"')) scans.push(Number(node.operator_cardinality));
        for (const c of (node.children as Record<string, unknown>[]) ?? []) walk(c);
      };
      walk(JSON.parse(String(plan.explain_value)));
      expect(scans.length, id).toBeGreaterThan(0);
      expect(
        scans.filter((rows) => rows > 2048),
        id,
      ).toEqual([]);
    }
  }, 60_000);
});

// The generator's own arithmetic (not the metric's): checked so the counts above mean what they say.
it('the generated dataset: 600k orders, events only in November 2025', async () => {
  const [r] = await q(`SELECT (SELECT count(*) FROM orders)::DOUBLE AS orders,
    (SELECT count(*) FROM benefits WHERE issued_time < TIMESTAMP '2025-11-01' OR issued_time >= TIMESTAMP '2025-12-01')::DOUBLE AS outside,
    (SELECT count(*) FROM tier_changes)::DOUBLE AS upgrades`);
  expect(r).toEqual({ orders: ORDERS, outside: 0, upgrades: expect.any(Number) });
});
