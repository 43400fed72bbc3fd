// Session 11: a view resting on every channel asks its questions ahead for each channel
// (engine.prefetchChannels); a channel click is then answered from the result cache with no SQL. On a
// hand-worked fixture the prefetched answers are the hand-computed numbers and each channel's own SQL
// run straight through the driver; requests that already filter a channel, and a dataset with one
// channel, run nothing; a call queued behind the prefetch makes it yield (one arriving while its statement
// runs interrupts it: background-interrupt.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { getMetric, KPI_STRIP } from '../../../src/lib/metrics/index.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { COMPASS_KPIS } from '../../../src/lib/metrics/store-compass.ts';
import { CanonicalCsvWriter } from '../../../workers/canonical-csv.ts';
import { MAX_PREFETCH_CHANNELS } from '../../../workers/compass-rollup.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { TEST_DUCKDB } from '../../test-duckdb.ts';

const JAN: MetricParams = { from: '2026-01-01', to: '2026-02-01', stores: [], channels: [], tiers: [], membership: 'all' };

// [order, day, member, store, channel, amount, refund]
const ORDERS: [string, string, string, string, string, number, boolean][] = [
  ['o1', '2026-01-05', 'm1', 'A', 'online', 100, false],
  ['o2', '2026-01-06', 'm1', 'A', 'online', 50, false],
  ['o3', '2026-01-07', 'm2', 'A', 'offline', 30, false],
  ['o4', '2026-01-20', 'm2', 'B', 'offline', 20, false],
  ['o5', '2026-01-21', 'm3', 'B', 'online', 40, false],
  ['o6', '2026-01-22', 'm1', 'B', 'offline', -10, true],
  ['o7', '2025-12-10', 'm1', 'A', 'online', 70, false],
];
const csv = (rows: typeof ORDERS) => {
  const w = new CanonicalCsvWriter('orders');
  for (const [id, day, member, store, channel, amount, refund] of rows) w.push([id, `${day} 10:00:00`, member, store, channel, amount, 1, null, null, refund]);
  return w.toString();
};

// Worked by hand from ORDERS, January only. online: o1, o2, o5 → sales 190, 3 orders, buyers m1 m3,
// m1 bought on two days → repurchase 1/2, AOV 190/3. offline: o3, o4 and the refund o6 → sales 40,
// 2 orders (the refund is not one), buyer m2 (two days) → repurchase 1, AOV 20.
const BY_HAND: Record<string, Record<string, number>> = {
  online: { sales: 190, orders: 3, buyers: 2, repurchase_rate: 0.5, aov: 190 / 3 },
  offline: { sales: 40, orders: 2, buyers: 1, repurchase_rate: 1, aov: 20 },
};

let driver: NativeDriver;
let engine: Engine;
let queries = 0;

beforeAll(async () => {
  driver = await openNativeDriver(':memory:', TEST_DUCKDB);
  const query = driver.query.bind(driver);
  driver.query = (stmt) => {
    queries++;
    return query(stmt);
  };
  engine = await createEngine(driver);
  await engine.loadCsvTable('orders', csv(ORDERS));
}, 120_000);
afterAll(() => driver?.close());

const scalars = (results: Record<string, Uint8Array>) => Object.fromEntries(Object.entries(results).map(([id, ipc]) => [id, ipcToRows(ipc)[0].value as number]));

