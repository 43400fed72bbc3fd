// Scoring per distinct history (expectedByHistory, predictMembers, holdoutCheck) against the same
// quantities computed plainly member by member: the sharing must not change a single bit.
import { describe, expect, it } from 'vitest';
import { resolvePredictionOptions } from '../../../src/lib/members/prediction.ts';
import { UNIT_DAYS } from '../../../src/lib/models/calibration.ts';
import { aggregateBgnbd } from '../../../workers/models/bgnbd-likelihood.ts';
import { medianTimeToNextPurchase } from '../../../workers/models/bgnbd.ts';
import type { ModelsFit } from '../../../workers/models/fit.ts';
import { customerLifetimeValue } from '../../../workers/models/gamma-gamma.ts';
import { holdoutCheck } from '../../../workers/models/holdout.ts';
import { expectedByHistory, expectedOf, fitModel, MODEL_NAMES, pAliveOf, type FittedModel, type ModelName } from '../../../workers/models/models.ts';
import { NEXT_VISIT_MIN_P_ALIVE, predictMembers } from '../../../workers/prediction/per-member.ts';
import { gammaDraw, mulberry32, simulateBgnbd } from './simulate.ts';

// Whole days in weeks, as the calibration SQL gives them: many members share a history.
const u = mulberry32(21);
const days = (v: number) => Math.floor(v * 7) / 7;
const rows = simulateBgnbd(
  { r: 0.5, alpha: 6, a: 0.7, b: 2.5 },
  Array.from({ length: 1500 }, () => 4 + 48 * u()),
  8,
  20,
).map((m, i) => ({
  member_id: i % 97 === 0 ? `M"${i}, x` : `M${i}`, // some ids the CSV must quote
  x: m.x,
  t_x: days(m.t_x),
  T: days(m.T),
  monetary: m.x > 0 ? gammaDraw(4, u) * 10 : 0,
  x_holdout: m.x_holdout,
}));

const PARAMS: Record<ModelName, Record<string, number>[]> = {
  // a = 1 takes the plain path (E[Y] is the mean of a = 1 ± 1e-7 there), a near 0 the ridge of data without dropout.
  bgnbd: [
    { r: 0.5, alpha: 6, a: 0.7, b: 2.5 },
    { r: 0.5, alpha: 6, a: 1, b: 2.5 },
  ],
  mbgnbd: [
    { r: 0.6, alpha: 5, a: 0.8, b: 2.5 },
    { r: 1.9, alpha: 22, a: 1e-4, b: 1400 },
  ],
  pareto_nbd: [{ r: 0.6, alpha: 8, s: 0.7, beta: 12 }],
};
const fitted = (model: ModelName, params: Record<string, number>): FittedModel => ({ model, params, se: {}, logLikelihood: 0, converged: true, iterations: 0, reason: 'gradient' });
const GG = { p: 6.25, q: 3.74, gamma: 15.44, logLikelihood: 0, converged: true, iterations: 0, reason: 'gradient', se: { p: null, q: null, gamma: null } };

describe.each(MODEL_NAMES.flatMap((model) => PARAMS[model].map((params) => [model, params] as const)))('%s at %j', (model, params) => {
  const m = fitted(model, params);
  it('expectedByHistory equals expectedOf member by member', () => {
    const data = aggregateBgnbd(rows);
    expect(data.count.length).toBeLessThan(0.8 * rows.length);
    const ts = [0, 4.3, 26, 52];
    const got = expectedByHistory(m, data, ts);
    rows.forEach((s, i) => ts.forEach((t, j) => expect(got[data.rowOf[i] * ts.length + j]).toBe(expectedOf(m, t, s.x, s.t_x, s.T))));
  });
  it('predictMembers equals P(alive), E[Y], the next visit and CLV computed per member', () => {
    const o = resolvePredictionOptions({ months: 12, monthlyDiscount: 0.01, unit: 'week' }, '2024-12-31');
    const fit = { models: { bgnbd: m, mbgnbd: m, pareto_nbd: m }, gammaGamma: GG } as unknown as ModelsFit;
    const monthLength = 30 / 7;
    const expected = (t: number, x: number, tx: number, T: number) => expectedOf(m, t, x, tx, T);
    const plain = rows.map((s) => {
      const p = pAliveOf(m, s.x, s.t_x, s.T);
      return {
        member_id: s.member_id,
        x: s.x,
        recency: s.T - s.t_x,
        p_alive: p,
        expected_purchases: expected(12 * monthLength, s.x, s.t_x, s.T),
        next_purchase_days: p >= NEXT_VISIT_MIN_P_ALIVE ? medianTimeToNextPurchase(m.params as { r: number; alpha: number }, s.x, s.T) * UNIT_DAYS.week : null,
        clv: customerLifetimeValue(expected, GG, s, { months: 12, monthlyDiscount: 0.01, monthLength }),
      };
    });
    expect(predictMembers(fit, rows, o, model)).toEqual(plain);
  });
  it('holdoutCheck per distinct history equals the check member by member', () => {
    const byHistory = holdoutCheck({ byHistory: (data, t) => expectedByHistory(m, data, [t]) }, true, rows, { horizon: 20 });
    const perMember = holdoutCheck((t, x, tx, T) => expectedOf(m, t, x, tx, T), true, [...rows], { horizon: 20 });
    expect(byHistory.ok).toBe(true);
    expect(byHistory).toEqual(perMember);
  });
});

describe('E[Y] at a = 1 exactly (0/0 in the closed form)', () => {
  it.each(['bgnbd', 'mbgnbd'] as const)('%s: the mean of a = 1 ± 1e-7 (it used to recurse without end), between a = 1 ± 1e-4', (model) => {
    const at = (a: number) => expectedOf(fitted(model, { r: 0.5, alpha: 6, a, b: 2.5 }), 26, 3, 20, 40);
    const e = at(1);
    expect(e).toBeGreaterThan(Math.min(at(1 - 1e-4), at(1 + 1e-4)));
    expect(e).toBeLessThan(Math.max(at(1 - 1e-4), at(1 + 1e-4)));
  });
});

describe('a fit without standard errors (the holdout check’s)', () => {
  it('has the same parameters and diagnostics as the fit with them, and null standard errors', () => {
    const full = fitModel('bgnbd', rows);
    const bare = fitModel('bgnbd', rows, { standardErrors: false });
    expect(Object.values(full.se).every((v) => v !== null)).toBe(true);
    expect(bare).toEqual({ ...full, se: { r: null, alpha: null, a: null, b: null } });
  });
});
