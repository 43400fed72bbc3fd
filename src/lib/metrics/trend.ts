/** Monthly trend of the sales KPIs inside the period. */
import { raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import { keyExpr, monthsOf, PERIOD_EDGES_NOTE } from './history.ts';
import { yuan } from './money.ts';
import type { MetricParams } from './params.ts';
import { scopedDays, scopedOrders } from './scope.ts';

/**
 * The monthly trend as `(k, month, sales, orders, buyers)` rows: every month of the period for one NULL
 * key, or (`byStore`) for each store with store-day rows in the period, its months. A store's rows of the
 * trend over every store are the trend with that store picked (workers/compass-rollup.ts answers a store
 * click from them when they are cached).
 */
export function monthlyTrendBy(p: MetricParams, byStore = false): SqlStatement {
  // Sales and orders from the store-day summary, buyers (distinct members) from the order facts: per month, then joined to every month.
  const keys = byStore ? sql`SELECT DISTINCT store AS k FROM (${scopedDays(p)})` : sql`SELECT NULL::VARCHAR AS k`;
  return sql`SELECT s.k, strftime(m.ms, '%Y-%m') AS month,
      ${yuan(raw('coalesce(d.sales, 0)'))} AS sales,
      coalesce(d.orders, 0)::DOUBLE AS orders,
      coalesce(b.buyers, 0)::DOUBLE AS buyers
    FROM (${monthsOf(p.from, p.to)}) m CROSS JOIN (${keys}) s
    LEFT JOIN (SELECT ${keyExpr(byStore, 'store')} AS k, date_trunc('month', order_date) AS ms, sum(amount_units) AS sales, sum(purchases) AS orders FROM (${scopedDays(p)}) GROUP BY ALL) d
      ON d.ms = m.ms AND d.k IS NOT DISTINCT FROM s.k
    LEFT JOIN (SELECT ${keyExpr(byStore, 'store')} AS k, date_trunc('month', order_date) AS ms, count(DISTINCT member_id) AS buyers FROM (${scopedOrders(p)}) WHERE is_purchase GROUP BY ALL) b
      ON b.ms = m.ms AND b.k IS NOT DISTINCT FROM s.k`;
}

/** 月度趋势 — per calendar month of the period (every month listed, clipped to the period): net sales, purchase orders, buyers. */
export const monthlyTrend = defineMetric({
  id: 'monthly_trend',
  label: { zh: '月度趋势', en: 'Monthly trend' },
  formula: {
    zh: '按自然月汇总：销售额、订单数、消费会员数',
    en: 'per calendar month: net sales, orders, buyers',
  },
  unit: 'yuan',
  shape: 'table',
  columns: ['month', 'sales', 'orders', 'buyers'],
  needs: ['orders', 'members'],
  notes: PERIOD_EDGES_NOTE,
  sql: (p) => sql`SELECT month, sales, orders, buyers FROM (${monthlyTrendBy(p)}) ORDER BY month`,
});
