// The model card's data: parameters with standard errors flagged when loose, holdout errors per
// model, the chosen one, and the sentence that says why — on hand-made fits.
import { describe, expect, it } from 'vitest';
import type { FittedModels, HoldoutResult } from '../../../src/lib/members/prediction.ts';
import { choiceText, modelComparisonRows, notFittedText } from '../../../src/lib/models/model-comparison.ts';
import { skipped } from '../../../workers/models/fit.ts';

const diag = { logLikelihood: -100, converged: true, iterations: 10, reason: '' };
const fit = {
  models: {
    bgnbd: { model: 'bgnbd', params: { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, se: { r: 0.01, alpha: 0.2, a: 0.5, b: null }, ...diag },
    mbgnbd: { model: 'mbgnbd', params: { r: 0.5, alpha: 6, a: 0.9, b: 1.6 }, se: { r: 0.02, alpha: 0.3, a: 0.1, b: 0.2 }, ...diag },
    pareto_nbd: { model: 'pareto_nbd', params: {}, se: {}, ...diag, converged: false, reason: 'skipped: 9000 distinct purchase histories' },
  },
} as unknown as FittedModels;
const row = (model: string, totalError: number | null, mae: number | null) => ({
  model,
  status: 'ok',
  groups: [],
  total: null,
  relativeError: totalError === null ? null : -totalError / 1000,
  totalError,
  mae,
});
const holdout = { models: [row('bgnbd', 100, 0.1), row('mbgnbd', 115, 0.2), row('pareto_nbd', null, null)] } as unknown as HoldoutResult;

describe('model comparison', () => {
  const rows = modelComparisonRows(fit, holdout, { chosen: 'mbgnbd', rule: 'holdout_total_error' });
  it('one row per model in order, the chosen one marked, a failed one with its reason and no parameters', () => {
    expect(rows.map((r) => [r.label, r.chosen, r.converged])).toEqual([
      ['BG/NBD', false, true],
      ['MBG/NBD', true, true],
      ['Pareto/NBD', false, false],
    ]);
    expect(rows[2].params).toEqual([]);
    expect(rows[2].reason).toContain('skipped');
  });
  it('parameters carry their SE; an SE of half the value or more, or none, is flagged loose', () => {
    expect(rows[0].params.map((p) => [p.symbol, p.value, p.se, p.loose])).toEqual([
      ['r', 0.24, 0.01, false],
      ['α', 4.4, 0.2, false],
      ['a', 0.79, 0.5, true], // 0.5 ≥ 0.395
      ['b', 2.4, null, true],
    ]);
  });
  it('holdout errors per model', () => {
    expect(rows.map((r) => [r.totalError, r.groupError])).toEqual([
      [100, 0.1],
      [115, 0.2],
      [null, null],
    ]);
  });
  it('says why: a near-tie that went to the model letting one-time buyers lapse, or the least error', () => {
    expect(choiceText(rows, { chosen: 'mbgnbd', rule: 'holdout_total_error' }, 'zh')).toBe(
      '选用 MBG/NBD：检验误差与最小的 BG/NBD 相差不到实际复购总数的 2%，视为并列；并列时优先让只买过一次的会员也可能流失的模型。',
    );
    const least = modelComparisonRows(fit, holdout, { chosen: 'bgnbd', rule: 'holdout_total_error' });
    expect(choiceText(least, { chosen: 'bgnbd', rule: 'holdout_total_error' }, 'en')).toBe("Using BG/NBD: it missed the check period's total repeat purchases by the least.");
    expect(choiceText(rows, { chosen: 'mbgnbd', rule: 'log_likelihood' }, 'en')).toBe('Using MBG/NBD: the data allows no holdout check, so the highest log-likelihood decides.');
  });
});

describe('why a model has no parameters', () => {
  it('the in-tab history limit in the reader’s language, with its numbers (from the skipped fit itself)', () => {
    const fit = skipped('pareto_nbd', { histories: 13_360, limit: 5_000 });
    expect(fit.reason).toBe('skipped: 13360 distinct purchase histories (the in-tab limit for Pareto/NBD is 5000)');
    expect(notFittedText(fit, 'zh')).toBe('未拟合：数据有 13,360 种不同的购买历史，超过页面内拟合的上限 5,000（可用命令行 store-compass fit）');
    expect(notFittedText(fit, 'en')).toBe('Not fitted: 13,360 distinct purchase histories, above the in-tab limit of 5,000 (the store-compass fit command has none)');
    expect(notFittedText({ reason: 'no-progress', skipped: null }, 'zh')).toBe('未收敛');
    expect(notFittedText({ reason: 'no-progress', skipped: null }, 'en')).toBe('Did not converge (no-progress)');
  });
});
