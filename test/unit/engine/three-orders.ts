// Three January orders worked by hand, shared by the engine's scheduling tests: sales 100 + 50 + 30 = 180 (3 orders);
// store A 150, channel online 150.
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { CanonicalCsvWriter } from '../../../workers/canonical-csv.ts';

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
