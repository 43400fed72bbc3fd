/**
 * Which customer-base model drives the predictions: the one whose holdout prediction of total
 * repeat purchases misses the actual total by the least; without a usable holdout, the highest
 * log-likelihood (all three have four parameters, so this is also the lowest AIC/BIC).
 */
import { holdoutCheck, type HoldoutCheck } from './holdout.ts';
import { expectedOf, MODEL_NAMES, type FittedModel, type ModelName } from './models.ts';
import type { ModelChoiceRule } from '../../src/lib/models/model-names.ts';
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
    out[name] = holdoutCheck((t, x, tx, T) => expectedOf(fit, t, x, tx, T), fit.converged, rows, { horizon, minRepeatBuyers });
  }
  return out;
}

/**
 * Applies the rule above. `fits` gives convergence and log-likelihood; `holdouts` (may come from
 * fits on an earlier split, as in the app) gives the holdout errors. Ties keep MODEL_NAMES order.
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
  const checked = usable.filter((c) => c.totalError !== null);
  if (checked.length > 0) {
    const best = checked.reduce((b, c) => (c.totalError! < b.totalError! ? c : b));
    return { chosen: best.model, rule: 'holdout_total_error', comparison };
  }
  const best = usable.reduce((b, c) => (c.logLikelihood > b.logLikelihood ? c : b));
  return { chosen: best.model, rule: 'log_likelihood', comparison };
}
