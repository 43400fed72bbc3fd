/** Monthly trend of the sales KPIs inside the period. */
import { sql } from '../sql.ts';
import { defineMetric } from './define.ts';
import { scopedOrders } from './scope.ts';

/** 月度趋势 — per calendar month: net sales, purchase orders, buyers. Months as 'YYYY-MM'. */
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
  sql: (p) => sql`SELECT strftime(order_date, '%Y-%m') AS month,
      coalesce(sum(amount), 0)::DOUBLE AS sales,
      count(*) FILTER (WHERE is_purchase)::DOUBLE AS orders,
      count(DISTINCT member_id) FILTER (WHERE is_purchase)::DOUBLE AS buyers
    FROM (${scopedOrders(p)}) GROUP BY month ORDER BY month`,
});
