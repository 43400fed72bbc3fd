/** Shared shapes of the customer-base models (BG/NBD, Gamma-Gamma). */

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
