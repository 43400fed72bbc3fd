/** Member lifecycle as of a snapshot (new / active / at risk / dormant / churned) and churn. */
import { LIFECYCLE_VARIANT } from '../concepts/lifecycle-stage.ts';
import { join, sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import { EPOCH, lifecycleOf, memberHistory, monthsOf, PERIOD_EDGES_NOTE, snapshotEnd } from './history.ts';
import { addDays, type MetricParams } from './params.ts';
import { scopedOrders } from './scope.ts';

/** Stage ids in display order. */
export const LIFECYCLE_STAGES = ['new', 'active', 'at_risk', 'dormant', 'churned'] as const;

/**
 * Stage per member who purchased before `end` (days since last purchase d = end − last day, so a
 * purchase on the snapshot day is 1 day ago): new = first purchase within `active` days; else
 * active d ≤ active; at risk d ≤ atRisk; dormant d ≤ dormant; churned beyond.
 */
export function memberStages(p: MetricParams, end: string): SqlStatement {
  const l = lifecycleOf(p);
  const since = (days: number) => sql`${addDays(end, -days)}::DATE`;
  return sql`SELECT member_id, first_date, last_date, CASE
      WHEN first_date >= ${since(l.active)} THEN 'new'
      WHEN last_date >= ${since(l.active)} THEN 'active'
      WHEN last_date >= ${since(l.atRisk)} THEN 'at_risk'
      WHEN last_date >= ${since(l.dormant)} THEN 'dormant'
      ELSE 'churned' END AS stage
    FROM (${memberHistory(p, end)})`;
}

const stageList = join(LIFECYCLE_STAGES.map((s, i) => sql`(${s}, ${i})`));

/** 生命周期分布 — members per stage as of the snapshot end, with their share; every stage listed. */
export const lifecycleStages = defineMetric({
  id: 'lifecycle_stages',
  label: { zh: '会员生命周期分布', en: 'Lifecycle stages' },
  formula: {
    zh: '截至期末有过消费的会员按距最近消费天数 d 分段：首购在 active 天内为新客；d ≤ active 活跃；≤ atRisk 预警；≤ dormant 沉睡；其余流失',
    en: 'members with any purchase before the snapshot end, by days d since the last purchase: first purchase within active days = new; d ≤ active active; ≤ atRisk warning; ≤ dormant dormant; else churned',
  },
  unit: 'count',
  shape: 'table',
  columns: ['stage', 'members', 'share'],
  needs: ['orders'],
  variants: [LIFECYCLE_VARIANT],
  sql: (p) => sql`SELECT s.stage, count(m.member_id)::DOUBLE AS members,
      (count(m.member_id) / nullif(sum(count(m.member_id)) OVER (), 0))::DOUBLE AS share
    FROM (VALUES ${stageList}) s(stage, ord) LEFT JOIN (${memberStages(p, snapshotEnd(p))}) m ON m.stage = s.stage
    GROUP BY s.stage, s.ord ORDER BY s.ord`,
});

/** 流失率 — members active at the period start who are churned (> dormant days) at its end ÷ those members. */
export const churnRate = defineMetric({
  id: 'churn_rate',
  label: { zh: '流失率', en: 'Churn rate' },
  formula: {
    zh: '期初活跃（距最近消费 ≤ active 天）的会员中，期末距最近消费 > dormant 天的人数 ÷ 期初活跃会员数',
    en: 'members active at the period start (≤ active days since last purchase) who are churned (> dormant days) at its end ÷ those members',
  },
  unit: 'ratio',
  shape: 'scalar',
  needs: ['orders'],
  higherIsBetter: false,
  variants: [LIFECYCLE_VARIANT],
  notes: {
    zh: '期长短于 dormant − active 天时，期初活跃的会员不可能在期末已流失，此时流失率恒为 0；看月度走势请用 churn_trend。',
    en: 'For periods shorter than dormant − active days nobody active at the start can be churned by the end, so the rate is 0; use churn_trend for a monthly view.',
  },
  sql: (p) => {
    const l = lifecycleOf(p);
    return sql`SELECT (count(*) FILTER (WHERE e.last_date < ${addDays(p.to, -l.dormant)}::DATE) / nullif(count(*), 0))::DOUBLE AS value
      FROM (${memberHistory(p, p.from)}) s JOIN (${memberHistory(p, p.to)}) e USING (member_id)
      WHERE s.last_date >= ${addDays(p.from, -l.active)}::DATE`;
  },
});

/** 月度流失率 — per calendar month: members not churned at the month start who are churned at its end ÷ those members. */
export const churnTrend = defineMetric({
  id: 'churn_trend',
  label: { zh: '月度流失趋势', en: 'Monthly churn' },
  formula: {
    zh: '每个自然月：月初未流失（距最近消费 ≤ dormant 天）的会员中，月末距最近消费 > dormant 天的人数 ÷ 月初未流失会员数',
    en: 'per calendar month: members not churned at the month start (≤ dormant days since last purchase) who are churned at its end ÷ those members',
  },
  unit: 'ratio',
  shape: 'table',
  columns: ['month', 'base', 'churned', 'churn_rate'],
  needs: ['orders'],
  notes: PERIOD_EDGES_NOTE,
  higherIsBetter: false,
  variants: [LIFECYCLE_VARIANT],
  sql: (p) => {
    const dormant = lifecycleOf(p).dormant;
    return sql`WITH days AS (SELECT DISTINCT member_id, order_date FROM (${scopedOrders(p, EPOCH, p.to)}) WHERE is_purchase AND member_id IS NOT NULL),
        months AS (SELECT strftime(ms, '%Y-%m') AS month, greatest(ms, ${p.from}::DATE) AS m_start,
            least((ms + INTERVAL 1 MONTH)::DATE, ${p.to}::DATE) AS m_end FROM (${monthsOf(p.from, p.to)})),
        state AS (SELECT month, m_start, m_end, member_id,
            max(order_date) FILTER (WHERE order_date < m_start) AS last_start, max(order_date) AS last_end
          FROM months JOIN days ON order_date < m_end GROUP BY ALL),
        per_month AS (SELECT month, count(*) FILTER (WHERE last_start >= m_start - CAST(${dormant} AS INTEGER)) AS base,
            count(*) FILTER (WHERE last_start >= m_start - CAST(${dormant} AS INTEGER) AND last_end < m_end - CAST(${dormant} AS INTEGER)) AS churned
          FROM state GROUP BY month)
      SELECT m.month, coalesce(b.base, 0)::DOUBLE AS base, coalesce(b.churned, 0)::DOUBLE AS churned,
        (b.churned / nullif(b.base, 0))::DOUBLE AS churn_rate
      FROM months m LEFT JOIN per_month b USING (month) ORDER BY m.month`;
  },
});
