// Session 12: in the tab DuckDB-WASM runs each statement synchronously, so an engine loop that only
// awaits statements runs as one task and the worker takes no message meanwhile: a click posted while
// a prefetch ran waited for every statement the prefetch had left (at 1M: 4.9 s behind the channel
// prefetch straight after an import, 21 s behind the panel prefetch). Each prefetch loop (channels,
// store roll-ups, panels) now ends its task before each statement. Here a driver that answers from
// memory in microtasks only (as WASM does: no task boundary inside a statement) and a click that
// arrives as a task (a timer, like the worker's message event) show each prefetch giving way to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { CanonicalCsvWriter } from '../../../workers/canonical-csv.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { TEST_DUCKDB } from '../../test-duckdb.ts';

const JAN: MetricParams = { from: '2026-01-01', to: '2026-02-01', stores: [], channels: [], tiers: [], membership: 'all' };
const ORDERS: [string, string, string, string, string, number][] = [
  ['o1', '2026-01-05', 'm1', 'A', 'online', 100],
  ['o2', '2026-01-06', 'm1', 'A', 'online', 50],
  ['o3', '2026-01-07', 'm2', 'A', 'offline', 30],
  ['o4', '2026-01-20', 'm2', 'B', 'offline', 20],
  ['o5', '2026-01-21', 'm3', 'B', 'online', 40],
];
const CSV = (() => {
  const w = new CanonicalCsvWriter('orders');
  for (const [id, day, member, store, channel, amount] of ORDERS) w.push([id, `${day} 10:00:00`, member, store, channel, amount, 1, null, null, false]);
  return w.toString();
})();
const IDS = ['sales', 'orders', 'buyers', 'aov'] as const;

let driver: NativeDriver;
let engine: Engine;
/** Once set, a statement already answered is answered again from memory within microtasks (no task boundary), as in the tab. */
let replay = false;
let replayed = 0;
const memo = new Map<string, Uint8Array>();

beforeAll(async () => {
  driver = await openNativeDriver(':memory:', TEST_DUCKDB);
  const query = driver.query.bind(driver);
  driver.query = (stmt) => {
    const key = JSON.stringify(stmt);
    const held = memo.get(key);
    if (replay && held) {
      replayed++;
      return Promise.resolve(held);
    }
    return query(stmt).then((r) => (memo.set(key, r), r));
  };
  engine = await createEngine(driver, { prefetchQuietMs: 0 });
}, 120_000);
afterAll(() => driver?.close());

/** Runs `prefetch` once to learn its statements, swaps the same data in again (the result cache cleared), then runs it with a click posted as a task. */
async function withClick(prefetch: () => Promise<string>): Promise<{ outcome: string; replayed: number; total: number; click: number }> {
  replay = false;
  await engine.loadCsvTable('orders', CSV);
  await engine.runMetric('orders', JAN);
  expect(await prefetch()).toBe('done');
  replayed = 0;
  replay = true;
  await engine.loadCsvTable('orders', CSV);
  try {
    // Without a click the whole prefetch replays: its statement count.
    expect(await prefetch()).toBe('done');
    const total = replayed;
    await engine.loadCsvTable('orders', CSV);
    replayed = 0;
    let click!: Promise<Uint8Array>;
    const running = prefetch();
    setTimeout(() => (click = engine.runMetric('orders', JAN)), 0);
    const outcome = await running;
    const statements = replayed;
    return { outcome, replayed: statements, total, click: ipcToRows(await click)[0].value as number };
  } finally {
    replay = false;
  }
}

describe('a click posted while a prefetch runs its statements (as in the tab)', () => {
  it('the channel prefetch gives way before its next statement', async () => {
    const r = await withClick(() => engine.prefetchChannels([{ ids: IDS, params: JAN }]));
    expect(r.total).toBeGreaterThanOrEqual(2 * IDS.length); // two channels
    expect(r.outcome).toBe('yielded');
    expect(r.replayed).toBeLessThan(r.total);
    expect(r.click).toBe(5);
  });

  it('the store roll-up prefetch gives way before its next statement', async () => {
    const r = await withClick(() => engine.prefetchStoreRollups([{ ids: IDS, params: JAN }]));
    expect(r.total).toBeGreaterThanOrEqual(2);
    expect(r.outcome).toBe('yielded');
    expect(r.replayed).toBeLessThan(r.total);
    expect(r.click).toBe(5);
  });

  it('the panel prefetch gives way before its next statement', async () => {
    const r = await withClick(() => engine.prefetchPanels([{ ids: IDS, params: JAN }]));
    expect(r.total).toBeGreaterThanOrEqual(IDS.length);
    expect(r.outcome).toBe('yielded');
    expect(r.replayed).toBeLessThan(r.total);
    expect(r.click).toBe(5);
  });
});
