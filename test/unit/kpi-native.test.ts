// The first view's KPIs on native DuckDB against the hand-worked answers in test/fixtures/kpi-tiny/README.md.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparisonPeriod, type MetricParams } from '../../src/lib/metrics/params.ts';
import { createEngine, ipcToRows, type Engine } from '../../workers/engine.ts';
import { openNativeDriver } from '../../workers/drivers/native.ts';

const JAN: MetricParams = { from: '2024-01-01', to: '2024-02-01' };
let engine: Engine;
let close: () => void;

const scalar = async (id: string, p: MetricParams) => ipcToRows(await engine.runMetric(id, p))[0].value;

beforeAll(async () => {
  const driver = await openNativeDriver();
  close = driver.close;
  engine = await createEngine(driver);
  const n = await engine.loadCsvTable('orders', readFileSync('test/fixtures/kpi-tiny/orders.csv', 'utf8'));
  expect(n).toBe(12);
});
afterAll(() => close());

describe('KPI strip on kpi-tiny (native DuckDB)', () => {
  it('engine reports the engine version it runs', async () => {
    expect(await engine.info()).toEqual({ engine: 'duckdb-native', duckdbVersion: '1.4.3' });
  });
  it('January 2024', async () => {
    expect(await scalar('sales', JAN)).toBe(100 + 50 + 30 + 200 - 40 + 80 + 20 + 60 + 90);
    expect(await scalar('orders', JAN)).toBe(8); // o5 is a refund, o10 is after the period
    expect(await scalar('buyers', JAN)).toBe(4); // m1..m4, not the walk-in
    expect(await scalar('repurchase_rate', JAN)).toBeCloseTo(1 / 4); // only m1 bought on 2 days
    expect(await scalar('repurchase_rate', { ...JAN, repurchaseBasis: 'orders' })).toBeCloseTo(2 / 4); // m1 (3), m3 (2)
    expect(await scalar('aov', JAN)).toBeCloseTo(590 / 8);
  });
  it('filters: store and membership', async () => {
    const community = { ...JAN, stores: ['社区店'] };
    expect(await scalar('sales', community)).toBe(200 - 40 + 80 + 20);
    expect(await scalar('orders', community)).toBe(3);
    expect(await scalar('aov', community)).toBeCloseTo(260 / 3);
    const walkIns = { ...JAN, membership: 'nonmember' as const };
    expect(await scalar('sales', walkIns)).toBe(60);
    expect(await scalar('buyers', walkIns)).toBe(0);
    expect(await scalar('repurchase_rate', walkIns)).toBeNull();
  });
  it('comparison period is December 2023', async () => {
    const dec = comparisonPeriod(JAN);
    expect(dec).toMatchObject({ from: '2023-12-01', to: '2024-01-01' });
    expect(await scalar('sales', dec)).toBe(40 + 55);
    expect(await scalar('buyers', dec)).toBe(2);
    expect(await scalar('repurchase_rate', dec)).toBe(0);
    expect(await scalar('aov', dec)).toBeCloseTo(95 / 2);
  });
  it('monthly trend', async () => {
    const rows = ipcToRows(await engine.runMetric('monthly_trend', { from: '2023-12-01', to: '2024-03-01' }));
    expect(rows).toEqual([
      { month: '2023-12', sales: 95, orders: 2, buyers: 2 },
      { month: '2024-01', sales: 590, orders: 8, buyers: 4 },
      { month: '2024-02', sales: 70, orders: 1, buyers: 1 },
    ]);
  });
  it('errors keep a code: unknown metric, bad period, broken SQL', async () => {
    await expect(engine.runMetric('nope', JAN)).rejects.toMatchObject({ code: 'unknown_metric' });
    await expect(engine.runMetric('sales', { from: '2024-02-01', to: '2024-01-01' })).rejects.toMatchObject({ code: 'bad_params' });
    await expect(engine.query({ text: 'SELECT no_such_column FROM orders', params: [] })).rejects.toMatchObject({ code: 'sql' });
  });
  it('a failed load leaves the previous table intact', async () => {
    await expect(engine.loadCsvTable('orders', 'order_id,order_time,amount\nx,not-a-time,1\n')).rejects.toMatchObject({ code: 'load_failed' });
    expect(await scalar('orders', JAN)).toBe(8);
  });
  it('a cancelled request fails with code cancelled and the engine stays usable', async () => {
    const slow = engine.runMetrics(['sales', 'orders', 'buyers'], JAN, { requestId: 'r1' });
    expect(await engine.cancel('r1')).toBe(true);
    await expect(slow).rejects.toMatchObject({ code: 'cancelled' });
    expect(await engine.cancel('r1')).toBe(false); // already over: nothing left to cancel
    expect(await scalar('buyers', JAN)).toBe(4);
  });
});
