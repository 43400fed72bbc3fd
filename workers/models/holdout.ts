/**
 * Holdout check of a fit (FHL 2005, Figure 4): mean predicted vs actual repeat purchases in
 * the holdout period, grouped by calibration frequency 0, 1, …, 7+, with a guard against data too
 * thin to say anything. Works for any model through its E[Y(t) | x, t_x, T].
 */
import { aggregateBgnbd, type BgnbdData } from './bgnbd-likelihood.ts';
import { conditionalExpectedPurchases } from './bgnbd.ts';
import type { BgnbdParams, CalibrationSummary } from './types.ts';

/** E[Y(t) | x, t_x, T] of some fitted model. */
export type ExpectedPurchases = (t: number, x: number, tx: number, T: number) => number;

/** E[Y(t) | history] of some fitted model for every distinct history of `data` at once (models.ts expectedByHistory). */
export interface ExpectedByHistory {
  byHistory(data: BgnbdData, t: number): Float64Array;
}

export interface HoldoutGroup {
  /** Calibration frequency x; the last group holds x ≥ its value. */
  frequency: number;
  label: string;
  members: number;
  predicted: number;
  actual: number;
}

export type HoldoutCheck =
  | {
      ok: true;
      groups: HoldoutGroup[];
      /** Sums over all members of predicted and actual holdout repeat purchases. */
      total: { predicted: number; actual: number };
      /** (total predicted − total actual) / total actual; null when nobody bought in the holdout. */
      relativeError: number | null;
      /** Mean over groups of |predicted − actual| (per-member means). */
      mae: number;
    }
  | { ok: false; reason: string };

export interface HoldoutOptions {
  /** Length of the holdout period in model units. */
  horizon: number;
  /** Fewest repeat buyers (x > 0) for a meaningful check; default 100. */
  minRepeatBuyers?: number;
  /** Groups 0..maxFrequency−1 and maxFrequency+ (default 7). */
  maxFrequency?: number;
}

/**
 * Predicted vs actual holdout purchases by calibration frequency; `ok: false` with a plain reason when
 * too thin. `model` is BG/NBD parameters or any model's E[Y(t) | x, t_x, T], per member or per distinct history.
 */
export function holdoutCheck(
  model: BgnbdParams | ExpectedPurchases | ExpectedByHistory,
  converged: boolean,
  summaries: readonly CalibrationSummary[],
  { horizon, minRepeatBuyers = 100, maxFrequency = 7 }: HoldoutOptions,
): HoldoutCheck {
  const repeat = summaries.reduce((n, s) => n + (s.x > 0 ? 1 : 0), 0);
  if (!converged) return { ok: false, reason: 'The model fit did not converge, so its predictions cannot be checked.' };
  if (repeat < minRepeatBuyers) {
    return { ok: false, reason: `Only ${repeat} members bought again in the calibration period; at least ${minRepeatBuyers} are needed.` };
  }
  if (summaries.some((s) => s.x_holdout === undefined)) return { ok: false, reason: 'No holdout purchases were given.' };
  const groups: HoldoutGroup[] = Array.from({ length: maxFrequency + 1 }, (_, f) => ({
    frequency: f,
    label: f === maxFrequency ? `${f}+` : String(f),
    members: 0,
    predicted: 0,
    actual: 0,
  }));
  // Identical (x, t_x, T) rows share one prediction: one per distinct history.
  const data = aggregateBgnbd(summaries);
  const { xs, txs, Ts, xIndex, txIndex, TIndex, rowOf } = data;
  let perHistory: Float64Array;
  if ('byHistory' in model) perHistory = model.byHistory(data, horizon);
  else {
    const expected: ExpectedPurchases = typeof model === 'function' ? model : (t, x, tx, T) => conditionalExpectedPurchases(model, t, x, tx, T);
    perHistory = Float64Array.from(xIndex, (k, h) => expected(horizon, xs[k], txs[txIndex[h]], Ts[TIndex[h]]));
  }
  let totalPredicted = 0;
  let totalActual = 0;
  for (let i = 0; i < summaries.length; i++) {
    const s = summaries[i];
    const predicted = perHistory[rowOf[i]];
    const g = groups[Math.min(s.x, maxFrequency)];
    g.members++;
    g.predicted += predicted;
    g.actual += s.x_holdout!;
    totalPredicted += predicted;
    totalActual += s.x_holdout!;
  }
  const filled = groups.filter((g) => g.members > 0);
  for (const g of filled) {
    g.predicted /= g.members;
    g.actual /= g.members;
  }
  return {
    ok: true,
    groups: filled,
    total: { predicted: totalPredicted, actual: totalActual },
    relativeError: totalActual > 0 ? (totalPredicted - totalActual) / totalActual : null,
    mae: filled.reduce((s, g) => s + Math.abs(g.predicted - g.actual), 0) / filled.length,
  };
}
