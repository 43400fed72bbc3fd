/** Store compass inputs: each store's KPIs side by side, from the same builders as the scalar metrics. */
import { join, raw, sql, type SqlStatement } from '../sql.ts';
import { activeMemberShareBy } from './activity.ts';
import { memberSalesShareBy, unitsPerTransactionBy } from './basket.ts';
import { defineMetric } from './define.ts';
import type { MetricParams } from './params.ts';
import { repurchaseBy } from './repurchase.ts';
import { conversionBy, returnToStoreBy } from './retention.ts';
import { aovBy } from './sales.ts';
import { npsBy } from './satisfaction.ts';
import { scopedOrders } from './scope.ts';

/** Compass KPI columns in display order, each with the per-store builder of its scalar metric. */
/** The compass KPIs' ids: catalogue ids (a test checks each is in the catalogue). */
export type CompassKpiId = 'repurchase_rate' | 'return_to_store_rate' | 'aov' | 'units_per_transaction' | 'member_sales_share' | 'nps' | 'active_member_share' | 'conversion_rate';

export const COMPASS_KPIS: readonly { id: CompassKpiId; by: (p: MetricParams, byStore: boolean) => SqlStatement }[] = [
  { id: 'repurchase_rate', by: repurchaseBy },
  { id: 'return_to_store_rate', by: returnToStoreBy },
  { id: 'aov', by: aovBy },
  { id: 'units_per_transaction', by: unitsPerTransactionBy },
  { id: 'member_sales_share', by: memberSalesShareBy },
  { id: 'nps', by: npsBy },
  { id: 'active_member_share', by: activeMemberShareBy },
  { id: 'conversion_rate', by: conversionBy },
];

/** 门店罗盘 — per store with orders in the period: the eight compass KPIs (raw values; normalise in TS). */
export const storeCompass = defineMetric({
  id: 'store_compass',
  label: { zh: '门店罗盘指标', en: 'Store compass KPIs' },
  formula: {
    zh: '期内有订单的每家门店：复购率、回店率、客单价、连带率、会员消费占比、NPS、活跃会员占比、进店转化率（各按同名指标口径，限本店）',
    en: 'per store with orders in the period: repurchase, return-to-store, AOV, units per transaction, member sales share, NPS, active member share, conversion (each as the metric of that id, restricted to the store)',
  },
  unit: 'score',
  shape: 'table',
  columns: ['store', ...COMPASS_KPIS.map((k) => k.id)],
  needs: ['orders', 'members', 'surveys', 'footfall'],
  sql: (p) => {
    const joins = COMPASS_KPIS.map((k, i) => sql`LEFT JOIN (${k.by(p, true)}) ${raw(`k${i} ON k${i}.k = s.store`)}`);
    const cols = raw(COMPASS_KPIS.map((k, i) => `k${i}.value::DOUBLE AS ${k.id}`).join(', '));
    return sql`SELECT s.store, ${cols}
      FROM (SELECT DISTINCT store FROM (${scopedOrders(p)}) WHERE store IS NOT NULL) s ${join(joins, ' ')} ORDER BY s.store`;
  },
});
