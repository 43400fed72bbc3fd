/**
 * Label normalisation for categorical fields: member tiers onto TIERS (普通/银卡/金卡/钻石),
 * order channel onto online/offline, gender onto 男/女, point movements onto earn/redeem/expire.
 * Unknown labels are kept as they are (trimmed) and reported, never dropped.
 */
import { foldText } from './text.ts';

const key = (raw: string) => foldText(raw).trim().toLowerCase().replace(/\s+/g, '');

// Lookups go through Maps: a label like `constructor` or `__proto__` must not find Object.prototype.
const TIER_WORDS = new Map<string, string>();
const tierGroup = (tier: string, words: string[]) => words.forEach((w) => TIER_WORDS.set(w, tier));
tierGroup('钻石', ['钻石', '钻石卡', '钻卡', '钻', 'vip', 'vip卡', 'diamond']);
tierGroup('金卡', ['金卡', '金', '黄金', '黄金卡', 'gold']);
tierGroup('银卡', ['银卡', '银', '白银', '白银卡', 'silver']);
tierGroup('普通', ['普通', '普卡', '普通卡', '普', '基础', '大众', '标准', 'normal', 'regular', 'basic', 'standard', 'member']);
const TIER_SUFFIX = /(会员卡|卡会员|会员|等级|级|member)$/;

/** A tier label → one of TIERS, or the trimmed label itself when unknown (金卡会员 → 金卡, VIP → 钻石). */
export function normaliseTier(raw: string): string {
  const k = key(raw);
  return TIER_WORDS.get(k) ?? TIER_WORDS.get(k.replace(TIER_SUFFIX, '')) ?? raw.trim();
}

const ONLINE = [
  'online',
  '线上',
  '网店',
  '网上',
  '网上商城',
  '商城',
  '在线',
  '小程序',
  '微信',
  '微信小程序',
  '公众号',
  'app',
  '电商',
  '外卖',
  '淘宝',
  '天猫',
  '京东',
  '美团',
  '饿了么',
  '抖音',
  '拼多多',
  '官网',
  'web',
  'ecommerce',
  'e-commerce',
  'internet',
  'delivery',
  'mobile',
];
const OFFLINE = ['offline', '线下', '门店', '店内', '实体店', '到店', '柜台', '专柜', '商场', '店铺', 'store', 'instore', 'in-store', 'pos', 'retail', 'shop'];
const CHANNEL = new Map<string, 'online' | 'offline'>([...ONLINE.map((w) => [w, 'online'] as const), ...OFFLINE.map((w) => [w, 'offline'] as const)]);

/** An order channel label → 'online' | 'offline'; null when unknown (the caller keeps the raw text). */
export function normaliseChannel(raw: string): 'online' | 'offline' | null {
  const k = key(raw);
  const hit = CHANNEL.get(k);
  if (hit) return hit;
  if (k.includes('线上') || k.includes('小程序') || k.includes('网') || k.includes('外卖')) return 'online';
  if (k.includes('线下') || k.includes('门店')) return 'offline';
  return null;
}

const GENDER = new Map(Object.entries({ 男: '男', m: '男', male: '男', man: '男', 先生: '男', 女: '女', f: '女', female: '女', woman: '女', 女士: '女' }));

/** Gender → 男/女 (the demo's form); unknown text kept as is. */
export function normaliseGender(raw: string): string {
  return GENDER.get(key(raw)) ?? raw.trim();
}

const POINT_KINDS = new Map<string, 'earn' | 'redeem' | 'expire'>(
  Object.entries({
    earn: 'earn',
    获得: 'earn',
    赚取: 'earn',
    增加: 'earn',
    发放: 'earn',
    消费获得: 'earn',
    消费: 'earn',
    奖励: 'earn',
    赠送: 'earn',
    redeem: 'redeem',
    兑换: 'redeem',
    使用: 'redeem',
    抵扣: 'redeem',
    抵现: 'redeem',
    扣减: 'redeem',
    消耗: 'redeem',
    积分兑换: 'redeem',
    expire: 'expire',
    过期: 'expire',
    失效: 'expire',
    清零: 'expire',
    到期: 'expire',
    expired: 'expire',
  } as const),
);

/** A point-movement label → earn/redeem/expire; null when unknown. */
export function normalisePointKind(raw: string): 'earn' | 'redeem' | 'expire' | null {
  return POINT_KINDS.get(key(raw)) ?? null;
}

/** A survey scale label → nps/csat; null when unknown. */
export function normaliseScale(raw: string): 'nps' | 'csat' | null {
  const k = key(raw);
  if (k === 'nps' || k.includes('推荐')) return 'nps';
  if (k === 'csat' || k.includes('满意')) return 'csat';
  return null;
}
