/**
 * Labels of the benefits and campaigns tables: benefit types (权益类型), contact channels (触达渠道)
 * and the control/treatment arm. The import maps a store's own wording onto these and reports the
 * mapping (raw → normalised); an unknown benefit type becomes 其他, an unknown channel is kept as is.
 */
import { foldText } from './text.ts';

export const BENEFIT_TYPES = ['生日礼', '会员日', '优惠券', '积分兑换', '等级专属折扣', '新品优先/体验', '免费服务', '其他'] as const;
export type BenefitType = (typeof BENEFIT_TYPES)[number];

export const CONTACT_CHANNELS = ['短信', '公众号', '企业微信', '社群', 'APP推送', '电话', '门店'] as const;

const key = (raw: string) =>
  foldText(raw)
    .trim()
    .toLowerCase()
    .replace(/[\s_\-·]+/g, '');

/** Ordered rules: the first whose word occurs in the label wins (生日券 is a birthday gift, not a coupon). */
const BENEFIT_RULES: readonly [BenefitType, readonly string[]][] = [
  ['生日礼', ['生日', 'birthday']],
  ['会员日', ['会员日', 'memberday', 'membersday']],
  ['积分兑换', ['积分', 'points', 'point', 'redemption']],
  ['等级专属折扣', ['等级', '专属', '会员价', '会员折扣', 'tier', 'exclusive', 'vipdiscount']],
  ['新品优先/体验', ['新品', '优先', '体验', '试用', '试吃', 'newproduct', 'preview', 'trial', 'earlyaccess']],
  ['免费服务', ['免费', '服务', '包装', '配送', '停车', '修改', '保养', 'free', 'service']],
  ['优惠券', ['券', '优惠', '满减', '减', '折扣', '代金', '红包', 'coupon', 'voucher', 'discount']],
];

/** A benefit-type label → one of BENEFIT_TYPES (其他 when no rule matches). */
export function normaliseBenefitType(raw: string): BenefitType {
  const k = key(raw);
  for (const [type, words] of BENEFIT_RULES) if (words.some((w) => k.includes(w))) return type;
  return '其他';
}

const CHANNEL_RULES: readonly [string, readonly string[]][] = [
  ['企业微信', ['企业微信', '企微', 'wecom', 'workwechat']],
  ['社群', ['社群', '群', 'community', 'group']],
  ['公众号', ['公众号', '服务号', '订阅号', '微信', 'wechat', 'officialaccount']],
  ['短信', ['短信', 'sms', 'text']],
  ['APP推送', ['app', '推送', 'push', '小程序']],
  ['电话', ['电话', '外呼', 'phone', 'call']],
  ['门店', ['门店', '店内', '到店', 'store', 'instore']],
];

/** A contact-channel label → one of CONTACT_CHANNELS; null when unknown (the caller keeps the raw text). */
export function normaliseContactChannel(raw: string): string | null {
  const k = key(raw);
  for (const [ch, words] of CHANNEL_RULES) if (words.some((w) => k.includes(w))) return ch;
  return null;
}

const CONTROL = ['对照', '对照组', '控制组', '空白组', '留存组', '不触达', '未触达', 'control', 'holdout', 'hold-out', 'c'];
const TREATMENT = ['实验', '实验组', '测试组', '触达', '触达组', '处理组', '已触达', 'treatment', 'test', 'treated', 'contacted', 't'];

/** A group label → 'treatment' | 'control'; null when unknown. */
export function normaliseArm(raw: string): 'treatment' | 'control' | null {
  const k = key(raw);
  if (CONTROL.includes(k) || k.includes('对照') || k.includes('control') || k.includes('holdout') || k.includes('未触达') || k.includes('不触达')) return 'control';
  if (TREATMENT.includes(k) || k.includes('实验') || k.includes('触达') || k.includes('treat') || k.includes('test')) return 'treatment';
  return null;
}

/** Per table and field, the label normaliser the import applies (its raw → normalised mapping is reported). */
export const VALUE_NORMALISERS: Partial<Record<string, Record<string, (raw: string) => string | null>>> = {
  benefits: { benefit_type: normaliseBenefitType },
  campaigns: { channel: normaliseContactChannel, arm: normaliseArm },
};
