/**
 * What the prediction service (BG/NBD, MBG/NBD, Pareto/NBD + Gamma-Gamma in the worker) takes and
 * returns: shared by the engine API, the worker and the value panel.
 */
import type { ModelTimeUnit } from '../models/calibration.ts';
import type { ModelChoiceRule, ModelName } from '../models/model-names.ts';
import type { FittedModels } from '../models/model-types.ts';
import { addDays, periodDays } from '../metrics/params.ts';

/** Fewest repeat buyers for a fit (and a holdout check) worth showing: the holdout check's guard. */
export const MIN_REPEAT_BUYERS = 100;

export interface PredictionOptions {
  /** Last calibration day, inclusive; default the data's last order day. */
  calibrationEnd?: string;
  /** Default 'week'. */
  unit?: ModelTimeUnit;
  /** CLV and expected-purchases horizon in months; default 12. */
  months?: number;
  /** Discount rate per month; default 0.01. */
  monthlyDiscount?: number;
  /** Holdout split: fit on data up to this day, check against (split, calibrationEnd]; default DEFAULT_SPLIT_FRACTION of the data's span. */
  splitDate?: string;
  /** Count non-refund $0 orders as purchase days (CDNOW does); default false, as the KPIs. */
  includeZeroAmount?: boolean;
}

export type ResolvedPredictionOptions = Required<PredictionOptions>;

/** The default split lies this far into the span from the first order day to the calibration end. */
export const DEFAULT_SPLIT_FRACTION = 2 / 3;

/**
 * The default holdout split from the data: the first order day + ⌊⅔ · (calibrationEnd − first day)⌋ days,
 * so the check always has data on both sides however short the history (six months → four
 * months to fit, two to check). When the first day is unknown or not before the end, the end itself.
 */
export function defaultSplitDate(firstDay: string | null | undefined, calibrationEnd: string): string {
  if (!firstDay || !(firstDay < calibrationEnd)) return calibrationEnd;
  return addDays(firstDay, Math.floor(DEFAULT_SPLIT_FRACTION * periodDays(firstDay, calibrationEnd)));
}

/** Fills the defaults; `lastDay` and `firstDay` are the data's last and first order days. */
export function resolvePredictionOptions(o: PredictionOptions, lastDay: string, firstDay?: string | null): ResolvedPredictionOptions {
  const calibrationEnd = o.calibrationEnd ?? lastDay;
  return {
    calibrationEnd,
    unit: o.unit ?? 'week',
    months: o.months ?? 12,
    monthlyDiscount: o.monthlyDiscount ?? 0.01,
    splitDate: o.splitDate ?? defaultSplitDate(firstDay, calibrationEnd),
    includeZeroAmount: o.includeZeroAmount ?? false,
  };
}

/** Why there are no numbers: no members bought, too few repeat buyers, the fit did not converge, or a split outside the data. */
export type PredictionStatus = 'ok' | 'no_members' | 'thin' | 'not_converged' | 'bad_split';

export type { FittedModel, FittedModels } from '../models/model-types.ts';

/** One model's line in the holdout comparison. */
export interface HoldoutModelRow {
  model: ModelName;
  status: PredictionStatus;
  total: { predicted: number; actual: number } | null;
  relativeError: number | null;
  /** |Σ predicted − Σ actual|: the number the choice minimises. */
  totalError: number | null;
  /** Mean over frequency groups of |predicted − actual| per member. */
  mae: number | null;
  groups: { frequency: number; label: string; members: number; predicted: number; actual: number }[];
}

/** Which model drives the per-member predictions, and why (see ModelChoiceRule). */
export interface ModelChoiceResult {
  chosen: ModelName;
  rule: ModelChoiceRule;
}

/** The holdout check; groups/total/relativeError are the chosen model's, `models` holds all three. */
export interface HoldoutResult {
  status: PredictionStatus;
  models: HoldoutModelRow[];
  splitDate: string;
  /** Holdout length in model units. */
  horizon: number;
  repeatBuyers: number;
  groups: { frequency: number; label: string; members: number; predicted: number; actual: number }[];
  total: { predicted: number; actual: number } | null;
  /** (predicted − actual) / actual over all members; null when nobody bought in the holdout. */
  relativeError: number | null;
  /** Free-text detail from the optimiser or the guard (English), for the drawer. */
  detail: string;
}

/** Where the time of a fit went (ms, measured where it ran): for the benchmark and the curious. */
export interface PredictionTimings {
  /** Calibration summary SQL. */
  summaryMs: number;
  /** The three models' + Gamma-Gamma maximum-likelihood fits with standard errors. */
  fitMs: number;
  /** Per-member P(alive), expected purchases and CLV. */
  membersMs: number;
  /** The holdout check (its own summary and the three models' fits). */
  holdoutMs: number;
}

export interface PredictionResult {
  options: ResolvedPredictionOptions;
  /** Timings of the run that produced this fit (a cached answer repeats them). */
  timings?: PredictionTimings;
  status: PredictionStatus;
  detail: string;
  fit: FittedModels | null;
  /** The model behind `predictions` (null without a fit). */
  choice: ModelChoiceResult | null;
  /**
   * Arrow IPC, one row per member when status is 'ok': member_id, x (repeat purchase days),
   * recency (model units since the last purchase, T − t_x), p_alive, expected_purchases (over the
   * horizon), next_purchase_days (median wait if still active; NULL where p_alive < 0.5), clv (¥ over the horizon, discounted; NULL without a Gamma-Gamma fit).
   */
  predictions: Uint8Array | null;
  holdout: HoldoutResult;
}
