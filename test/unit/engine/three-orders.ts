// Three January orders worked by hand, shared by the engine's scheduling tests: sales 100 + 50 + 30 = 180 (3 orders);
// store A 150, channel online 150.
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { TABLE_NAMES, type TableName } from '../../../src/lib/schema.ts';
import { CanonicalCsvWriter } from '../../../workers/canonical-csv.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { TEST_DUCKDB } from '../../test-duckdb.ts';
import { holdStatements, type HeldStatements } from './held-statements.ts';

export const JAN: MetricParams = { from: '2026-01-01', to: '2026-02-01', stores: [], channels: [], tiers: [], membership: 'all' };

const ORDERS: [string, string, string, string, string, number][] = [
  ['o1', '2026-01-05', 'm1', 'A', 'online', 100],
  ['o2', '2026-01-06', 'm1', 'A', 'online', 50],
  ['o3', '2026-01-07', 'm2', 'B', 'offline', 30],
];

/** The three orders as the canonical orders CSV. */
export function threeOrdersCsv(): string {
  const w = new CanonicalCsvWriter('orders');
  for (const [id, day, member, store, channel, amount] of ORDERS) w.push([id, `${day} 10:00:00`, member, store, channel, amount, 1, null, null, false]);
  return w.toString();
}

/** A native engine holding the three orders (every other table empty, as a real load), its statements held on demand. */
export async function openThreeOrdersEngine(): Promise<{ driver: NativeDriver; engine: Engine; held: HeldStatements; swap: number }> {
  const driver = await openNativeDriver(':memory:', TEST_DUCKDB);
  const held = holdStatements(driver);
  const engine = await createEngine(driver, { prefetchQuietMs: 0 });
  const tables = Object.fromEntries(TABLE_NAMES.map((t) => [t, t === 'orders' ? threeOrdersCsv() : new CanonicalCsvWriter(t).toString()])) as Record<TableName, string>;
  const { swap } = await engine.loadTables(tables, 'test');
  return { driver, engine, held, swap };
}
