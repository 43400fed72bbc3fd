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
    return sql`WITH spend AS (SELECT member_id, ${unitSum('amount')} AS spend, count(DISTINCT order_date) FILTER (WHERE is_purchase) AS purchase_days
          FROM (${scopedOrders(p, EPOCH, end)}) WHERE member_id IS NOT NULL GROUP BY member_id)
      SELECT st.member_id, m.phone, m.tier, st.stage, strftime(st.last_date, '%Y-%m-%d') AS last_date,
        date_diff('day', st.last_date, ${end}::DATE)::DOUBLE AS days_since, sp.purchase_days::DOUBLE AS purchase_days, ${yuan(raw('sp.spend'))} AS spend
      FROM (${memberStages(p, end)}) st JOIN spend sp USING (member_id) LEFT JOIN members m ON m.member_id = st.member_id
      WHERE st.stage IN ('at_risk', 'dormant')
      ORDER BY sp.spend DESC, st.member_id LIMIT ${raw(String(AT_RISK_LIMIT))}`;
  },
});
