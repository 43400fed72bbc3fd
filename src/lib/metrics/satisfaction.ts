/** Satisfaction surveys: responses, NPS, CSAT, NPS by segment, repurchase by NPS class, top-tier detractors. */
import { isRepurchaser } from './repurchase.ts';
import { isDetractor, isPassive, isPromoter, npsAggregate, npsClassOf } from '../concepts/nps-class.ts';
import { TIERS } from '../schema.ts';
import { inList, raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import { keyExpr, scalarOf, visitsExpr } from './history.ts';
import type { MetricParams } from './params.ts';
import { scopedOrders } from './scope.ts';

/**
 * Surveys in [from, to) with the respondent's current `tier`, lower-cased `scale` and `channel`
 * (of the respondent's last order at or before the survey; of orders in the same second, the larger order id's: the
 * time alone left the choice to the rows' order, test/unit/metrics/tied-orders.test.ts). Store, tier and membership filters apply.
 */
export function surveysIn(p: MetricParams): SqlStatement {
  const membership = p.membership === 'member' ? raw('s.member_id IS NOT NULL') : p.membership === 'nonmember' ? raw('s.member_id IS NULL') : raw('TRUE');
  return sql`SELECT s.*, lower(s.scale) AS sc, m.tier AS tier,
      (SELECT arg_max(o.channel, (o.order_time, o.order_id)) FROM orders o WHERE o.member_id = s.member_id AND o.order_time <= s.survey_time) AS channel
    FROM surveys s LEFT JOIN members m ON m.member_id = s.member_id
    WHERE s.survey_time >= ${p.from}::TIMESTAMP AND s.survey_time < ${p.to}::TIMESTAMP
      AND ${inList(raw('s.store'), p.stores)} AND ${inList(raw('m.tier'), p.tiers)} AND ${membership}`;
}

// NPS as a number from −100 to 100 (the form it is usually quoted in), not a ratio.
const NPS = npsAggregate();

/** NPS as `(k, value)` rows over 'nps'-scale responses, per survey store when `byStore`. */
export function npsBy(p: MetricParams, byStore = false): SqlStatement {
  return sql`SELECT ${keyExpr(byStore, 'store')} AS k, ${NPS} AS value FROM (${surveysIn(p)}) WHERE sc = 'nps' GROUP BY k`;
}

/** 问卷数 — survey responses in the period (both scales). */
export const surveyResponses = defineMetric({
  id: 'survey_responses',
  label: { zh: '问卷回收数', en: 'Survey responses' },
  formula: { zh: '期内回收的问卷数（NPS 与 CSAT 合计）', en: 'survey responses in the period (NPS and CSAT)' },
  unit: 'count',
  shape: 'scalar',
  needs: ['surveys', 'members', 'orders'],
  // As the formula says: the two scales NPS and CSAT are computed on (an unknown or missing scale is in neither).
  sql: (p) => sql`SELECT count(*)::DOUBLE AS value FROM (${surveysIn(p)}) WHERE sc IN ('nps', 'csat')`,
});

/** NPS — % promoters (9–10) − % detractors (0–6) on the 'nps' scale, from −100 to 100. NULL without responses. */
export const nps = defineMetric({
  id: 'nps',
  label: { zh: '净推荐值 NPS', en: 'Net Promoter Score' },
  formula: {
    zh: '(9–10 分人数 − 0–6 分人数) ÷ NPS 问卷数 × 100，取值 −100 到 100',
    en: '(responses scoring 9–10 − responses scoring 0–6) ÷ NPS responses × 100, from −100 to 100',
  },
  unit: 'score',
  shape: 'scalar',
  needs: ['surveys', 'members', 'orders'],
  sql: (p) => scalarOf(npsBy(p)),
});

/** CSAT — share of 'csat'-scale responses scoring 4–5. NULL without responses. */
export const csat = defineMetric({
  id: 'csat',
  label: { zh: '满意度 CSAT', en: 'CSAT' },
  formula: { zh: 'CSAT 问卷中 4–5 分的占比', en: 'share of CSAT responses scoring 4–5' },
  unit: 'ratio',
  shape: 'scalar',
  needs: ['surveys', 'members', 'orders'],
  sql: (p) => sql`SELECT (count(*) FILTER (WHERE score >= 4) / nullif(count(*), 0))::DOUBLE AS value FROM (${surveysIn(p)}) WHERE sc = 'csat'`,
});

const SEGMENT = { store: raw('store'), tier: raw('tier'), channel: raw('channel') } as const;

/** NPS 分组 — responses and NPS per store (default), tier or channel; unknown segment shown as '(unknown)'. */
export const npsBySegment = defineMetric({
  id: 'nps_by',
  label: { zh: '分组 NPS', en: 'NPS by segment' },
  formula: {
    zh: '按门店（默认）/会员当前等级/渠道分组的 NPS；渠道取答卷人答卷时或之前最后一笔订单的渠道',
    en: 'NPS per store (default), current tier or channel; the channel is that of the respondent’s last order at or before the survey',
  },
  unit: 'score',
  shape: 'table',
  columns: ['segment', 'responses', 'promoters', 'passives', 'detractors', 'nps'],
  needs: ['surveys', 'members', 'orders'],
  variants: [{ param: 'npsBy', options: ['store', 'tier', 'channel'], default: 'store' }],
  sql: (p) => sql`SELECT coalesce(${SEGMENT[p.npsBy ?? 'store']}, '(unknown)') AS segment, count(*)::DOUBLE AS responses,
      count(*) FILTER (WHERE ${isPromoter()})::DOUBLE AS promoters, count(*) FILTER (WHERE ${isPassive()})::DOUBLE AS passives,
      count(*) FILTER (WHERE ${isDetractor()})::DOUBLE AS detractors, ${NPS} AS nps
    FROM (${surveysIn(p)}) WHERE sc = 'nps' GROUP BY segment ORDER BY segment`,
});

/** 推荐者复购 — per NPS class (latest NPS answer before the period end): members, buyers, repurchase rate. */
export const repurchaseByNpsClass = defineMetric({
  id: 'repurchase_by_nps_class',
  label: { zh: '推荐者/中立者/贬损者复购率', en: 'Repurchase by NPS class' },
  formula: {
    zh: '以期末前最近一次 NPS 答卷分类（9–10 推荐者、7–8 中立者、0–6 贬损者）；各类中期内消费会员的复购率（同 repurchase_rate 口径）',
    en: 'class from the latest NPS answer before the period end (9–10 promoter, 7–8 passive, 0–6 detractor); repurchase rate (as repurchase_rate) of each class’s buyers in the period',
  },
  unit: 'ratio',
  shape: 'table',
  columns: ['nps_class', 'members', 'buyers', 'repurchasers', 'repurchase_rate'],
  needs: ['surveys', 'orders', 'members'],
  variants: [{ param: 'repurchaseBasis', options: ['days', 'orders'], default: 'days' }],
  sql: (p) => sql`WITH latest AS (SELECT member_id, arg_max(score, survey_time) AS score FROM surveys
        WHERE lower(scale) = 'nps' AND member_id IS NOT NULL AND survey_time < ${p.to}::TIMESTAMP GROUP BY member_id),
      cls AS (SELECT member_id, ${npsClassOf()} AS nps_class FROM latest),
      v AS (SELECT member_id, ${visitsExpr(p)} AS visits FROM (${scopedOrders(p)}) WHERE is_purchase AND member_id IS NOT NULL GROUP BY member_id)
    SELECT k.nps_class, count(c.member_id)::DOUBLE AS members, count(v.member_id)::DOUBLE AS buyers,
      count(*) FILTER (WHERE ${isRepurchaser('v.visits')})::DOUBLE AS repurchasers,
      (count(*) FILTER (WHERE ${isRepurchaser('v.visits')}) / nullif(count(v.member_id), 0))::DOUBLE AS repurchase_rate
    FROM (VALUES ('promoter', 1), ('passive', 2), ('detractor', 3)) k(nps_class, ord)
      LEFT JOIN cls c ON c.nps_class = k.nps_class LEFT JOIN v ON v.member_id = c.member_id
    GROUP BY k.nps_class, k.ord ORDER BY k.ord`,
});

const TOP_TIERS = TIERS.slice(2); // 金卡, 钻石

/** 高等级贬损者 — NPS answers 0–6 in the period from members whose current tier is 金卡 or 钻石. */
export const topTierDetractors = defineMetric({
  id: 'top_tier_detractors',
  label: { zh: '高等级会员贬损者', en: 'Top-tier detractors' },
  formula: { zh: '期内 NPS 0–6 分、当前等级为金卡或钻石的会员答卷明细', en: 'NPS answers 0–6 in the period from members whose current tier is 金卡 or 钻石' },
  unit: 'score',
  shape: 'table',
  columns: ['member_id', 'tier', 'score', 'survey_date', 'store', 'comment'],
  needs: ['surveys', 'members', 'orders'],
  higherIsBetter: false,
  sql: (p) => sql`SELECT member_id, tier, score::DOUBLE AS score, strftime(survey_time, '%Y-%m-%d') AS survey_date, store, comment
    FROM (${surveysIn(p)}) WHERE sc = 'nps' AND ${isDetractor()} AND ${inList(raw('tier'), TOP_TIERS)}
    ORDER BY score, survey_time, member_id`,
});
