/** Plain words for why the models give no numbers (shown instead of numbers, never beside them). */
import type { Lang } from '../format.ts';
import { MIN_REPEAT_BUYERS, type PredictionStatus } from './prediction.ts';

/** The reason in the user's language; `repeatBuyers` is how many members bought more than once. */
export function predictionStatusText(status: PredictionStatus, repeatBuyers: number, lang: Lang): string {
  switch (status) {
    case 'ok':
      return '';
    case 'no_members':
      return lang === 'zh' ? '还没有会员消费记录，无法建立预测模型。' : 'There are no member purchases yet, so there is nothing to model.';
    case 'thin':
      return lang === 'zh'
        ? `数据太少：只有 ${repeatBuyers} 位会员有过复购，至少需要 ${MIN_REPEAT_BUYERS} 位，模型给不出可靠的预测。`
        : `Too little data: only ${repeatBuyers} members bought more than once; at least ${MIN_REPEAT_BUYERS} are needed for a reliable prediction.`;
    case 'not_converged':
      return lang === 'zh'
        ? '模型拟合没有收敛（这份数据的购买规律不符合模型假设），因此不显示预测数字。'
        : 'The model fit did not converge (the buying pattern in this data does not suit the model), so no predictions are shown.';
    case 'bad_split':
      return lang === 'zh' ? '检验分割日需要落在第一笔消费之后、最后一天之前。' : 'The split date must fall after the first purchase and before the last day.';
  }
}
