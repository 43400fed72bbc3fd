/**
 * The value panel's model card as data: each purchase/dropout model's parameters with standard
 * errors, its fit and its holdout errors, which one is used and why in words (FIT_RULES 'choice').
 */
import type { Lang } from '../format.ts';
import type { FittedModels, HoldoutResult, ModelChoiceResult } from '../members/prediction.ts';
import type { SkippedFit } from './model-types.ts';
import { CHOICE_TIE_SHARE, MODEL_LABELS, MODEL_NAMES, ONE_TIME_BUYERS_CAN_LAPSE, PARAM_NAMES, PARAM_SYMBOLS, type ModelName } from './model-names.ts';

export interface ParamCell {
  symbol: string;
  value: number;
  se: number | null;
  /** The standard error is missing or at least half the value: the data cannot pin this parameter down. */
  loose: boolean;
}

export interface ModelComparisonRow {
  model: ModelName;
  label: string;
  chosen: boolean;
  converged: boolean;
  logLikelihood: number;
  params: ParamCell[];
  /** |Σ predicted − Σ actual| holdout repeat purchases; null without an ok check. */
  totalError: number | null;
  relativeError: number | null;
  /** Mean over frequency groups of |predicted − actual| per member. */
  groupError: number | null;
  /** Whether one-time buyers can lapse in this model. */
  lapse: boolean;
  /** Why it failed (optimiser/guard text, English), '' when fine. */
  reason: string;
  /** Set when it was not fitted at all (the in-tab history limit). */
  skipped: SkippedFit | null;
}

/** A parameter whose standard error reaches half its value is too loosely estimated to read. */
export const LOOSE_SE_SHARE = 0.5;

export function paramCells(params: Record<string, number>, se: Record<string, number | null>, names: readonly string[]): ParamCell[] {
  return names.map((name) => {
    const value = params[name];
    const s = se[name] ?? null;
    return { symbol: PARAM_SYMBOLS[name] ?? name, value, se: s, loose: s === null || !Number.isFinite(s) || s >= LOOSE_SE_SHARE * Math.abs(value) };
  });
}

export function modelComparisonRows(fit: FittedModels, holdout: HoldoutResult, choice: ModelChoiceResult | null): ModelComparisonRow[] {
  return MODEL_NAMES.map((model) => {
    const m = fit.models[model];
    const h = holdout.models.find((r) => r.model === model);
    return {
      model,
      label: MODEL_LABELS[model],
      chosen: choice?.chosen === model,
      converged: m.converged,
      logLikelihood: m.logLikelihood,
      params: m.converged ? paramCells(m.params, m.se, PARAM_NAMES[model]) : [],
      totalError: h?.totalError ?? null,
      relativeError: h?.relativeError ?? null,
      groupError: h?.mae ?? null,
      lapse: ONE_TIME_BUYERS_CAN_LAPSE[model],
      reason: m.converged ? '' : m.reason,
      skipped: m.skipped ?? null,
    };
  });
}

/**
 * Why a model has no parameters, in the reader's language: the in-tab history limit (with its
 * numbers), or "did not converge" (the optimiser's own words are English detail, kept for en only).
 */
export function notFittedText(row: { reason: string; skipped?: SkippedFit | null }, lang: Lang): string {
  if (row.skipped) {
    const [n, limit] = [row.skipped.histories.toLocaleString('en-US'), row.skipped.limit.toLocaleString('en-US')];
    return lang === 'zh'
      ? `未拟合：数据有 ${n} 种不同的购买历史，超过页面内拟合的上限 ${limit}（可用命令行 store-compass fit）`
      : `Not fitted: ${n} distinct purchase histories, above the in-tab limit of ${limit} (the store-compass fit command has none)`;
  }
  return lang === 'zh' ? '未收敛' : `Did not converge${row.reason ? ` (${row.reason})` : ''}`;
}

/** One sentence: which model is used and the rule that picked it, from the comparison itself. */
export function choiceText(rows: readonly ModelComparisonRow[], choice: ModelChoiceResult | null, lang: Lang): string {
  if (!choice) return '';
  const name = MODEL_LABELS[choice.chosen];
  const zh = lang === 'zh';
  if (choice.rule === 'none_converged') return zh ? '三种模型都没有收敛，预测不可用。' : 'None of the three models converged; there are no predictions.';
  if (choice.rule === 'log_likelihood') {
    return zh ? `选用 ${name}：数据不足以做检验，取对数似然最高者。` : `Using ${name}: the data allows no holdout check, so the highest log-likelihood decides.`;
  }
  const checked = rows.filter((r) => r.totalError !== null);
  const least = checked.reduce((b, r) => (r.totalError! < b.totalError! ? r : b));
  const pct = `${Math.round(CHOICE_TIE_SHARE * 100)}%`;
  if (least.model === choice.chosen) {
    return zh ? `选用 ${name}：检验期预测的复购总数误差最小。` : `Using ${name}: it missed the check period's total repeat purchases by the least.`;
  }
  return zh
    ? `选用 ${name}：检验误差与最小的 ${least.label} 相差不到实际复购总数的 ${pct}，视为并列；并列时优先让只买过一次的会员也可能流失的模型。`
    : `Using ${name}: its holdout error is within ${pct} of the actual total of the least (${least.label}), a tie; ties go to a model in which one-time buyers can lapse.`;
}
