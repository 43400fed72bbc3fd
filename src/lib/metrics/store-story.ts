/** Per-store monthly views behind the demo's story charts: who stopped coming, and footfall itself. */
import { inList, raw, sql } from '../sql.ts';
import { addDays } from './params.ts';
import { defineMetric } from './define.ts';
import { EPOCH, lifecycleOf, snapshotEnd } from './history.ts';
import { scopedOrders } from './scope.ts';

/** 流失会员（按门店） — per month of last purchase and home store: members quiet for > active days by the snapshot end. */
export const churnersByStore = defineMetric({
  id: 'churners_by_store',
  label: { zh: '月度流失会员（按门店）', en: 'Members lost per month by store' },
  formula: {
    zh: '按最后一次消费所在月份和所属门店（无所属门店时取最后一次消费的门店）计数：截至期末已至少 active 天（默认 90 天）没有再消费的会员',
    en: 'by month of the last purchase and home store (the last purchase’s store when there is none): members with no purchase for at least active days (90 by default) by the period end',
  },
  notes: {
    zh: '只返回在期末前 active 天之前已整月结束的月份（更晚的月份还看不出谁会流失）；紧挨着的几个月偏高（之后会回来的会员也被计入），比较门店，不要比较月份。',
    en: 'Only months that end before the period end minus active days are returned (later months cannot show churn yet); the months just before look inflated (members who would come back later are counted), so compare stores, not those months.',
  },
  unit: 'count',
  shape: 'table',
  columns: ['month', 'store', 'churners'],
  needs: ['orders'],
  higherIsBetter: false,
  sql: (p) => {
    const end = snapshotEnd(p);
    const quietSince = addDays(end, -lifecycleOf(p).active);
    // The last order's store: of orders in the same second, the larger order id's (arg_max over the time alone took whichever
    // of them the scan met first, so the answer moved with the facts' row order: test/unit/metrics/tied-orders.test.ts).
    return sql`WITH last AS (SELECT member_id, max(order_date) AS last_date, arg_max(store, (order_time, order_id)) AS last_store
          FROM (${scopedOrders(p, EPOCH, end)}) WHERE is_purchase AND member_id IS NOT NULL GROUP BY member_id)
      SELECT strftime(l.last_date, '%Y-%m') AS month, coalesce(m.home_store, l.last_store, '(unknown)') AS store, count(*)::DOUBLE AS churners
      FROM last l LEFT JOIN members m USING (member_id)
      WHERE l.last_date >= ${p.from}::DATE AND l.last_date < date_trunc('month', ${quietSince}::DATE)
      GROUP BY ALL ORDER BY month, store`;
  },
});

/** 客流（按门店） — per month and store with footfall: visitors, average daily visitors and in-store conversion. */
export const footfallByStore = defineMetric({
  id: 'footfall_by_store',
  label: { zh: '月度客流（按门店）', en: 'Monthly footfall by store' },
  formula: {
    zh: '每个自然月、每家有客流数据的门店：进店人数合计、日均进店人数（÷ 有客流记录的天数）、转化率（非线上消费订单数 ÷ 进店人数，同 conversion_rate 口径）',
    en: 'per calendar month and store with footfall: visitors, average daily visitors (÷ days with footfall) and conversion (purchase orders not flagged online ÷ visitors, as conversion_rate)',
  },
  unit: 'count',
  shape: 'table',
  columns: ['month', 'store', 'visitors', 'daily_visitors', 'conversion'],
  needs: ['orders', 'footfall'],
  sql: (p) => sql`WITH f AS (SELECT strftime(date, '%Y-%m') AS month, store, sum(visitors) AS visitors, count(DISTINCT date) AS days
        FROM footfall WHERE date >= ${p.from}::DATE AND date < ${p.to}::DATE AND ${inList(raw('store'), p.stores)} GROUP BY ALL),
      o AS (SELECT strftime(order_date, '%Y-%m') AS month, store, count(*) AS orders FROM (${scopedOrders(p)})
        WHERE is_purchase AND coalesce(channel, 'offline') <> 'online' GROUP BY ALL)
    SELECT f.month, f.store, f.visitors::DOUBLE AS visitors, (f.visitors / f.days)::DOUBLE AS daily_visitors,
      (coalesce(o.orders, 0) / nullif(f.visitors, 0))::DOUBLE AS conversion
    FROM f LEFT JOIN o USING (month, store) ORDER BY f.month, f.store`,
});
