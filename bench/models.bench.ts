/**
 * Fit speed on 100,000 simulated members with day-resolution summaries (as the calibration SQL
 * gives): BG/NBD + Gamma-Gamma through fitModels, plus the holdout check. Prints JSON.
 * Run: npx tsx bench/models.bench.ts
 */
import { fitModels } from '../workers/models/fit.ts';
import { holdoutCheck } from '../workers/models/holdout.ts';
import { gammaDraw, mulberry32, simulateBgnbd } from '../test/unit/models/simulate.ts';

const MEMBERS = 100_000;
const u = mulberry32(1);
// A year of acquisitions observed to day 365; parameters in days (CDNOW's weekly α × 7).
const ages = Array.from({ length: MEMBERS }, () => 1 + Math.floor(364 * u()));
const sim = simulateBgnbd({ r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426 }, ages, 2, 90).map((m) => {
  const nu = gammaDraw(3.74, u) / 15.44;
  let spend = 0;
  for (let i = 0; i < m.x; i++) spend += gammaDraw(6.25, u) / nu;
  return { ...m, t_x: Math.floor(m.t_x), monetary: m.x > 0 ? spend / m.x : 0 };
});

const runs: number[] = [];
let fit = fitModels(sim);
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  fit = fitModels(sim);
  runs.push(performance.now() - t0);
}
const t1 = performance.now();
const check = holdoutCheck(fit.bgnbd, fit.bgnbd.converged, sim, { horizon: 90 });
const holdoutMs = performance.now() - t1;

console.log(
  JSON.stringify(
    {
      members: fit.members,
      repeatBuyers: fit.repeatBuyers,
      fitModelsMs: { min: Math.min(...runs), median: runs.sort((a, b) => a - b)[2], max: Math.max(...runs) },
      holdoutCheckMs: holdoutMs,
      bgnbd: fit.bgnbd,
      gammaGamma: fit.gammaGamma,
      holdoutRelativeError: check.ok ? check.relativeError : check.reason,
    },
    null,
    2,
  ),
);
