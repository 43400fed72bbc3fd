/** Birthday effect: do members spend more in their birthday month, and more still when they used the birthday gift? */
import { BIRTHDAY_BENEFIT } from './matched.ts';
import { inList, raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import { monthsOf } from './history.ts';
import { unitSum, yuan, yuanPer } from './money.ts';
import type { MetricParams } from './params.ts';
import { scopedOrders } from './scope.ts';

/**
 * CTEs `mm` (member-months of members with a birthday, from the month they joined, with `is_birthday`) and
 * `s` (each member's net sales per month in the period, exact money units: money.ts), shared by the birthday metrics.
 */
const memberMonths = (p: MetricParams): SqlStatement =>
  sql`months AS (${monthsOf(p.from, p.to)}),
      mm AS (SELECT m.member_id, months.ms, month(m.birthday) = month(months.ms) AS is_birthday
        FROM members m, months WHERE m.birthday IS NOT NULL AND ${inList(raw('m.tier'), p.tiers)}
          AND (m.join_date IS NULL OR m.join_date < (months.ms + INTERVAL 1 MONTH)::DATE)),
      s AS (SELECT member_id, date_trunc('month', order_date)::DATE AS ms, ${unitSum('amount')} AS sales
        FROM (${scopedOrders(p)}) WHERE member_id IS NOT NULL GROUP BY ALL)`;

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
  sql: (p) => sql`WITH ${memberMonths(p)},
      agg AS (SELECT mm.is_birthday, count(*) AS member_months, coalesce(sum(s.sales), 0) AS sales
        FROM mm LEFT JOIN s ON s.member_id = mm.member_id AND s.ms = mm.ms GROUP BY mm.is_birthday)
    SELECT k.kind AS month_kind, coalesce(agg.member_months, 0)::DOUBLE AS member_months, ${yuan(raw('coalesce(agg.sales, 0)'))} AS sales,
      ${yuanPer(raw('agg.sales'), raw('nullif(agg.member_months, 0)'))} AS sales_per_member_month
    FROM (VALUES ('birthday', TRUE, 1), ('other', FALSE, 2)) k(kind, is_birthday, ord) LEFT JOIN agg ON agg.is_birthday = k.is_birthday
    ORDER BY k.ord`,
});

/** 生日礼与生日月消费 — birthday member-months split by what happened to the birthday gift, against the other months. */
export const birthdayGiftSales = defineMetric({
  id: 'birthday_gift_sales',
  label: { zh: '生日礼使用与生日月消费', en: 'Birthday gift use and birthday-month sales' },
  formula: {
    zh: `生日月的人月按生日礼分为：礼已使用（该会员在生日月或前一个月发放的${BIRTHDAY_BENEFIT}有核销）、礼未使用（发了但未核销）、未发礼；与其他月份对比人月均净销售额（人月口径同生日月消费对比）`,
    en: `birthday member-months split by the gift: used (a ${BIRTHDAY_BENEFIT} issued to the member in the birthday month or the month before was used), issued but unused, none issued; against the other months, net sales per member-month (member-months as in birthday-month sales)`,
  },
  unit: 'yuan',
  shape: 'table',
  columns: ['month_kind', 'member_months', 'sales', 'sales_per_member_month'],
  needs: ['orders', 'members'],
  notes: {
    zh: '使用礼物的会员本来就是会来消费的人（用礼需要到店），所以“礼已使用”的人月销售高不全是礼物的功劳；效果估计见双重差分。',
    en: 'Members who use a gift are the ones who come in (using it takes a visit), so high sales in “used” months are not all the gift’s doing; see the difference-in-differences estimate for an effect.',
  },
  sql: (p) => sql`WITH ${memberMonths(p)},
      g AS (SELECT member_id, date_trunc('month', issued_time)::DATE AS ims, bool_or(used_time IS NOT NULL) AS used
        FROM benefits WHERE coalesce(benefit_type, '其他') = ${BIRTHDAY_BENEFIT} GROUP BY ALL),
      -- Birthday months only on the left of the join: \`mm.is_birthday\` inside the ON clause of a LEFT JOIN
      -- made it a nested-loop join over every member-month × gift (most of the metric's time).
      kinds AS (SELECT member_id, ms, 'other' AS kind FROM mm WHERE NOT is_birthday
        UNION ALL
        SELECT mm.member_id, mm.ms, CASE WHEN bool_or(g.used) THEN 'birthday_gift_used' WHEN count(g.member_id) > 0 THEN 'birthday_gift_unused'
          ELSE 'birthday_no_gift' END
        FROM mm LEFT JOIN g ON g.member_id = mm.member_id AND g.ims >= (mm.ms - INTERVAL 1 MONTH)::DATE AND g.ims <= mm.ms
        WHERE mm.is_birthday GROUP BY mm.member_id, mm.ms),
      agg AS (SELECT kinds.kind, count(*) AS member_months, coalesce(sum(s.sales), 0) AS sales
        FROM kinds LEFT JOIN s ON s.member_id = kinds.member_id AND s.ms = kinds.ms GROUP BY kinds.kind)
    SELECT k.kind AS month_kind, coalesce(agg.member_months, 0)::DOUBLE AS member_months, ${yuan(raw('coalesce(agg.sales, 0)'))} AS sales,
      ${yuanPer(raw('agg.sales'), raw('nullif(agg.member_months, 0)'))} AS sales_per_member_month
    FROM (VALUES ('birthday_gift_used', 1), ('birthday_gift_unused', 2), ('birthday_no_gift', 3), ('other', 4)) k(kind, ord)
      LEFT JOIN agg ON agg.kind = k.kind ORDER BY k.ord`,
});
