/**
 * Which customer-base model drives the predictions: the one whose holdout prediction of total
 * repeat purchases misses the actual total by the least (near-ties: see chooseModel); without a
 * usable holdout, the highest log-likelihood (all three have four parameters, so this is also the
 * lowest AIC/BIC).
 */
import { holdoutCheck, type HoldoutCheck } from './holdout.ts';
import { expectedByHistory, MODEL_NAMES, type FittedModel, type ModelName } from './models.ts';
import { CHOICE_TIE_SHARE, ONE_TIME_BUYERS_CAN_LAPSE, type ModelChoiceRule } from '../../src/lib/models/model-names.ts';
import type { CalibrationSummary } from './types.ts';

export interface ModelComparisonRow {
  model: ModelName;
  converged: boolean;
  logLikelihood: number;
  /** The model's holdout check (null when none was run). */
  holdout: HoldoutCheck | null;
  /** |Σ predicted − Σ actual| holdout repeat purchases over all members; null without an ok holdout check. */
  totalError: number | null;
}

export interface ModelChoice {
  chosen: ModelName;
  rule: ModelChoiceRule;
  comparison: ModelComparisonRow[];
}

/** Runs the holdout check for each model on the same rows (their x_holdout) and horizon. */
export function compareOnHoldout(
  fits: Record<ModelName, FittedModel>,
  rows: readonly CalibrationSummary[],
  horizon: number,
  minRepeatBuyers?: number,
): Record<ModelName, HoldoutCheck> {
  const out = {} as Record<ModelName, HoldoutCheck>;
  for (const name of MODEL_NAMES) {
    const fit = fits[name];
    out[name] = holdoutCheck({ byHistory: (data, t) => expectedByHistory(fit, data, [t]) }, fit.converged, rows, { horizon, minRepeatBuyers });
  }
  return out;
}

/**
 * Applies the rule (src/lib/models/fit-rules.ts states it for the docs and the panel). `fits` gives
 * convergence and log-likelihood; `holdouts` (may come from fits on an earlier split, as in the app)
 * gives the holdout errors. Among converged models with a holdout check: the smallest total error,
 * except that models within CHOICE_TIE_SHARE of the actual holdout total of the best count as tied,
 * and a tie goes first to a model in which one-time buyers can lapse (BG/NBD keeps every member
 * with no repeat purchase alive for ever — the verdict common sense rejects), then to the smaller
 * mean error by calibration frequency, then to MODEL_NAMES order.
 */
export function chooseModel(fits: Record<ModelName, Pick<FittedModel, 'converged' | 'logLikelihood'>>, holdouts: Record<ModelName, HoldoutCheck> | null): ModelChoice {
  const comparison: ModelComparisonRow[] = MODEL_NAMES.map((model) => {
    const h = holdouts?.[model] ?? null;
    return {
      model,
      converged: fits[model].converged,
      logLikelihood: fits[model].logLikelihood,
      holdout: h,
      totalError: h?.ok ? Math.abs(h.total.predicted - h.total.actual) : null,
    };
  });
  const usable = comparison.filter((c) => c.converged);
  if (usable.length === 0) return { chosen: 'bgnbd', rule: 'none_converged', comparison };
  const checked = usable.filter((c): c is ModelComparisonRow & { totalError: number; holdout: Extract<HoldoutCheck, { ok: true }> } => c.totalError !== null);
  if (checked.length > 0) {
    const least = Math.min(...checked.map((c) => c.totalError));
    const margin = CHOICE_TIE_SHARE * checked[0].holdout.total.actual;
    const tied = checked.filter((c) => c.totalError - least <= margin);
    const lapsing = tied.filter((c) => ONE_TIME_BUYERS_CAN_LAPSE[c.model]);
    const pool = lapsing.length > 0 ? lapsing : tied;
    const best = pool.reduce((b, c) => (c.holdout.mae < b.holdout.mae ? c : b));
    return { chosen: best.model, rule: 'holdout_total_error', comparison };
  }
  const best = usable.reduce((b, c) => (c.logLikelihood > b.logLikelihood ? c : b));
  return { chosen: best.model, rule: 'log_likelihood', comparison };
}
