/** `fit` command body: calibration summary SQL → BG/NBD + Gamma-Gamma fit (+ holdout check) as JSON. */
import { calibrationSummarySql, holdoutLength, type CalibrationOptions } from '../../src/lib/models/calibration.ts';
import type { Engine } from '../../workers/engine.ts';
import { fitModels } from '../../workers/models/fit.ts';
import { holdoutCheck } from '../../workers/models/holdout.ts';
import type { CalibrationSummary } from '../../workers/models/types.ts';

/** calibrationEnd (inclusive), unit, optional holdoutEnd (adds a holdout check) and includeZeroAmount. */
export type FitArgs = CalibrationOptions;

/** Runs the calibration SQL on the loaded `orders`, fits the models and returns a JSON-able report. */
export async function runFit(engine: Engine, args: FitArgs): Promise<object> {
  const rows = (await engine.rows(calibrationSummarySql(args))) as unknown as CalibrationSummary[];
  if (rows.length === 0) return { ...args, error: `No member purchases on or before ${args.calibrationEnd}.` };
  const fit = fitModels(rows);
  const report: Record<string, unknown> = { ...args, ...fit };
  if (args.holdoutEnd) {
    const horizon = holdoutLength(args.calibrationEnd, args.holdoutEnd, args.unit);
    report.holdout = { horizon, ...holdoutCheck(fit.bgnbd, fit.bgnbd.converged, rows, { horizon }) };
  }
  return report;
}
