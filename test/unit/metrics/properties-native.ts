// Shared by the native property suite's two files (demo; fixtures), split so they run in parallel.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { METRICS } from '../../../src/lib/metrics/index.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import type { Engine } from '../../../workers/engine.ts';
import type { PropertyDataset, RunMetrics } from './properties-suite.ts';

export const nativeRunner =
  (engine: Engine): RunMetrics =>
  async (ids, p) =>
    Object.fromEntries(Object.entries(await engine.runMetrics(ids, p)).map(([id, ipc]) => [id, ipcToRows(ipc)]));

/** Span and stores of a fixture, read from its orders.csv (fixtures without orders: a 2024 span). */
export function fixtureDataset(dir: string): PropertyDataset {
  const file = join('test/fixtures', dir, 'orders.csv');
  if (!existsSync(file)) return { name: dir, first: '2024-01-01', last: '2024-12-31', stores: [] };
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = header.split(',');
  const rows = lines.map((l) => l.split(','));
  const days = rows.map((r) => r[cols.indexOf('order_time')].slice(0, 10)).sort();
  const stores = [...new Set(rows.map((r) => r[cols.indexOf('store')]).filter(Boolean))];
  return { name: dir, first: days[0], last: days[days.length - 1], stores };
}

export const FIXTURES = readdirSync('test/fixtures').filter((d) => d === 'kpi-tiny' || d.startsWith('metrics-'));
export const VARIANTS: Partial<MetricParams>[] = [
  {},
  { countZeroAmount: true, repurchaseBasis: 'orders', npsBy: 'channel', rfmScheme: 'cn8', lifecycle: { active: 30, atRisk: 30, dormant: 60 } },
];
export const IDS = METRICS.map((m) => m.id);
