/** Repurchase over time and across segments: monthly repurchase / return, gap histogram, by store and channel. */
import { isRepurchaser } from './repurchase.ts';
import { join, raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import { buyerDays, memberHistory, monthsOf, PERIOD_EDGES_NOTE, visitsExpr } from './history.ts';
import { comparisonPeriod, periodDays, type MetricParams } from './params.ts';
import { scopedOrders } from './scope.ts';

/**
 * 月度复购与回店 — per calendar month of [from, to), each month clipped to the period (first and
 * last alike): buyers, repurchase rate inside the month, return rate of the previous month's buyers
 * (NULL for the first month: its previous month lies outside the period), new vs returning buyers
 * (new = first purchase ever under the same filters inside that clipped month, so the months' new
 * buyers add up to new_buyers).
 */
export const repurchaseTrend = defineMetric({
  id: 'repurchase_trend',
  label: { zh: '月度复购与回店', en: 'Monthly repurchase and return' },
  formula: {
    zh: '每个自然月（截取到期内）：当月消费≥2天的会员 ÷ 当月消费会员（复购率）；上月消费会员中本月再次消费的人数 ÷ 上月消费会员数（回店率，首月无上月，为空）；首次消费落在当月的会员为新客，其余为老客',
    en: 'per calendar month (clipped to the period): buyers with ≥2 purchase days that month ÷ buyers (repurchase); last month’s buyers who buy again this month ÷ last month’s buyers (return; empty for the first month, which has no previous month in the period); buyers whose first purchase ever is in that month are new, the rest returning',
  },
  unit: 'ratio',
  shape: 'table',
  columns: ['month', 'buyers', 'repurchase_rate', 'return_to_store_rate', 'new_buyers', 'returning_buyers'],
  needs: ['orders', 'members'],
  variants: [{ param: 'repurchaseBasis', options: ['days', 'orders'], default: 'days' }],
  notes: PERIOD_EDGES_NOTE,
  sql: (p) =>
    sql`WITH mb AS (SELECT date_trunc('month', order_date)::DATE AS ms, member_id, ${visitsExpr(p)} AS visits
          FROM (${scopedOrders(p)}) WHERE is_purchase AND member_id IS NOT NULL GROUP BY ms, member_id),
        firsts AS (SELECT member_id, first_date FROM (${memberHistory(p, p.to)})),
        cur AS (SELECT ms, count(*) AS buyers, count(*) FILTER (WHERE ${isRepurchaser()}) AS repeaters,
            count(*) FILTER (WHERE f.first_date >= greatest(ms, ${p.from}::DATE)) AS new_buyers
          FROM mb JOIN firsts f USING (member_id) GROUP BY ms),
        back AS (SELECT (prev.ms + INTERVAL 1 MONTH)::DATE AS ms, count(*) AS prev_buyers, count(nxt.member_id) AS returned
          FROM mb prev LEFT JOIN mb nxt ON nxt.member_id = prev.member_id AND nxt.ms = (prev.ms + INTERVAL 1 MONTH)::DATE GROUP BY 1)
      SELECT strftime(m.ms, '%Y-%m') AS month, coalesce(cur.buyers, 0)::DOUBLE AS buyers,
        (cur.repeaters / nullif(cur.buyers, 0))::DOUBLE AS repurchase_rate,
        (back.returned / nullif(back.prev_buyers, 0))::DOUBLE AS return_to_store_rate,
        coalesce(cur.new_buyers, 0)::DOUBLE AS new_buyers, coalesce(cur.buyers - cur.new_buyers, 0)::DOUBLE AS returning_buyers
      FROM (${monthsOf(p.from, p.to)}) m LEFT JOIN cur ON cur.ms = m.ms LEFT JOIN back ON back.ms = m.ms
      ORDER BY m.ms`,
});

/** Histogram bins of days between purchases (inclusive bounds; `max` null = open-ended). */
export const GAP_BINS: readonly { min: number; max: number | null }[] = [
  { min: 1, max: 7 },
  { min: 8, max: 14 },
  { min: 15, max: 30 },
  { min: 31, max: 60 },
  { min: 61, max: 90 },
  { min: 91, max: 180 },
  { min: 181, max: 365 },
  { min: 366, max: null },
];

/** 回购间隔分布 — gaps between a buyer's consecutive purchase days in the period, binned (same gaps as the median). */
export const purchaseGapHistogram = defineMetric({
  id: 'purchase_gap_histogram',
  label: { zh: '回购间隔分布', en: 'Days between purchases' },
  formula: {
    zh: '期内每位会员相邻两个消费日之间的天数，按 1–7、8–14、15–30、31–60、61–90、91–180、181–365、366+ 天分箱计数（只列期长以内可能出现的箱）',
    en: 'days between each buyer’s consecutive purchase days in the period, counted in bins 1–7, 8–14, 15–30, 31–60, 61–90, 91–180, 181–365, 366+ (only bins possible within the period length)',
  },
  unit: 'count',
  shape: 'table',
  columns: ['min_days', 'max_days', 'gaps', 'share'],
  needs: ['orders', 'members'],
  sql: (p) => {
    const days = periodDays(p.from, p.to);
    // Our own constants as literals: a VALUES list of bound parameters would need casts per client.
    const bins = GAP_BINS.filter((b) => b.min < days).map((b) => raw(`(${b.min}, ${b.max ?? 'NULL'})`));
    // A one-day period has no possible gap: no bins, and an empty VALUES list is a syntax error.
    if (bins.length === 0) return sql`SELECT NULL::DOUBLE AS min_days, NULL::DOUBLE AS max_days, 0::DOUBLE AS gaps, NULL::DOUBLE AS share WHERE FALSE`;
    return sql`WITH gaps AS (SELECT date_diff('day', lag(order_date) OVER (PARTITION BY member_id ORDER BY order_date), order_date) AS gap
          FROM (${buyerDays(p)})),
        bins AS (SELECT * FROM (VALUES ${join(bins)}) t(lo, hi))
      SELECT lo::DOUBLE AS min_days, hi::DOUBLE AS max_days, count(g.gap)::DOUBLE AS gaps,
        (count(g.gap) / nullif(sum(count(g.gap)) OVER (), 0))::DOUBLE AS share
      FROM bins LEFT JOIN gaps g ON g.gap >= lo AND (hi IS NULL OR g.gap <= hi)
      GROUP BY lo, hi ORDER BY lo`;
  },
});

/** Repurchase and return per value of `column` (store / channel): return counts only buyers back in the same segment. */
function bySegment(p: MetricParams, dimension: 'store' | 'channel'): SqlStatement {
  const col = raw(dimension);
  const buyerSet = (q: MetricParams) => sql`SELECT DISTINCT ${col} AS k, member_id FROM (${scopedOrders(q)}) WHERE is_purchase AND member_id IS NOT NULL AND ${col} IS NOT NULL`;
  return sql`SELECT ${dimension} AS dimension, coalesce(a.k, r.k) AS key, coalesce(a.buyers, 0)::DOUBLE AS buyers,
      a.rate::DOUBLE AS repurchase_rate, r.rate::DOUBLE AS return_to_store_rate
    FROM (SELECT k, count(*) AS buyers, count(*) FILTER (WHERE ${isRepurchaser()}) / count(*) AS rate
          FROM (SELECT ${col} AS k, member_id, ${visitsExpr(p)} AS visits FROM (${scopedOrders(p)})
                WHERE is_purchase AND member_id IS NOT NULL AND ${col} IS NOT NULL GROUP BY k, member_id) GROUP BY k) a
    FULL JOIN (SELECT prev.k, count(cur.member_id) / count(*) AS rate
          FROM (${buyerSet(comparisonPeriod(p))}) prev
          LEFT JOIN (${buyerSet(p)}) cur ON cur.member_id = prev.member_id AND cur.k = prev.k GROUP BY prev.k) r ON r.k = a.k`;
}

/** 分门店/渠道复购与回店 — repurchase and return-to-store per store and per channel (return: back in the same one). */
export const repurchaseBySegment = defineMetric({
  id: 'repurchase_by_segment',
  label: { zh: '分门店/渠道复购与回店', en: 'Repurchase and return by store and channel' },
  formula: {
    zh: '每家门店、每个渠道：期内在该处消费≥2天的会员 ÷ 在该处消费的会员（复购率）；上一等长周期在该处消费的会员中本期回到该处消费的比例（回店率）',
    en: 'per store and per channel: buyers there with ≥2 purchase days ÷ buyers there (repurchase); buyers there in the previous equal-length period who buy there again ÷ those buyers (return)',
  },
  unit: 'ratio',
  shape: 'table',
  columns: ['dimension', 'key', 'buyers', 'repurchase_rate', 'return_to_store_rate'],
  needs: ['orders', 'members'],
  variants: [{ param: 'repurchaseBasis', options: ['days', 'orders'], default: 'days' }],
  sql: (p) => sql`SELECT * FROM (${bySegment(p, 'store')} UNION ALL ${bySegment(p, 'channel')}) ORDER BY dimension DESC, key`,
});
