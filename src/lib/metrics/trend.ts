/** Monthly trend of the sales KPIs inside the period. */
import { sql } from '../sql.ts';
import { defineMetric } from './define.ts';
import { monthsOf, PERIOD_EDGES_NOTE } from './history.ts';
import { scopedOrders } from './scope.ts';

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
  sql: (p) => sql`SELECT strftime(m.ms, '%Y-%m') AS month,
      coalesce(sum(o.amount), 0)::DOUBLE AS sales,
      count(*) FILTER (WHERE o.is_purchase)::DOUBLE AS orders,
      count(DISTINCT o.member_id) FILTER (WHERE o.is_purchase)::DOUBLE AS buyers
    FROM (${monthsOf(p.from, p.to)}) m LEFT JOIN (${scopedOrders(p)}) o ON date_trunc('month', o.order_date) = m.ms
    GROUP BY m.ms ORDER BY m.ms`,
});
