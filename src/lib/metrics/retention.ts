/** Coming back: return to store, purchase frequency, days between purchases, footfall conversion. */
import { inList, raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import { buyerDays, keyExpr, scalarOf } from './history.ts';
import { comparisonPeriod, type MetricParams } from './params.ts';
import { scopedOrders } from './scope.ts';

const buyerSet = (p: MetricParams, byStore: boolean): SqlStatement =>
  sql`SELECT DISTINCT ${keyExpr(byStore, 'store')} AS k, member_id FROM (${scopedOrders(p)}) WHERE is_purchase AND member_id IS NOT NULL`;

/** Return-to-store rate as `(k, value)` rows; per store when `byStore` (back at the same store). */
export function returnToStoreBy(p: MetricParams, byStore = false): SqlStatement {
  return sql`SELECT prev.k, (count(cur.member_id) / count(*))::DOUBLE AS value
    FROM (${buyerSet(comparisonPeriod(p), byStore)}) prev
    LEFT JOIN (${buyerSet(p, byStore)}) cur ON cur.member_id = prev.member_id AND cur.k IS NOT DISTINCT FROM prev.k
    GROUP BY prev.k`;
}

/** 回店率 — buyers of the previous equal-length period who purchase again in this one ÷ those buyers. */
export const returnToStoreRate = defineMetric({
  id: 'return_to_store_rate',
  label: { zh: '回店率', en: 'Return-to-store rate' },
  formula: {
    zh: '上一等长周期的消费会员中本期再次消费的人数 ÷ 上一等长周期的消费会员数（分店时须回到同一门店）',
    en: 'buyers of the previous equal-length period who purchase again in this period ÷ buyers of the previous period (per store: back at the same store)',
  },
  unit: 'ratio',
  shape: 'scalar',
  needs: ['orders', 'members'],
  sql: (p) => scalarOf(returnToStoreBy(p)),
});

/** 消费频次 — purchase days per buyer in the period. NULL without buyers. */
export const purchaseFrequency = defineMetric({
  id: 'purchase_frequency',
  label: { zh: '消费频次', en: 'Purchase frequency' },
  formula: { zh: '期内消费会员的消费天数之和 ÷ 消费会员数', en: 'purchase days of all buyers ÷ buyers' },
  unit: 'count',
  shape: 'scalar',
  needs: ['orders', 'members'],
  sql: (p) => sql`SELECT (count(*) / nullif(count(DISTINCT member_id), 0))::DOUBLE AS value
    FROM (${buyerDays(p)})`,
});

/** 回购间隔中位数 — median days between a buyer's consecutive purchase days inside the period. */
export const medianPurchaseGap = defineMetric({
  id: 'median_purchase_gap_days',
  label: { zh: '回购间隔中位数', en: 'Median days between purchases' },
  formula: {
    zh: '期内每位会员相邻两个消费日之间的天数，取全部间隔的中位数（偶数个时取中间两数均值）',
    en: 'median over all buyers of the days between consecutive purchase days in the period (mean of the middle two when even)',
  },
  unit: 'days',
  shape: 'scalar',
  needs: ['orders', 'members'],
  higherIsBetter: false,
  sql: (p) => sql`SELECT median(gap)::DOUBLE AS value FROM (
      SELECT date_diff('day', lag(order_date) OVER (PARTITION BY member_id ORDER BY order_date), order_date) AS gap
      FROM (${buyerDays(p)}))
    WHERE gap IS NOT NULL`,
});

/** Conversion as `(k, value)` rows: in-store purchase orders ÷ footfall, over stores with footfall in the period. */
export function conversionBy(p: MetricParams, byStore = false): SqlStatement {
  return sql`WITH f AS (SELECT store, sum(visitors) AS visitors FROM footfall
        WHERE date >= ${p.from}::DATE AND date < ${p.to}::DATE AND ${inList(raw('store'), p.stores)}
        GROUP BY store HAVING sum(visitors) > 0),
      o AS (SELECT store, count(*) AS orders FROM (${scopedOrders(p)})
        WHERE is_purchase AND coalesce(channel, 'offline') <> 'online' GROUP BY store)
    SELECT ${keyExpr(byStore, 'f.store')} AS k, (coalesce(sum(o.orders), 0) / sum(f.visitors))::DOUBLE AS value
    FROM f LEFT JOIN o ON o.store = f.store GROUP BY k`;
}

/** 转化率 — purchase orders not flagged online ÷ footfall visitors, stores in scope with footfall only. NULL without footfall. */
export const conversionRate = defineMetric({
  id: 'conversion_rate',
  label: { zh: '进店转化率', en: 'Conversion rate' },
  formula: {
    zh: '有客流数据的门店：期内非线上消费订单数 ÷ 期内进店客流人数；无客流数据时为空',
    en: 'stores with footfall data: purchase orders not flagged online ÷ footfall visitors in the period; NULL without footfall',
  },
  unit: 'ratio',
  shape: 'scalar',
  needs: ['orders', 'members', 'footfall'],
  sql: (p) => scalarOf(conversionBy(p)),
});
