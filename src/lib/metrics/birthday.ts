/** Birthday effect: do members spend more in their birthday month? */
import { inList, raw, sql } from '../sql.ts';
import { defineMetric } from './define.ts';
import { monthsOf } from './history.ts';
import { scopedOrders } from './scope.ts';

/**
 * 生日月消费 — sales per member-month in members' birthday month vs their other months. A member-month
 * is a (member with a known birthday, calendar month overlapping the period) pair, counted from the
 * month the member joined; sales are that member's net sales in the month inside the period.
 */
export const birthdaySales = defineMetric({
  id: 'birthday_sales',
  label: { zh: '生日月消费对比', en: 'Birthday-month sales' },
  formula: {
    zh: '有生日信息的会员：生日月的人月均净销售额 vs 其他月份的人月均净销售额（人月 = 会员 × 期内自然月，入会月起计）',
    en: 'members with a birthday: net sales per member-month in their birthday month vs in their other months (member-month = member × calendar month of the period, from the month they joined)',
  },
  unit: 'yuan',
  shape: 'table',
  columns: ['month_kind', 'member_months', 'sales', 'sales_per_member_month'],
  needs: ['orders', 'members'],
  sql: (p) => sql`WITH months AS (${monthsOf(p.from, p.to)}),
      mm AS (SELECT m.member_id, months.ms, month(m.birthday) = month(months.ms) AS is_birthday
        FROM members m, months WHERE m.birthday IS NOT NULL AND ${inList(raw('m.tier'), p.tiers)}
          AND (m.join_date IS NULL OR m.join_date < (months.ms + INTERVAL 1 MONTH)::DATE)),
      s AS (SELECT member_id, date_trunc('month', order_date)::DATE AS ms, sum(amount) AS sales
        FROM (${scopedOrders(p)}) WHERE member_id IS NOT NULL GROUP BY ALL),
      agg AS (SELECT mm.is_birthday, count(*) AS member_months, coalesce(sum(s.sales), 0) AS sales
        FROM mm LEFT JOIN s ON s.member_id = mm.member_id AND s.ms = mm.ms GROUP BY mm.is_birthday)
    SELECT k.kind AS month_kind, coalesce(agg.member_months, 0)::DOUBLE AS member_months, coalesce(agg.sales, 0)::DOUBLE AS sales,
      (agg.sales / nullif(agg.member_months, 0))::DOUBLE AS sales_per_member_month
    FROM (VALUES ('birthday', TRUE, 1), ('other', FALSE, 2)) k(kind, is_birthday, ord) LEFT JOIN agg ON agg.is_birthday = k.is_birthday
    ORDER BY k.ord`,
});
