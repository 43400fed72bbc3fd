/**
 * NPS surveys: about 15 % of members answer 1–5 post-purchase surveys about the store they
 * bought in. 社区店's scores sink during NPS_DIP, months before its churn wave. About half of
 * the answers also rate the visit on the 1–5 CSAT scale (a second row, same time), so the CSAT
 * tile and trend have data.
 */
import { CanonicalCsvWriter } from '../canonical-csv.ts';
import type { OrderBuffer } from './buffers.ts';
import { clockOf, DAYS, type Calendar } from './calendar.ts';
import type { Members } from './members.ts';
import type { Rng } from '../../src/lib/rng.ts';
import { COMMUNITY, dipDepth, NPS_DIP, PROFILES, STORES } from './stores.ts';

/** Share of all members who answer at least one survey. */
export const SURVEY_MEMBER_SHARE = 0.15;
/** Share of survey answers that also carry a 1–5 satisfaction (CSAT) score. */
export const CSAT_SHARE = 0.5;
/** Unhappy customers write more often than happy ones. */
const COMMENT_SHARE = { detractor: 0.7, other: 0.35 };
const PRAISE = ['店员很热情', '商品质量不错', '环境干净舒适', '会员活动很划算', '"会员日"活动不错', '导购很专业，推荐的很合适'];
const NEUTRAL = ['还可以', '价格略贵', '品类可以再丰富些', '还行, 就是停车不方便'];
const COMPLAINTS = ['结账排队太久', '店员态度一般', '想要的尺码没有货', '促销规则看不懂'];
/** What 社区店's members said during the dip: the reasons a trainer can read out. */
const DIP_COMPLAINTS = ['最近经常缺货', '换了店员后服务变差了', '货架空了好几天', '结账排队太久', '会员积分活动取消了，很失望'];

function comment(rng: Rng, score: number, inDip: boolean): string | null {
  if (rng.next() >= (score <= 6 ? COMMENT_SHARE.detractor : COMMENT_SHARE.other)) return null;
  const pool = score >= 9 ? PRAISE : score >= 7 ? NEUTRAL : inDip ? DIP_COMPLAINTS : COMPLAINTS;
  return pool[rng.int(pool.length)];
}

/** Survey rows (canonical CSV, chronological) for purchases in `purchases`. */
export function generateSurveys(rng: Rng, cal: Calendar, members: Members, purchases: OrderBuffer, start: Int32Array): string {
  let buyers = 0;
  for (let m = 0; m < members.count; m++) if (start[m + 1] > start[m]) buyers++;
  const answerShare = (SURVEY_MEMBER_SHARE * members.count) / Math.max(buyers, 1);
  const rows: { key: number; row: (string | number | null)[] }[] = [];
  for (let m = 0; m < members.count; m++) {
    const first = start[m];
    const count = start[m + 1] - first;
    if (count === 0 || rng.next() >= answerShare) continue;
    const wanted = Math.min(count, 1 + Math.min(4, rng.poisson(1.4)));
    const picked = new Set<number>();
    while (picked.size < wanted) picked.add(first + rng.int(count));
    for (const o of picked) {
      const delay = rng.int(4);
      const day = Math.min(purchases.day[o] + delay, DAYS - 1);
      const sec = day === purchases.day[o] ? Math.min(purchases.sec[o] + 600 + rng.int(7200), 86399) : 9 * 3600 + rng.int(13 * 3600);
      const store = purchases.store[o];
      const dip = store === COMMUNITY ? dipDepth(day) : 0;
      const mean = PROFILES[store].npsMean - NPS_DIP.depth * dip;
      const score = Math.min(10, Math.max(0, Math.round(mean + 1.5 * rng.normal())));
      const time = `${cal.date[day]} ${clockOf(sec)}`;
      rows.push({ key: day * 86400 + sec, row: [members.id[m], time, score, 'nps', comment(rng, score, dip > 0.2), STORES[store]] });
      // CSAT follows the same experience: 10 → 5, 8 → 4, 6 → 3 (so it sinks with the dip too).
      if (rng.next() < CSAT_SHARE) {
        const csat = Math.min(5, Math.max(1, Math.round(score / 2 + 0.6 * rng.normal())));
        rows.push({ key: day * 86400 + sec, row: [members.id[m], time, csat, 'csat', null, STORES[store]] });
      }
    }
  }
  rows.sort((a, b) => a.key - b.key); // stable: ties keep generation order
  const writer = new CanonicalCsvWriter('surveys');
  for (const r of rows) writer.push(r.row);
  return writer.toString();
}
