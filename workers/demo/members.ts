/**
 * Demo members: a tier pyramid, join dates (some before the window), a purchase rate and a
 * lifetime per member, plus the profile columns of the members table. Struct-of-arrays so
 * 20,000 members cost a few typed arrays, not 20,000 objects.
 */
import { CanonicalCsvWriter } from '../canonical-csv.ts';
import { TIERS } from '../../src/lib/schema.ts';
import { DAYS, PAD2, dayIndex, isoOfDay } from './calendar.ts';
import type { Rng } from '../../src/lib/rng.ts';
import { sampleDay, type Season } from './season.ts';
import { CHURN_WAVE, COMMUNITY, PROFILES, STORES } from './stores.ts';

/** Number of demo members. */
export const MEMBER_COUNT = 20_000;
/** Purchases per month of an average 普通 member on a weight-1 day mix (tuned for ~250k orders). */
const BASE_RATE = 0.74;
/** Tier pyramid: 普通 / 银卡 / 金卡 / 钻石. */
const TIER_SHARE = [0.58, 0.26, 0.12, 0.04];
const TIER_FREQUENCY = [0.55, 1.15, 1.9, 3.0];
/** Multiplier on the price of each item bought: higher tiers buy dearer baskets. */
const TIER_SPEND = [1, 1.12, 1.3, 1.6];
const TIER_LIFETIME = [0.8, 1.1, 1.4, 1.8];
/** Mean member lifetime in days before a 'natural' lapse. */
const MEAN_LIFETIME = 800;
const PRE_WINDOW_SHARE = 0.5;
const FIRST_PRE_WINDOW_JOIN = dayIndex(2021, 3, 1);
const PHONE_PREFIXES = ['138', '139', '137', '136', '135', '150', '151', '152', '158', '159', '186', '187', '188', '189', '177', '199'];
const SIGNUP_CHANNELS = ['门店', '小程序', '公众号', '导购'];
const SIGNUP_WEIGHTS = [0.5, 0.3, 0.1, 0.1];
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]; // Feb 29 is never drawn
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉萍红玲斌燕辉鹏宇婷雪琳晨欣怡佳悦子涵浩然梓轩思雨嘉诗文博雅晓颖';

/**
 * A member's demo name from their index alone (a multiplicative hash, no draw from the demo's random
 * stream, so adding names changed no other demo number): a surname and one or two given characters.
 */
export function demoName(i: number): string {
  const h = Math.imul(i + 1, 2654435761) >>> 0;
  const given = GIVEN[(h >>> 8) % GIVEN.length] + (h & 1 ? GIVEN[(h >>> 16) % GIVEN.length] : '');
  return SURNAMES[h % SURNAMES.length] + given;
}

export interface Members {
  readonly count: number;
  readonly id: string[];
  /** Day index of joining (negative: before the window). */
  readonly joinDay: Int32Array;
  /** First day index on which the member no longer buys. */
  readonly churnDay: Int32Array;
  /** Day of the forced last purchase of a churn-wave member, else -1. */
  readonly waveDay: Int32Array;
  /** Final tier index into TIERS. */
  readonly tier: Uint8Array;
  readonly home: Uint8Array;
  /** Expected purchases per month on a weight-1 day. */
  readonly rate: Float64Array;
  /** Price multiplier of this member's baskets. */
  readonly spend: Float64Array;
  /** Birth month 1–12 (birthday uplift). */
  readonly birthMonth: Uint8Array;
  /** Members table rows, column order of TABLES.members. */
  readonly csv: string;
}

/** Draws MEMBER_COUNT members. */
export function generateMembers(rng: Rng, season: Season): Members {
  const n = MEMBER_COUNT;
  const id: string[] = [];
  const joinDay = new Int32Array(n);
  const churnDay = new Int32Array(n);
  const waveDay = new Int32Array(n).fill(-1);
  const tier = new Uint8Array(n);
  const home = new Uint8Array(n);
  const rate = new Float64Array(n);
  const spend = new Float64Array(n);
  const birthMonth = new Uint8Array(n);
  const writer = new CanonicalCsvWriter('members');
  const shares = PROFILES.map((p) => p.memberShare);

  for (let i = 0; i < n; i++) {
    id.push('M' + String(i + 1).padStart(6, '0'));
    const h = rng.weighted(shares);
    home[i] = h;
    // Older members are fewer (sqrt skews joins toward the window); new ones follow the seasons.
    const join = rng.next() < PRE_WINDOW_SHARE ? FIRST_PRE_WINDOW_JOIN + Math.floor(Math.sqrt(rng.next()) * -FIRST_PRE_WINDOW_JOIN) : sampleDay(season, rng, 0, DAYS);
    joinDay[i] = join;
    const tenureMonths = (DAYS - join) / 30.4;
    let t = rng.weighted(TIER_SHARE);
    t = Math.min(t, tenureMonths < 2 ? 1 : tenureMonths < 6 ? 2 : 3); // nobody is 钻石 after a month
    let churn = join + Math.ceil(-Math.log(1 - rng.next()) * MEAN_LIFETIME * TIER_LIFETIME[t]);
    if (churn <= 0) t = Math.min(t, 1); // long-lapsed members were downgraded before the window
    if (h === COMMUNITY && join < CHURN_WAVE.start - 60 && churn > CHURN_WAVE.start && rng.next() < CHURN_WAVE.share) {
      const last = CHURN_WAVE.start + rng.int(CHURN_WAVE.end - CHURN_WAVE.start);
      waveDay[i] = last;
      churn = last + 1;
    }
    churnDay[i] = churn;
    tier[i] = t;
    rate[i] = ((BASE_RATE * rng.gamma(1.6)) / 1.6) * TIER_FREQUENCY[t] * PROFILES[h].frequency;
    spend[i] = TIER_SPEND[t] * Math.exp(0.2 * rng.normal());

    const year = Math.min(2006, Math.max(1960, Math.round(1988 + 8 * rng.normal())));
    const month = 1 + rng.int(12);
    const day = 1 + rng.int(MONTH_DAYS[month - 1]);
    birthMonth[i] = month;
    const g = rng.next();
    const gender = g < 0.63 ? '女' : g < 0.97 ? '男' : null;
    const phone = PHONE_PREFIXES[rng.int(PHONE_PREFIXES.length)] + String(rng.int(100_000_000)).padStart(8, '0');
    const channel = SIGNUP_CHANNELS[rng.weighted(SIGNUP_WEIGHTS)];
    writer.push([id[i], isoOfDay(join), TIERS[t], `${year}-${PAD2[month]}-${PAD2[day]}`, gender, year, phone, STORES[h], channel, demoName(i)]);
  }
  return { count: n, id, joinDay, churnDay, waveDay, tier, home, rate, spend, birthMonth, csv: writer.toString() };
}
