/**
 * `fit` command body: calibration summary SQL → BG/NBD, MBG/NBD, Pareto/NBD (+ Gamma-Gamma) fits
 * with standard errors, and with a holdout end the holdout comparison and the model choice, as JSON.
 */
import { calibrationSummarySql, holdoutLength, type CalibrationOptions } from '../../src/lib/models/calibration.ts';
import type { Engine } from '../../workers/engine.ts';
import { chooseModel, compareOnHoldout } from '../../workers/models/choice.ts';
import { fitModels } from '../../workers/models/fit.ts';
import type { CalibrationSummary } from '../../workers/models/types.ts';

/** calibrationEnd (inclusive), unit, optional holdoutEnd (adds the holdout comparison) and includeZeroAmount. */
export type FitArgs = CalibrationOptions;

/**
 * Runs the calibration SQL on the loaded `orders`, fits the models and returns a JSON-able report:
 * `models` (each with params, se, logLikelihood, converged), `bgnbd` (flat, as before), `gammaGamma`,
 * `holdout` (the chosen model's check) and `holdoutComparison` (every model's) when a holdout end is
 * given, and `choice` ({ chosen, rule }, see workers/models/choice.ts).
 */
export async function runFit(engine: Engine, args: FitArgs): Promise<object> {
  const rows = (await engine.rows(calibrationSummarySql(args))) as unknown as CalibrationSummary[];
  if (rows.length === 0) return { ...args, error: `No member purchases on or before ${args.calibrationEnd}.` };
  // No in-tab limit here: the command line has the time to fit Pareto/NBD on any number of histories.
  const fit = fitModels(rows, { maxParetoHistories: Number.POSITIVE_INFINITY });
  const report: Record<string, unknown> = { ...args, ...fit };
  let checks = null;
  if (args.holdoutEnd) {
    const horizon = holdoutLength(args.calibrationEnd, args.holdoutEnd, args.unit);
    checks = compareOnHoldout(fit.models, rows, horizon);
    report.holdoutComparison = Object.fromEntries(Object.entries(checks).map(([m, c]) => [m, { horizon, ...c }]));
  }
  const { chosen, rule, comparison } = chooseModel(fit.models, checks);
  if (checks) report.holdout = { horizon: holdoutLength(args.calibrationEnd, args.holdoutEnd!, args.unit), ...checks[chosen] };
  report.choice = { chosen, rule, totalError: Object.fromEntries(comparison.map((c) => [c.model, c.totalError])) };
  return report;
}
