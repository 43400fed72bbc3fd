/** The parameters in force, in words: shown in the "how computed" drawer and on printed reports. */
import { formatPeriod, type Lang } from '../format.ts';
import { DEFAULT_LIFECYCLE, type MetricParams } from '../metrics/params.ts';

const W = {
  period: { zh: '时间', en: 'Period' },
  stores: { zh: '门店', en: 'Stores' },
  channels: { zh: '渠道', en: 'Channels' },
  tiers: { zh: '等级', en: 'Tiers' },
  all: { zh: '全部', en: 'all' },
  customers: { zh: '客户', en: 'Customers' },
  member: { zh: '仅会员', en: 'members only' },
  nonmember: { zh: '仅非会员', en: 'walk-ins only' },
  basis: { zh: '复购口径', en: 'Repurchase basis' },
  days: { zh: '消费天数≥2', en: '≥2 purchase days' },
  orders: { zh: '订单数≥2', en: '≥2 orders' },
  lifecycle: { zh: '生命周期阈值（距上次消费天数）', en: 'Lifecycle thresholds (days since last purchase)' },
  purchase: { zh: '消费口径', en: 'A purchase is' },
  positive: { zh: '金额大于 0 的非退款订单', en: 'a non-refund order with an amount above 0' },
  zeroToo: { zh: '金额大于等于 0 的非退款订单（含 0 元订单）', en: 'a non-refund order with an amount of 0 or more (zero-amount orders included)' },
} as const;

export function describeParams(p: MetricParams | null, lang: Lang): string[] {
  if (!p) return [];
  const list = (v: string[] | undefined) => (v && v.length ? v.join('、') : W.all[lang]);
  const lc = p.lifecycle ?? DEFAULT_LIFECYCLE;
  return [
    `${W.period[lang]}: ${formatPeriod(p.from, p.to, lang)}`,
    `${W.stores[lang]}: ${list(p.stores)}`,
    `${W.channels[lang]}: ${list(p.channels)}`,
    `${W.tiers[lang]}: ${list(p.tiers)}`,
    `${W.customers[lang]}: ${p.membership === 'member' ? W.member[lang] : p.membership === 'nonmember' ? W.nonmember[lang] : W.all[lang]}`,
    `${W.purchase[lang]}: ${p.countZeroAmount ? W.zeroToo[lang] : W.positive[lang]}`,
    `${W.basis[lang]}: ${p.repurchaseBasis === 'orders' ? W.orders[lang] : W.days[lang]}`,
    `${W.lifecycle[lang]}: ≤${lc.active} / ≤${lc.atRisk} / ≤${lc.dormant} / >${lc.dormant}`,
  ];
}
