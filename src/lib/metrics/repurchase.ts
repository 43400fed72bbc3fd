/** Repurchase: how many buyers came back within the period. */
import { raw, sql } from '../sql.ts';
import { defineMetric } from './define.ts';
import { scopedOrders } from './scope.ts';

/**
 * 复购率 — buyers with ≥2 purchase days in [from, to) ÷ buyers (variant: ≥2 orders).
 * NULL when there are no buyers.
 */
export const repurchaseRate = defineMetric({
  id: 'repurchase_rate',
  label: { zh: '复购率', en: 'Repurchase rate' },
  formula: {
    zh: '期内消费≥2天的会员数 ÷ 期内消费会员数（口径可切换为≥2笔订单）',
    en: 'buyers with ≥2 purchase days ÷ buyers (variant: ≥2 orders)',
  },
  unit: 'ratio',
  shape: 'scalar',
  needs: ['orders'],
  sql: (p) => {
    const visits = p.repurchaseBasis === 'orders' ? raw('count(*)') : raw('count(DISTINCT order_date)');
    return sql`SELECT (count(*) FILTER (WHERE visits >= 2) / nullif(count(*), 0))::DOUBLE AS value
      FROM (SELECT member_id, ${visits} AS visits FROM (${scopedOrders(p)})
            WHERE is_purchase AND member_id IS NOT NULL GROUP BY member_id)`;
  },
});
