/** One entry point for the worker and the CLI: fit BG/NBD and Gamma-Gamma on calibration summaries. */
import { fitBgnbd } from './bgnbd.ts';
import { fitGammaGamma } from './gamma-gamma.ts';
import type { BgnbdParams, CalibrationSummary, GammaGammaParams } from './types.ts';

export interface FitOptions {
  /** Fewest repeat buyers with a spend to fit Gamma-Gamma (3 parameters); below it gammaGamma is null. Default 10. */
  minSpendBuyers?: number;
}

export interface ModelsFit {
  bgnbd: BgnbdParams & { logLikelihood: number; converged: boolean; iterations: number; reason: string };
  gammaGamma: (GammaGammaParams & { logLikelihood: number; converged: boolean; iterations: number; reason: string }) | null;
  /** Members in the BG/NBD fit. */
  members: number;
  /** Members with x > 0 (the Gamma-Gamma sample when they have a spend). */
  repeatBuyers: number;
}

/** Fits both models; Gamma-Gamma is null when too few repeat buyers carry a monetary value. Throws on no members. */
export function fitModels(summaries: readonly CalibrationSummary[], options: FitOptions = {}): ModelsFit {
  const { minSpendBuyers = 10 } = options;
  const bg = fitBgnbd(summaries);
  const spenders = summaries.reduce((n, s) => n + (s.x > 0 && (s.monetary ?? 0) > 0 ? 1 : 0), 0);
  let gammaGamma: ModelsFit['gammaGamma'] = null;
  if (spenders >= minSpendBuyers) {
    const gg = fitGammaGamma(summaries);
    gammaGamma = { ...gg.params, logLikelihood: gg.logLikelihood, converged: gg.converged, iterations: gg.iterations, reason: gg.reason };
  }
  return {
    bgnbd: { ...bg.params, logLikelihood: bg.logLikelihood, converged: bg.converged, iterations: bg.iterations, reason: bg.reason },
    gammaGamma,
    members: bg.members,
    repeatBuyers: summaries.reduce((n, s) => n + (s.x > 0 ? 1 : 0), 0),
  };
}
