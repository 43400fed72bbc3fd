/** Repurchase: how many buyers came back within the period. */
import { raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import { keyExpr, scalarOf, visitsExpr } from './history.ts';
import type { MetricParams } from './params.ts';
import { scopedOrders } from './scope.ts';

/** A repurchaser came at least this often in the period (purchase days, or orders under the variant). */
export const REPURCHASE_MIN_VISITS = 2;

/** SQL: a buyer's `visits` (visitsExpr) make them a repurchaser. The one place the rule is written. */
export const isRepurchaser = (visits = 'visits'): SqlStatement => raw(`${visits} >= ${REPURCHASE_MIN_VISITS}`);

/** Repurchase rate as `(k, value)` rows, one per store when `byStore` (visits counted at that store). */
export function repurchaseBy(p: MetricParams, byStore = false): SqlStatement {
  return sql`SELECT k, (count(*) FILTER (WHERE ${isRepurchaser()}) / nullif(count(*), 0))::DOUBLE AS value
    FROM (SELECT ${keyExpr(byStore, 'store')} AS k, member_id, ${visitsExpr(p)} AS visits FROM (${scopedOrders(p)})
          WHERE is_purchase AND member_id IS NOT NULL GROUP BY k, member_id)
    GROUP BY k`;
}

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
  needs: ['orders', 'members'],
  variants: [{ param: 'repurchaseBasis', options: ['days', 'orders'], default: 'days' }],
  sql: (p) => scalarOf(repurchaseBy(p)),
});
