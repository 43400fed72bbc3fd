/** A member-list target in words, for the list header and export file names. */
import { DEFAULT_RESPONSE_DAYS } from '../metrics/params.ts';
import { NPS_CLASS_LABELS } from '../concepts/nps-class.ts';
import type { Lang } from '../format.ts';
import type { MemberTarget } from '../view/member-links.ts';
import { stageLabel } from '../concepts/lifecycle-stage.ts';
import { rfmGroupLabel } from './columns.ts';

const W = {
  rfm: { zh: 'RFM', en: 'RFM' },
  eleven: { zh: '十一类', en: '11 groups' },
  cn8: { zh: '八类模型', en: '8-class model' },
  tier: { zh: '等级', en: 'Tier' },
  lifecycle: { zh: '生命周期', en: 'Lifecycle' },
  nps: { zh: 'NPS', en: 'NPS' },
  ...NPS_CLASS_LABELS,
  top_tier_detractors: { zh: '高等级会员贬损者（金卡、钻石，NPS 0–6）', en: 'Top-tier detractors (金卡/钻石, NPS 0–6)' },
  value_at_risk: { zh: '价值流失风险（仍活跃概率 < 50%，按风险价值排序）', en: 'Value at risk (P(alive) < 50%, ranked by value at risk)' },
  all: { zh: '期内消费会员', en: 'Buyers in the period' },
  campaign_lapsed: { zh: '收到活动后未回来消费', en: 'Received the campaign and did not come back' },
  benefit_lapsed: { zh: '收到权益后未回来消费', en: 'Received the benefit and did not come back' },
} as const;

const colon = (lang: Lang) => (lang === 'zh' ? '：' : ': ');

/** E.g. "RFM（八类模型）：重要挽留客户" / "Lifecycle: Warning". */
export function describeTarget(target: MemberTarget, lang: Lang): string {
  switch (target.list) {
    case 'rfm': {
      const scheme = lang === 'zh' ? `（${W[target.scheme].zh}）` : ` (${W[target.scheme].en})`;
      return `${W.rfm[lang]}${scheme}${colon(lang)}${rfmGroupLabel(target.group, target.scheme, lang)}`;
    }
    case 'tier':
      return `${W.tier[lang]}${colon(lang)}${target.tier}`;
    case 'lifecycle':
      return `${W.lifecycle[lang]}${colon(lang)}${stageLabel(target.stage, lang)}`;
    case 'nps_class':
      return `${W.nps[lang]}${colon(lang)}${W[target.npsClass][lang]}`;
    case 'campaign_lapsed':
    case 'benefit_lapsed': {
      const what = target.list === 'campaign_lapsed' ? target.campaign : target.benefit;
      return `${W[target.list][lang]}${colon(lang)}${what}${lang === 'zh' ? `（${target.days ?? DEFAULT_RESPONSE_DAYS} 天内）` : ` (within ${target.days ?? DEFAULT_RESPONSE_DAYS} days)`}`;
    }
    default:
      return W[target.list][lang];
  }
}
