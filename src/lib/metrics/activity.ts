/** Who bought: first-time vs returning buyers, and members active as of the snapshot. */
import { LIFECYCLE_VARIANT } from '../concepts/lifecycle-stage.ts';
import { sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import { EPOCH, lifecycleOf, memberHistory, scalarOf, snapshotEnd } from './history.ts';
import { addDays, type MetricParams } from './params.ts';
import { scopedOrders } from './scope.ts';

/** Buyers of the period joined to their whole history (`first_date` is the first purchase ever). */
const buyersWithHistory = (p: MetricParams): SqlStatement =>
  sql`SELECT h.* FROM (SELECT DISTINCT member_id FROM (${scopedOrders(p)}) WHERE is_purchase AND member_id IS NOT NULL) b
    JOIN (${memberHistory(p, p.to)}) h USING (member_id)`;

/** 新客数 — buyers whose first purchase ever (under the same filters) falls in the period. */
export const newBuyers = defineMetric({
  id: 'new_buyers',
  label: { zh: '新客数', en: 'New buyers' },
  formula: { zh: '期内消费、且首次消费（同一筛选下的全部历史）落在期内的会员数', en: 'buyers whose first purchase ever (same filters, whole history) falls in the period' },
  unit: 'count',
  shape: 'scalar',
  needs: ['orders', 'members'],
  sql: (p) => sql`SELECT count(*) FILTER (WHERE first_date >= ${p.from}::DATE)::DOUBLE AS value FROM (${buyersWithHistory(p)})`,
});

/** 老客数 — buyers who had purchased before the period. */
export const returningBuyers = defineMetric({
  id: 'returning_buyers',
  label: { zh: '老客数', en: 'Returning buyers' },
  formula: { zh: '期内消费、且在期初之前已有消费的会员数（= 消费会员数 − 新客数）', en: 'buyers who had purchased before the period (= buyers − new buyers)' },
  unit: 'count',
  shape: 'scalar',
  needs: ['orders', 'members'],
  sql: (p) => sql`SELECT count(*) FILTER (WHERE first_date < ${p.from}::DATE)::DOUBLE AS value FROM (${buyersWithHistory(p)})`,
});

/** 活跃会员数 — members whose last purchase is within `lifecycle.active` days before the snapshot end. */
export const activeMembers = defineMetric({
  id: 'active_members',
  label: { zh: '活跃会员数', en: 'Active members' },
  formula: {
    zh: '截至期末（快照日），最近一次消费在 lifecycle.active 天内（默认 90 天，即 [期末−90天, 期末)）的会员数',
    en: 'members whose last purchase is within lifecycle.active days (default 90: [end − 90 d, end)) before the snapshot end',
  },
  unit: 'count',
  shape: 'scalar',
  needs: ['orders', 'members'],
  variants: [LIFECYCLE_VARIANT],
  sql: (p) => {
    const end = snapshotEnd(p);
    return sql`SELECT count(*) FILTER (WHERE last_date >= ${addDays(end, -lifecycleOf(p).active)}::DATE)::DOUBLE AS value
      FROM (${memberHistory(p, end)})`;
  },
});

/**
 * Active-member share as `(k, value)` rows: active ÷ members who ever purchased (at that store when `byStore`).
 * No two DISTINCT aggregates in one GROUP BY (out of core at 10M orders that failed at 100–150MB; session 16 rfmwin):
 * the share of all stores counts members from their last purchase day (memberHistory: the CLI report and the view read
 * it from their shared table; alone, a GROUP BY member); per store, two one-DISTINCT
 * counts (every purchase; purchases since the active cut, few rows) joined on the store. The forms that passed at 100MB
 * on both 10M orders (1.9M buyers) and 2M orders of 1M members (bench/results.md); same counts, same value.
 */
export function activeMemberShareBy(p: MetricParams, byStore = false): SqlStatement {
  const end = snapshotEnd(p);
  const cut = sql`${addDays(end, -lifecycleOf(p).active)}::DATE`;
  const bought = sql`SELECT * FROM (${scopedOrders(p, EPOCH, end)}) WHERE is_purchase AND member_id IS NOT NULL`;
  if (!byStore)
    return sql`SELECT NULL::VARCHAR AS k, (count(*) FILTER (WHERE last_date >= ${cut}) / nullif(count(*), 0))::DOUBLE AS value
      FROM (${memberHistory(p, end)}) HAVING count(*) > 0`;
  return sql`SELECT t.k, (coalesce(a.n, 0) / t.n)::DOUBLE AS value
    FROM (SELECT store AS k, count(DISTINCT member_id) AS n FROM (${bought}) GROUP BY k) t
    LEFT JOIN (SELECT store AS k, count(DISTINCT member_id) AS n FROM (${bought}) WHERE order_date >= ${cut} GROUP BY k) a ON a.k IS NOT DISTINCT FROM t.k`;
}

/** 活跃会员占比 — active members ÷ members with any purchase before the snapshot end. */
export const activeMemberShare = defineMetric({
  id: 'active_member_share',
  label: { zh: '活跃会员占比', en: 'Active member share' },
  formula: { zh: '活跃会员数 ÷ 截至期末有过消费的会员数', en: 'active members ÷ members with any purchase before the snapshot end' },
  unit: 'ratio',
  shape: 'scalar',
  needs: ['orders', 'members'],
  variants: [LIFECYCLE_VARIANT],
  sql: (p) => scalarOf(activeMemberShareBy(p)),
});
