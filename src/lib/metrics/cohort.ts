/** Monthly first-purchase cohorts: retention and revenue by months since the first purchase. */
import { raw, sql } from '../sql.ts';
import { defineMetric } from './define.ts';
import { EPOCH, memberHistory, PERIOD_EDGES_NOTE } from './history.ts';
import { unitSum, yuan } from './money.ts';
import { addDays } from './params.ts';
import { scopedOrders } from './scope.ts';

const monthIndex = (d: string) => `(year(${d}) * 12 + month(${d}))`;

/**
 * 同期群留存 — cohorts = members whose first purchase ever (same filters) falls in the period,
 * by calendar month; one row per cohort × month offset up to the period's last month.
 * retention = cohort members purchasing in that month ÷ cohort size; revenue = their net sales.
 * Every month is clipped to [from, to): a cohort and its activity are counted over the same days.
 */
export const cohortRetention = defineMetric({
  id: 'cohort_retention',
  label: { zh: '同期群留存', en: 'Cohort retention' },
  formula: {
    zh: '按首次消费月份分群（首购落在期内）；第 k 月留存 = 该群在首购后第 k 个自然月有消费的人数 ÷ 群人数；收入 = 该群当月净销售额',
    en: 'cohorts by month of first purchase (first purchase in the period); retention at month k = cohort members purchasing in the k-th calendar month after the first ÷ cohort size; revenue = their net sales that month',
  },
  unit: 'ratio',
  shape: 'table',
  columns: ['cohort', 'month_offset', 'cohort_size', 'members', 'retention', 'revenue'],
  needs: ['orders', 'members'],
  notes: PERIOD_EDGES_NOTE,
  sql: (p) => {
    const [y, m] = addDays(p.to, -1).split('-').map(Number);
    const lastMonth = y * 12 + m;
    return sql`WITH hist AS (SELECT member_id, order_date, amount, is_purchase FROM (${scopedOrders(p, EPOCH, p.to)}) WHERE member_id IS NOT NULL),
      firsts AS (SELECT member_id, first_date FROM (${memberHistory(p, p.to)})),
      cohorts AS (SELECT date_trunc('month', first_date)::DATE AS cohort, count(*) AS size FROM firsts
        WHERE first_date >= ${p.from}::DATE GROUP BY cohort),
      cells AS (SELECT cohort, size, unnest(range(0, CAST(${lastMonth} AS BIGINT) - ${raw(monthIndex('cohort'))} + 1)) AS k FROM cohorts),
      activity AS (SELECT date_trunc('month', f.first_date)::DATE AS cohort, ${raw(`${monthIndex('h.order_date')} - ${monthIndex('f.first_date')}`)} AS k,
          count(DISTINCT h.member_id) FILTER (WHERE h.is_purchase) AS members, ${unitSum('h.amount')} AS revenue
        FROM hist h JOIN firsts f USING (member_id) WHERE f.first_date >= ${p.from}::DATE AND h.order_date >= ${p.from}::DATE GROUP BY ALL)
    SELECT strftime(c.cohort, '%Y-%m') AS cohort, c.k::DOUBLE AS month_offset, c.size::DOUBLE AS cohort_size,
      coalesce(a.members, 0)::DOUBLE AS members, (coalesce(a.members, 0) / c.size)::DOUBLE AS retention,
      ${yuan(raw('coalesce(a.revenue, 0)'))} AS revenue
    FROM cells c LEFT JOIN activity a ON a.cohort = c.cohort AND a.k = c.k
    ORDER BY c.cohort, c.k`;
  },
});
