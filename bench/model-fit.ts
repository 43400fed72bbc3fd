/**
 * The model benchmark for `npm run bench`: 100,000 simulated members (BG/NBD process with the
 * CDNOW parameters, in days) as a canonical orders table, loaded into the browser's engine; then
 * the worker's whole prediction (calibration SQL, BG/NBD + Gamma-Gamma fit, per-member P(alive)
 * and CLV, holdout check) is timed there, and the same code on native DuckDB for comparison.
 */
import { CanonicalCsvWriter } from '../workers/canonical-csv.ts';
import { addDays } from '../src/lib/metrics/params.ts';
import { openNativeDriver } from '../workers/drivers/native.ts';
import { createEngine } from '../workers/engine.ts';
import { gammaDraw, mulberry32, simulateBgnbd } from '../test/unit/models/simulate.ts';

export const MODEL_MEMBERS = 100_000;
const START = '2025-01-01';
export const CALIBRATION_END = '2025-12-31';

/** Canonical orders CSV of the simulated members: first purchase, then x repeat days ending at t_x. */
export function simulatedOrdersCsv(members = MODEL_MEMBERS): string {
  const u = mulberry32(7);
  const ages = Array.from({ length: members }, () => 1 + Math.floor(364 * u()));
  const sim = simulateBgnbd({ r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426 }, ages, 11);
  const w = new CanonicalCsvWriter('orders');
  let order = 0;
  sim.forEach((m, i) => {
    const first = 365 - m.T;
    const days = new Set<number>([first]);
    const last = first + Math.floor(m.t_x);
    if (m.x > 0) days.add(last);
    while (days.size < m.x + 1 && days.size < last - first + 1) days.add(first + 1 + Math.floor(u() * (last - first)));
    const nu = gammaDraw(3.74, u) / 15.44;
    for (const d of days) {
      const amount = Math.round((gammaDraw(6.25, u) / nu) * 100) / 100;
      w.push([`B${++order}`, `${addDays(START, d)} 12:00:00`, `M${i}`, '旗舰店', 'offline', Math.max(amount, 0.01), 1, null, null, false]);
    }
  });
  return w.toString();
}

/** The same prediction on native DuckDB in Node (same orders, same code): total and fit-only ms. */
export async function nativePredict(csv: string): Promise<{ predictMs: number; fitMs: number }> {
  const driver = await openNativeDriver();
  try {
    const engine = await createEngine(driver);
    await engine.loadCsvTable('orders', csv);
    const t = performance.now();
    const result = await engine.predict({ calibrationEnd: CALIBRATION_END, unit: 'day' });
    return { predictMs: performance.now() - t, fitMs: result.timings?.fitMs ?? Number.NaN };
  } finally {
    driver.close();
  }
}
