/** Monthly trend of the sales KPIs inside the period. */
import { sql } from '../sql.ts';
import { defineMetric } from './define.ts';
import { monthsOf, PERIOD_EDGES_NOTE } from './history.ts';
import { scopedDays, scopedOrders } from './scope.ts';

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
  // Sales and orders from the store-day summary, buyers (distinct members) from the order facts: per month, then joined to every month.
  sql: (p) => sql`SELECT strftime(m.ms, '%Y-%m') AS month,
      coalesce(d.sales, 0)::DOUBLE AS sales,
      coalesce(d.orders, 0)::DOUBLE AS orders,
      coalesce(b.buyers, 0)::DOUBLE AS buyers
    FROM (${monthsOf(p.from, p.to)}) m
    LEFT JOIN (SELECT date_trunc('month', order_date) AS ms, sum(amount) AS sales, sum(purchases) AS orders FROM (${scopedDays(p)}) GROUP BY 1) d ON d.ms = m.ms
    LEFT JOIN (SELECT date_trunc('month', order_date) AS ms, count(DISTINCT member_id) AS buyers FROM (${scopedOrders(p)}) WHERE is_purchase GROUP BY 1) b ON b.ms = m.ms
    ORDER BY m.ms`,
});
