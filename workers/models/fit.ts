/**
 * One entry point for the worker and the CLI: fit BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma on
 * calibration summaries, each with standard errors.
 */
import { aggregateBgnbd, type BgnbdData } from './bgnbd-likelihood.ts';
import { fitGammaGamma, gammaGammaLogLikelihood, repeatBuyers as spendData } from './gamma-gamma.ts';
import { standardErrors } from './hessian.ts';
import { fitModel, MODEL_NAMES, PARAM_NAMES, type FittedModel, type ModelName } from './models.ts';
import type { BgnbdParams, CalibrationSummary, FittedModels, SkippedFit } from './types.ts';

export interface FitOptions {
  /** Fewest repeat buyers with a spend to fit Gamma-Gamma (3 parameters); below it gammaGamma is null. Default 10. */
  minSpendBuyers?: number;
  /**
   * Pareto/NBD is fitted only up to this many distinct (x, t_x, T) histories: its likelihood needs a
   * 2F1 series per distinct (x, t_x) and (x, T) pair; on the demo's 13,360 histories the fit takes
   * ~10 s on this machine (38.6 s before pairs were shared), where BG/NBD takes 0.5 s. Above it the
   * model is skipped (not converged, reason given), left out of the holdout comparison and not chosen. Default 5,000.
   */
  maxParetoHistories?: number;
  /**
   * Models already fitted on these summaries, taken as they are (the command line fits Pareto/NBD in a
   * worker thread while this thread fits the others: scripts/cli/fit.ts).
   */
  given?: Partial<Record<ModelName, FittedModel>>;
  /** aggregateBgnbd(summaries) when the caller has it already (the command line: 0.1 s at 1M orders); must be of these summaries. */
  data?: BgnbdData;
}

const MAX_PARETO_HISTORIES = 5_000;

/** A model left out of the comparison, shaped like a fit so readers need no special case. */
export const skipped = (model: ModelName, why: SkippedFit): FittedModel => ({
  model,
  params: Object.fromEntries(PARAM_NAMES[model].map((n) => [n, Number.NaN])),
  se: Object.fromEntries(PARAM_NAMES[model].map((n) => [n, null])),
  logLikelihood: Number.NaN,
  converged: false,
  iterations: 0,
  reason: `skipped: ${why.histories} distinct purchase histories (the in-tab limit for Pareto/NBD is ${why.limit})`,
  skipped: why,
});

/** Every model's fit: one shape shared with the page (src/lib/models/model-types.ts). */
export type ModelsFit = FittedModels;

/** Fits all models; Gamma-Gamma is null when too few repeat buyers carry a monetary value. Throws on no members. */
export function fitModels(summaries: readonly CalibrationSummary[], options: FitOptions = {}): ModelsFit {
  const steps = fitModelsInSteps(summaries, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * fitModels one model at a time: yields after each model's fit (and Gamma-Gamma's), returns the same
 * ModelsFit. (Session 9's prefetch answered other engine calls between the steps; since session 10 the
 * fits run whole in the fit worker, workers/fit-worker.ts, and fitModels is this run to its end.)
 */
export function* fitModelsInSteps(summaries: readonly CalibrationSummary[], options: FitOptions = {}): Generator<ModelName | 'gamma_gamma', ModelsFit> {
  const { minSpendBuyers = 10, maxParetoHistories = MAX_PARETO_HISTORIES, given = {} } = options;
  const data = options.data ?? aggregateBgnbd(summaries);
  if (data.members === 0) throw new RangeError('fitModels: no members');
  const histories = data.count.length;
  const models = {} as Record<ModelName, FittedModel>;
  for (const m of MODEL_NAMES) {
    models[m] = given[m] ?? (m === 'pareto_nbd' && histories > maxParetoHistories ? skipped(m, { histories, limit: maxParetoHistories }) : fitModel(m, data));
    yield m;
  }
  const spenders = summaries.reduce((n, s) => n + (s.x > 0 && (s.monetary ?? 0) > 0 ? 1 : 0), 0);
  let gammaGamma: ModelsFit['gammaGamma'] = null;
  if (spenders >= minSpendBuyers) {
    const buyers = spendData(summaries);
    const gg = fitGammaGamma(summaries, buyers);
    const { p, q, gamma } = gg.params;
    const [sp, sq, sg] = standardErrors((t) => (t.every((v) => v > 0) ? -gammaGammaLogLikelihood({ p: t[0], q: t[1], gamma: t[2] }, buyers) : Infinity), [p, q, gamma]);
    gammaGamma = { ...gg.params, logLikelihood: gg.logLikelihood, converged: gg.converged, iterations: gg.iterations, reason: gg.reason, se: { p: sp, q: sq, gamma: sg } };
    yield 'gamma_gamma';
  }
  const bg = models.bgnbd;
  return {
    models,
    bgnbd: {
      ...(bg.params as unknown as BgnbdParams),
      logLikelihood: bg.logLikelihood,
      converged: bg.converged,
      iterations: bg.iterations,
      reason: bg.reason,
      se: bg.se as ModelsFit['bgnbd']['se'],
    },
    gammaGamma,
    members: data.members,
    repeatBuyers: summaries.reduce((n, s) => n + (s.x > 0 ? 1 : 0), 0),
  };
}