describe('engine.prefetchChannels', () => {
  it('answers the strip of each channel ahead: the hand-worked numbers, with no SQL at the click', async () => {
    expect(await engine.prefetchChannels([{ ids: KPI_STRIP, params: JAN }])).toBe('done');
    for (const channel of ['online', 'offline']) {
      const q0 = queries;
      const got = scalars(await engine.runMetrics(KPI_STRIP, { ...JAN, channels: [channel] }));
      expect(queries - q0, `${channel}: SQL run at the click`).toBe(0);
      for (const id of KPI_STRIP) expect(got[id], `${channel} ${id}`).toBeCloseTo(BY_HAND[channel][id], 10);
    }
    // Asked again: everything is held, nothing runs (the channel list is read once per dataset).
    const q0 = queries;
    expect(await engine.prefetchChannels([{ ids: KPI_STRIP, params: JAN }])).toBe('done');
    expect(queries - q0).toBe(0);
  });

  it('the compass panel’s questions (store compass, its KPI tiles) per channel equal each channel’s own SQL', async () => {
    const ids = ['store_compass', ...COMPASS_KPIS.map((k) => k.id)];
    const own: Record<string, unknown> = {};
    for (const channel of ['online', 'offline'])
      for (const id of ids) own[`${channel} ${id}`] = ipcToRows(await driver.query(getMetric(id as never).sql({ ...JAN, stores: [], channels: [channel] })));
    // A store of the page's view is kept: only the channel is added.
    expect(await engine.prefetchChannels([{ ids, params: JAN }])).toBe('done');
    for (const channel of ['online', 'offline']) {
      const q0 = queries;
      const got = await engine.runMetrics(ids, { ...JAN, channels: [channel] });
      expect(queries - q0, channel).toBe(0);
      for (const id of ids) expect(ipcToRows(got[id]), `${channel} ${id}`).toEqual(own[`${channel} ${id}`]);
    }
    // The store compass of the online channel, worked by hand: store A (o1, o2: one member on two days) and B (o5).
    const compass = ipcToRows((await engine.runMetrics(['store_compass'], { ...JAN, channels: ['online'] })).store_compass);
    expect(compass.map((r) => [r.store, r.repurchase_rate, r.aov])).toEqual([
      ['A', 1, 75],
      ['B', 0, 40],
    ]);
  });

  it('keeps the view’s store filter and skips requests that already pick a channel', async () => {
    const inB = { ...JAN, stores: ['B'] };
    expect(await engine.prefetchChannels([{ ids: ['sales'], params: inB }])).toBe('done');
    let q0 = queries;
    // B online: o5 (40); B offline: o4 and the refund (20 − 10).
    expect(scalars(await engine.runMetrics(['sales'], { ...inB, channels: ['online'] })).sales).toBe(40);
    expect(scalars(await engine.runMetrics(['sales'], { ...inB, channels: ['offline'] })).sales).toBe(10);
    expect(queries - q0).toBe(0);
    q0 = queries;
    expect(await engine.prefetchChannels([{ ids: ['buyers', 'orders'], params: { ...JAN, from: '2025-12-01', channels: ['online'] } }])).toBe('done');
    expect(queries - q0).toBe(0);
  });

  it('yields to a call queued behind it, which is answered', async () => {
    const p = { ...JAN, from: '2025-12-01' };
    const prefetch = engine.prefetchChannels([{ ids: KPI_STRIP, params: p }]);
    const click = engine.runMetrics(['sales'], { ...p, channels: ['online'] });
    expect(await prefetch).toBe('yielded');
    expect(scalars(await click).sales).toBe(260); // o7 (December) + January's 190
  });

  it('asks nothing while another call is in flight between its sections (a prediction waiting for its fits)', async () => {
    // A second engine whose fitter holds the fit until released: the prediction waits outside any section.
    const d2 = await openNativeDriver(':memory:', TEST_DUCKDB);
    let release = () => {};
    let fitting!: () => void;
    const fitStarted = new Promise<void>((r) => (fitting = r));
    let fitStarted2: Promise<void>;
    const hold = () =>
      new Promise<never>((_, reject) => {
        fitting();
        release = () => reject(new Error('released'));
      });
    const e2 = await createEngine(d2, { fitter: { fit: hold, holdout: hold, score: hold } });
    try {
      await e2.loadCsvTable('orders', csv(ORDERS));
      const prediction = e2.predict({ months: 12, monthlyDiscount: 0.01, includeZeroAmount: false }).catch((e: unknown) => e);
      await fitStarted;
      expect(await e2.prefetchChannels([{ ids: ['sales'], params: JAN }])).toBe('yielded');
      release();
      await prediction;
      expect(await e2.prefetchChannels([{ ids: ['sales'], params: JAN }])).toBe('done');
      // The idle-time fit (engine.prefetchPrediction) is background work too: the channel prefetch runs beside it.
      fitStarted2 = new Promise<void>((r) => (fitting = r));
      const background = e2.prefetchPrediction({ months: 6, monthlyDiscount: 0.01, includeZeroAmount: false }).catch((e: unknown) => e);
      await fitStarted2;
      expect(await e2.prefetchChannels([{ ids: ['orders'], params: JAN }])).toBe('done');
      release();
      await background;
    } finally {
      await d2.close();
    }
  });

  it('does nothing on a dataset with one channel', async () => {
    expect(MAX_PREFETCH_CHANNELS).toBeGreaterThanOrEqual(2);
    await engine.loadCsvTable('orders', csv(ORDERS.map((o) => [o[0], o[1], o[2], o[3], 'offline', o[5], o[6]])));
    const q0 = queries;
    expect(await engine.prefetchChannels([{ ids: KPI_STRIP, params: JAN }])).toBe('done');
    expect(queries - q0).toBe(1); // the channel list, nothing else
  });
});
