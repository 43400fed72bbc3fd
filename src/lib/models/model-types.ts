/**
 * The customer-base models' shapes, on the page side of the worker boundary: the worker's fits
 * (workers/models), the engine API and the value panel all use these, so none keeps a copy.
 */
import type { ModelName } from './model-names.ts';

/**
 * One member's calibration summary, with the column names of the calibration SQL
 * (src/lib/models/calibration.ts). Times are in the chosen unit (days or weeks).
 */
export interface CalibrationSummary {
  member_id?: string;
  /** Repeat purchase days in calibration (distinct purchase days − 1). */
  x: number;
  /** Time from the first to the last purchase day. */
  t_x: number;
  /** Time from the first purchase day to the calibration end. */
  T: number;
  /** Mean spend of the repeat purchase days; 0 when x = 0. */
  monetary?: number;
  /** Repeat purchase days in the holdout period, when one was asked for. */
  x_holdout?: number;
}

/** BG/NBD parameters: purchase rate λ ~ Gamma(r, α), dropout probability p ~ Beta(a, b). */
export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Gamma-Gamma spend parameters (Fader & Hardie 2013 notation). */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** What a fit reports besides its parameters. */
export interface FitDiagnostics {
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  reason: string;
}

/** Standard errors by parameter name; null where the information matrix cannot give one. */
type StandardErrors<K extends string> = { se: Record<K, number | null> };

/** Why a model was left out without fitting: too many distinct histories for the tab (Pareto/NBD). */
export interface SkippedFit {
  histories: number;
  limit: number;
}

/** One purchase/dropout model's fit: parameters by name with standard errors. */
export interface FittedModel extends FitDiagnostics {
  model: ModelName;
  params: Record<string, number>;
  se: Record<string, number | null>;
  /** Set when the model was not fitted at all (its reason says so in English too). */
  skipped?: SkippedFit;
}

/** Every model fitted on one calibration summary (workers/models/fit.ts fitModels). */
export interface FittedModels {
  /** The three purchase/dropout models, each with parameters, standard errors and diagnostics. */
  models: Record<ModelName, FittedModel>;
  /** BG/NBD in its original flat shape (parameters at the top level), kept for older readers. */
  bgnbd: BgnbdParams & FitDiagnostics & StandardErrors<keyof BgnbdParams>;
  gammaGamma: (GammaGammaParams & FitDiagnostics & StandardErrors<keyof GammaGammaParams>) | null;
  /** Members in the fit. */
  members: number;
  /** Members with x > 0 (the Gamma-Gamma sample when they have a spend). */
  repeatBuyers: number;
}
