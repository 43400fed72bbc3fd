/**
 * The fit rules of the customer-base models, written once: docs/metrics.md renders them (after the
 * metric catalogue) and the value panel's model card shows the choice rule. The numbers come from
 * the constants the code uses, so the text cannot drift from the behaviour.
 */
import { DEFAULT_SPLIT_FRACTION, MIN_REPEAT_BUYERS } from '../members/prediction.ts';
import { CHOICE_TIE_SHARE } from './model-names.ts';

export interface FitRule {
  id: 'purchase' | 'summary' | 'split' | 'holdout_error' | 'choice' | 'uncertainty' | 'predictions';
  zh: string;
  en: string;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

export const FIT_RULES: readonly FitRule[] = [
  {
    id: 'purchase',
    zh: '什么算一次消费：会员（有会员号）的非退款订单，金额 > 0（口径“金额为 0 的订单也算消费”/ CLI `--count-zero-amount` 时为 ≥ 0）；同一天的多笔订单算一个消费日，金额相加。',
    en: 'What counts: a member’s (member id present) non-refund order with amount > 0 (≥ 0 with the 口径 switch / CLI `--count-zero-amount`); several orders on one calendar day are one purchase day, their amounts summed.',
  },
  {
    id: 'summary',
    zh: '每位会员的校准汇总（截至校准截止日，含当日）：x = 消费日数 − 1（复购次数）；t_x = 首次到最后一次消费日的天数；T = 首次消费日到校准截止日的天数（截止日当天首次消费则 T = 0）；按周时再除以 7。客单价模型用复购日的平均金额（不含首次）。',
    en: 'Each member’s calibration summary (up to and including the calibration end): x = purchase days − 1 (repeat purchases); t_x = days from the first to the last purchase day; T = days from the first purchase day to the calibration end (0 for a first purchase on that day); divided by 7 in weeks. The spend model uses the mean spend of the repeat purchase days (the first excluded).',
  },
  {
    id: 'split',
    zh: `模型检验：默认分割日 = 首个消费日 + ⌊${DEFAULT_SPLIT_FRACTION.toFixed(3)} × 到校准截止日的天数⌋；三种模型只用分割日及以前的数据重新拟合，预测之后到截止日的复购次数。复购会员少于 ${MIN_REPEAT_BUYERS} 位时不做检验。`,
    en: `Holdout check: the default split date = the first purchase day + ⌊${DEFAULT_SPLIT_FRACTION.toFixed(3)} × days to the calibration end⌋; all three models are refitted on data up to the split and predict repeat purchases from then to the calibration end. No check with fewer than ${MIN_REPEAT_BUYERS} repeat buyers.`,
  },
  {
    id: 'holdout_error',
    zh: '检验误差：总误差 = |所有会员预测复购次数之和 − 实际之和|，相对误差 = (预测和 − 实际和) ÷ 实际和；按分割日前复购次数分组（0…6、7+）比较人均预测与人均实际，分组误差 = 各非空组 |人均预测 − 人均实际| 的简单平均（每组同权）。',
    en: 'Holdout error: total error = |Σ predicted − Σ actual| repeat purchases over all members, relative error = (Σ predicted − Σ actual) ÷ Σ actual; by calibration frequency (0…6, 7+) the mean predicted vs the mean actual per member, and the error by frequency = the plain mean over non-empty groups of |mean predicted − mean actual| (each group weighs the same).',
  },
  {
    id: 'choice',
    zh: `选用哪种模型：收敛的模型中总误差最小者；与最小者相差不超过实际复购总数 ${pct(CHOICE_TIE_SHARE)} 的视为并列，并列时优先让“只买过一次”的会员也可能流失的模型（MBG/NBD、Pareto/NBD；BG/NBD 中他们永远“仍活跃”），再比分组误差。无法检验时选对数似然最高者（三者参数个数相同，等同 AIC/BIC 最小）。`,
    en: `Which model is used: among converged models the smallest total error; models within ${pct(CHOICE_TIE_SHARE)} of the actual holdout total of it are tied, and a tie goes first to a model in which one-time buyers can lapse (MBG/NBD, Pareto/NBD; in BG/NBD they stay “alive” for ever), then to the smaller error by frequency. Without a usable check: the highest log-likelihood (same parameter count, so also the lowest AIC/BIC).`,
  },
  {
    id: 'uncertainty',
    zh: '参数的 ± 为标准误：对数似然在最优点的数值 Hessian 之逆（观测信息）的对角线开方；标准误接近或超过参数本身说明数据太少，估计不可靠。',
    en: 'The ± of each parameter is its standard error: the square root of the diagonal of the inverse numerical Hessian of the log-likelihood at the optimum (observed information); a standard error near or above the value says the data is too thin to pin it down.',
  },
  {
    id: 'predictions',
    zh: '每位会员的预测用选中的模型在全部数据（截至校准截止日）上的拟合：仍活跃概率、预测期内预计消费次数、折现后的 CLV；仍活跃概率 < 50 % 的会员不给“下次到店”天数。模型用全店数据拟合；门店/等级/渠道筛选只决定显示哪些会员（筛选范围内有消费的会员）。',
    en: 'Each member’s predictions use the chosen model fitted on all data up to the calibration end: P(alive), expected purchases over the horizon, discounted CLV; no “next visit” for members with P(alive) < 50 %. The model is fitted on the whole store’s data; store/tier/channel filters choose which members are shown (those with a purchase under the filters).',
  },
];

/** The fit rules as a markdown section (appended to docs/metrics.md). */
export function renderFitRulesDoc(): string {
  const out = ['# Customer-base models: fit rules 模型拟合规则', ''];
  for (const r of FIT_RULES) out.push(`- **${r.id}** — ${r.zh}`, `  ${r.en}`);
  out.push('');
  return out.join('\n');
}
