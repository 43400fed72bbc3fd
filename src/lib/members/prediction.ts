/**
 * What the prediction service (BG/NBD + Gamma-Gamma in the worker) takes and returns: shared by
 * the engine API, the worker and the value panel.
 */
import type { ModelTimeUnit } from '../models/calibration.ts';
import { addMonths } from '../metrics/params.ts';

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
  /** Holdout split: fit on data up to this day, check against (split, calibrationEnd]; default 6 months before the end. */
  splitDate?: string;
  /** Count non-refund $0 orders as purchase days (CDNOW does); default false, as the KPIs. */
  includeZeroAmount?: boolean;
}

export type ResolvedPredictionOptions = Required<PredictionOptions>;

/** Fills the defaults; `lastDay` is the data's last order day. */
export function resolvePredictionOptions(o: PredictionOptions, lastDay: string): ResolvedPredictionOptions {
  const calibrationEnd = o.calibrationEnd ?? lastDay;
  return {
    calibrationEnd,
    unit: o.unit ?? 'week',
    months: o.months ?? 12,
    monthlyDiscount: o.monthlyDiscount ?? 0.01,
    splitDate: o.splitDate ?? addMonths(calibrationEnd, -6),
    includeZeroAmount: o.includeZeroAmount ?? false,
  };
}

/** Why there are no numbers: no members bought, too few repeat buyers, the fit did not converge, or a split outside the data. */
export type PredictionStatus = 'ok' | 'no_members' | 'thin' | 'not_converged' | 'bad_split';

export interface FittedModels {
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number; converged: boolean; iterations: number; reason: string };
  gammaGamma: { p: number; q: number; gamma: number; logLikelihood: number; converged: boolean; iterations: number; reason: string } | null;
  members: number;
  repeatBuyers: number;
}

export interface HoldoutResult {
  status: PredictionStatus;
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
  /** BG/NBD + Gamma-Gamma maximum-likelihood fit. */
  fitMs: number;
  /** Per-member P(alive), expected purchases and CLV. */
  membersMs: number;
  /** The holdout check (its own summary and BG/NBD fit). */
  holdoutMs: number;
}

export interface PredictionResult {
  options: ResolvedPredictionOptions;
  /** Timings of the run that produced this fit (a cached answer repeats them). */
  timings?: PredictionTimings;
  status: PredictionStatus;
  detail: string;
  fit: FittedModels | null;
  /**
   * Arrow IPC, one row per member when status is 'ok': member_id, x (repeat purchase days),
   * recency (model units since the last purchase, T − t_x), p_alive, expected_purchases (over the
   * horizon), next_purchase_days (median wait if still active), clv (¥ over the horizon, discounted; NULL without a Gamma-Gamma fit).
   */
  predictions: Uint8Array | null;
  holdout: HoldoutResult;
}
