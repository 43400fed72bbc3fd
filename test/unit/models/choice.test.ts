// The model choice rule, on hand-made holdout results: the smallest total error wins; near-ties
// (within 2 % of the actual holdout total) go to a model in which one-time buyers can lapse, then
// to the smaller error by calibration frequency.
import { describe, expect, it } from 'vitest';
import { chooseModel } from '../../../workers/models/choice.ts';
import type { HoldoutCheck } from '../../../workers/models/holdout.ts';
import type { ModelName } from '../../../workers/models/models.ts';

const fits = (ll: Partial<Record<ModelName, number>> = {}, converged: Partial<Record<ModelName, boolean>> = {}) =>
  Object.fromEntries((['bgnbd', 'mbgnbd', 'pareto_nbd'] as const).map((m) => [m, { converged: converged[m] ?? true, logLikelihood: ll[m] ?? -100 }])) as Record<
    ModelName,
    { converged: boolean; logLikelihood: number }
  >;
/** A holdout check whose totals give |predicted − actual| = `error` of `actual` = 1,000, with a group MAE. */
const check = (error: number, mae: number): HoldoutCheck => ({ ok: true, groups: [], total: { predicted: 1000 - error, actual: 1000 }, relativeError: -error / 1000, mae });
const holdouts = (e: Record<ModelName, [number, number]>) =>
  Object.fromEntries(Object.entries(e).map(([m, [err, mae]]) => [m, check(err, mae)])) as Record<ModelName, HoldoutCheck>;

describe('chooseModel', () => {
  it('a clear winner on total error is chosen, even BG/NBD (150 − 100 = 50 > 2 % of 1,000 = 20)', () => {
    const c = chooseModel(fits(), holdouts({ bgnbd: [100, 0.3], mbgnbd: [150, 0.1], pareto_nbd: [160, 0.1] }));
    expect(c).toMatchObject({ chosen: 'bgnbd', rule: 'holdout_total_error' });
  });
  it('within 20 of the best (2 % of 1,000) the models letting one-time buyers lapse are preferred', () => {
    const c = chooseModel(fits(), holdouts({ bgnbd: [100, 0.05], mbgnbd: [119, 0.3], pareto_nbd: [150, 0.1] }));
    expect(c.chosen).toBe('mbgnbd');
  });
  it('among tied lapsing models the smaller error by frequency wins', () => {
    const c = chooseModel(fits(), holdouts({ bgnbd: [100, 0.05], mbgnbd: [110, 0.3], pareto_nbd: [115, 0.2] }));
    expect(c.chosen).toBe('pareto_nbd');
  });
  it('a model that did not converge is never chosen', () => {
    const c = chooseModel(fits({}, { pareto_nbd: false }), holdouts({ bgnbd: [100, 0.3], mbgnbd: [300, 0.1], pareto_nbd: [10, 0.1] }));
    expect(c.chosen).toBe('bgnbd');
  });
  it('without a holdout check: the highest log-likelihood; nothing converged: BG/NBD named as not converged', () => {
    expect(chooseModel(fits({ bgnbd: -10, mbgnbd: -9, pareto_nbd: -11 }), null)).toMatchObject({ chosen: 'mbgnbd', rule: 'log_likelihood' });
    expect(chooseModel(fits({}, { bgnbd: false, mbgnbd: false, pareto_nbd: false }), null)).toMatchObject({ chosen: 'bgnbd', rule: 'none_converged' });
  });
});
