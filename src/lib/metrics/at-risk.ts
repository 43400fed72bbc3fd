/** Members at risk ranked by value: the 流失预警 panel's call list (recency-based until P(alive) lands). */
import { LIFECYCLE_VARIANT } from '../concepts/lifecycle-stage.ts';
import { raw, sql } from '../sql.ts';
import { defineMetric } from './define.ts';
import { EPOCH, snapshotEnd } from './history.ts';
import { memberStages } from './lifecycle.ts';
import { unitSum, yuan } from './money.ts';
import { scopedOrders } from './scope.ts';

/** How many members the ranked list returns. */
export const AT_RISK_LIMIT = 20;

/** 高价值待挽回会员 — members in the warning (预警) or dormant stage at the snapshot, by historic net spend (top 20). */
export const membersAtRisk = defineMetric({
  id: 'members_at_risk',
  label: { zh: '高价值待挽回会员（预警 + 沉睡）', en: 'Valuable members to win back (warning + dormant)' },
  formula: {
    zh: '截至期末处于预警或沉睡阶段（同 lifecycle_stages 口径）的会员，按截至期末的历史净消费额从高到低取前 20 名',
    en: 'members in the warning or dormant stage at the snapshot end (as lifecycle_stages), by net spend over their whole history to the snapshot, top 20',
  },
  unit: 'yuan',
  shape: 'table',
  columns: ['member_id', 'phone', 'tier', 'stage', 'last_date', 'days_since', 'purchase_days', 'spend'],
  needs: ['orders'],
  variants: [LIFECYCLE_VARIANT],
  sql: (p) => {
    const end = snapshotEnd(p);
    const orders = scopedOrders(p, EPOCH, end);
    // Purchase days for the listed members only (session 17): a count(DISTINCT order_date) per member beside the spend,
    // over every member's whole history, was the one aggregate of the report at 10M orders that failed at --memory-limit
    // 100MB (test/unit/metrics/at-risk-top.test.ts: the same rows as a JS reference).
    return sql`WITH spend AS (SELECT member_id, ${unitSum('amount')} AS spend
          FROM (${orders}) WHERE member_id IS NOT NULL GROUP BY member_id),
        top AS (SELECT st.member_id, m.phone, m.tier, st.stage, st.last_date, sp.spend
          FROM (${memberStages(p, end)}) st JOIN spend sp USING (member_id) LEFT JOIN members m ON m.member_id = st.member_id
          WHERE st.stage IN ('at_risk', 'dormant')
          ORDER BY sp.spend DESC, st.member_id LIMIT ${raw(String(AT_RISK_LIMIT))}),
        days AS (SELECT member_id, count(DISTINCT order_date) AS purchase_days
          FROM (${orders}) WHERE is_purchase AND member_id IN (SELECT member_id FROM top) GROUP BY member_id)
      SELECT t.member_id, t.phone, t.tier, t.stage, strftime(t.last_date, '%Y-%m-%d') AS last_date,
        date_diff('day', t.last_date, ${end}::DATE)::DOUBLE AS days_since, coalesce(d.purchase_days, 0)::DOUBLE AS purchase_days, ${yuan(raw('t.spend'))} AS spend
      FROM top t LEFT JOIN days d USING (member_id)
      ORDER BY t.spend DESC, t.member_id`;
  },
});
