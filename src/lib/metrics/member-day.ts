/** Member day (会员日): member sales on member days, on the days around them, and on other days. */
import { memberDayOf, AROUND_DAYS } from '../campaigns/member-day.ts';
import { raw, sql } from '../sql.ts';
import { defineMetric } from './define.ts';
import { unitSum, yuan } from './money.ts';
import { addDays } from './params.ts';
import { scopedOrders } from './scope.ts';

/** 会员日销售 — per kind of day (member day / the days before / after / other): days, member sales, buyers. */
export const memberDaySales = defineMetric({
  id: 'member_day_sales',
  label: { zh: '会员日销售对比', en: 'Member-day sales' },
  formula: {
    zh: `期内每一天归为：会员日（每周几或每月几号，可设置）；会员日前 ${AROUND_DAYS} 天；会员日后 ${AROUND_DAYS} 天；其他日子。每类：天数、会员净销售额、会员消费人次（每天的消费会员数相加）`,
    en: `each day of the period is a member day (a weekday or a day of the month, set by the user), one of the ${AROUND_DAYS} days before one, one of the ${AROUND_DAYS} days after one, or another day; per kind: days, member net sales, member buyer-days (buyers summed over the days)`,
  },
  unit: 'yuan',
  shape: 'table',
  columns: ['day_kind', 'days', 'sales', 'buyer_days'],
  needs: ['orders'],
  notes: {
    zh: '没有设置会员日时没有结果。同时在会员日之前和之后的日子算“之前”。转移多少 = （其他日子日均 − 前后日子日均）× 前后天数；新增 = 会员日多出的销售 − 转移。',
    en: 'No rows without a member day. A day both before and after one counts as before. Shifted = (other days’ daily sales − the days around’s) × days around; added = the member days’ extra sales − shifted.',
  },
  sql: (p) => {
    const md = memberDayOf(p.memberDay);
    const isMd = md === null ? raw('FALSE') : md.kind === 'weekday' ? sql`isodow(d) = ${md.day}` : sql`day(d) = ${md.day}`;
    return sql`WITH cal AS (SELECT unnest(generate_series(${addDays(p.from, -AROUND_DAYS)}::TIMESTAMP, ${addDays(p.to, AROUND_DAYS - 1)}::TIMESTAMP, INTERVAL 1 DAY))::DATE AS d),
        flagged AS (SELECT d, ${isMd} AS md FROM cal),
        kinds AS (SELECT d, CASE WHEN md THEN 'member_day'
            WHEN bool_or(md) OVER (ORDER BY d ROWS BETWEEN 1 FOLLOWING AND ${AROUND_DAYS} FOLLOWING) THEN 'before'
            WHEN bool_or(md) OVER (ORDER BY d ROWS BETWEEN ${AROUND_DAYS} PRECEDING AND 1 PRECEDING) THEN 'after' ELSE 'other' END AS day_kind
          FROM flagged),
        s AS (SELECT order_date AS d, ${unitSum('amount')} AS sales, count(DISTINCT member_id) FILTER (WHERE is_purchase) AS buyers
          FROM (${scopedOrders(p)}) WHERE member_id IS NOT NULL GROUP BY 1)
      SELECT k.day_kind, count(*)::DOUBLE AS days, ${yuan(raw('coalesce(sum(s.sales), 0)'))} AS sales, coalesce(sum(s.buyers), 0)::DOUBLE AS buyer_days
      FROM kinds k LEFT JOIN s ON s.d = k.d
      WHERE k.d >= ${p.from}::DATE AND k.d < ${p.to}::DATE AND ${md === null ? raw('FALSE') : raw('TRUE')}
      GROUP BY k.day_kind ORDER BY list_position(['member_day', 'before', 'after', 'other'], k.day_kind)`;
  },
});
