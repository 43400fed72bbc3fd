/**
 * The three customer-base models behind one interface — BG/NBD, MBG/NBD, Pareto/NBD — all fitted
 * on the same (x, t_x, T) summary, each with standard errors from the observed information.
 */
import { aggregateBgnbd, bgnbdLogLikelihood, type BgnbdData } from './bgnbd-likelihood.ts';
import { conditionalExpectedPurchases, fitBgnbd, pAlive } from './bgnbd.ts';
import { standardErrors } from './hessian.ts';
import { fitMbgnbd, mbgnbdExpectedPurchases, mbgnbdLogLikelihood, mbgnbdPAlive } from './mbgnbd.ts';
import { fitParetoNbd, paretoNbdExpectedPurchases, paretoNbdLogLikelihood, paretoNbdPAlive, type ParetoNbdParams } from './pareto-nbd.ts';
import type { BgnbdParams, CalibrationSummary, FitDiagnostics, FittedModel } from './types.ts';

import { PARAM_NAMES, type ModelName } from '../../src/lib/models/model-names.ts';

export { MODEL_LABELS, MODEL_NAMES, PARAM_NAMES, type ModelName } from '../../src/lib/models/model-names.ts';

type Params = Record<string, number>;

interface ModelSpec {
  fit(data: BgnbdData): FitDiagnostics & { params: Params };
  logLikelihood(params: Params, data: BgnbdData): number;
  pAlive(params: Params, x: number, tx: number, T: number): number;
  /** E[Y(t) | x, t_x, T]: expected repeat purchases in (T, T + t]. */
  expected(params: Params, t: number, x: number, tx: number, T: number): number;
}

const asBg = (p: Params) => p as unknown as BgnbdParams;
const asPareto = (p: Params) => p as unknown as ParetoNbdParams;
const loose = <F extends FitDiagnostics & { params: object }>(f: F) => ({ ...f, params: f.params as unknown as Params });

export const MODELS: Record<ModelName, ModelSpec> = {
  bgnbd: {
    fit: (d) => loose(fitBgnbd(d)),
    logLikelihood: (p, d) => bgnbdLogLikelihood(asBg(p), d),
    pAlive: (p, x, tx, T) => pAlive(asBg(p), x, tx, T),
    expected: (p, t, x, tx, T) => conditionalExpectedPurchases(asBg(p), t, x, tx, T),
  },
  mbgnbd: {
    fit: (d) => loose(fitMbgnbd(d)),
    logLikelihood: (p, d) => mbgnbdLogLikelihood(asBg(p), d),
    pAlive: (p, x, tx, T) => mbgnbdPAlive(asBg(p), x, tx, T),
    expected: (p, t, x, tx, T) => mbgnbdExpectedPurchases(asBg(p), t, x, tx, T),
  },
  pareto_nbd: {
    fit: (d) => loose(fitParetoNbd(d)),
    logLikelihood: (p, d) => paretoNbdLogLikelihood(asPareto(p), d),
    pAlive: (p, x, tx, T) => paretoNbdPAlive(asPareto(p), x, tx, T),
    expected: (p, t, x, tx, T) => paretoNbdExpectedPurchases(asPareto(p), t, x, tx, T),
  },
};

/** A fitted model: parameters, their standard errors (null where the information matrix cannot give one) and diagnostics. */
export type { FittedModel } from './types.ts';

/** Standard errors of `params` under `model`'s log-likelihood on `data` (inverse observed information). */
export function modelStandardErrors(model: ModelName, params: Params, data: BgnbdData): Record<string, number | null> {
  const names = PARAM_NAMES[model];
  const nll = (theta: readonly number[]) => {
    if (theta.some((v) => !(v > 0))) return Infinity;
    try {
      return -MODELS[model].logLikelihood(Object.fromEntries(names.map((n, i) => [n, theta[i]])), data);
    } catch {
      return NaN; // a ₂F₁ that did not converge: no standard error rather than a failed fit
    }
  };
  const se = standardErrors(
    nll,
    names.map((n) => params[n]),
  );
  return Object.fromEntries(names.map((n, i) => [n, se[i]]));
}

/** Fits one model with its standard errors. */
export function fitModel(model: ModelName, input: readonly CalibrationSummary[] | BgnbdData): FittedModel {
  const data = Array.isArray(input) ? aggregateBgnbd(input) : (input as BgnbdData);
  const f = MODELS[model].fit(data);
  const params = Object.fromEntries(PARAM_NAMES[model].map((n) => [n, f.params[n]]));
  return {
    model,
    params,
    se: modelStandardErrors(model, params, data),
    logLikelihood: f.logLikelihood,
    converged: f.converged,
    iterations: f.iterations,
    reason: f.reason,
  };
}

/** P(alive at T) under a fitted model. */
export const pAliveOf = (m: Pick<FittedModel, 'model' | 'params'>, x: number, tx: number, T: number) => MODELS[m.model].pAlive(m.params, x, tx, T);

/** E[Y(t) | x, t_x, T] under a fitted model. */
export const expectedOf = (m: Pick<FittedModel, 'model' | 'params'>, t: number, x: number, tx: number, T: number) => MODELS[m.model].expected(m.params, t, x, tx, T);
