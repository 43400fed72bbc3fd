/**
 * Sales-side KPIs: net sales, purchase orders, buyers, average order value. The sums read the store-day
 * summary (scope.ts scopedDays); buyers count members in the order facts. Each is `scalarOrZero` /
 * `scalarOf` of its `(k, value)` builder, which groups by store when asked (`byStore`): a store's row of
 * the builder over every store is the KPI with that store picked (workers/compass-rollup.ts answers a
 * store click from it when it is cached).
 */
import { raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import { keyExpr, scalarOf, scalarOrZero } from './history.ts';
import { yuan, yuanPer } from './money.ts';
import type { MetricParams } from './params.ts';
import { scopedDays, scopedOrders } from './scope.ts';

/** Net sales as `(k, value)` rows, per store when `byStore`. */
export function salesBy(p: MetricParams, byStore = false): SqlStatement {
  return sql`SELECT ${keyExpr(byStore, 'store')} AS k, ${yuan(raw('coalesce(sum(amount_units), 0)'))} AS value FROM (${scopedDays(p)}) GROUP BY k`;
}

/** Purchase orders as `(k, value)` rows, per store when `byStore`. */
export function ordersBy(p: MetricParams, byStore = false): SqlStatement {
  return sql`SELECT ${keyExpr(byStore, 'store')} AS k, coalesce(sum(purchases), 0)::DOUBLE AS value FROM (${scopedDays(p)}) GROUP BY k`;
}

/** Buyers (distinct members with a purchase) as `(k, value)` rows, per store when `byStore` (members who bought at that store). */
export function buyersBy(p: MetricParams, byStore = false): SqlStatement {
  return sql`SELECT ${keyExpr(byStore, 'store')} AS k, count(DISTINCT member_id) FILTER (WHERE is_purchase)::DOUBLE AS value FROM (${scopedOrders(p)}) GROUP BY k`;
}

/** 销售额 — net sales: all order amounts in the period, refunds (negative) included. ¥. */
export const sales = defineMetric({
  id: 'sales',
  label: { zh: '销售额', en: 'Net sales' },
  formula: { zh: '期内全部订单实付金额之和（退款为负，计入抵减）', en: 'sum of paid amounts of all orders in the period (refunds are negative and reduce it)' },
  unit: 'yuan',
  shape: 'scalar',
  needs: ['orders', 'members'],
  sql: (p) => scalarOrZero(salesBy(p)),
});

/** 订单数 — purchase orders (positive amount, not a refund). */
export const orders = defineMetric({
  id: 'orders',
  label: { zh: '订单数', en: 'Orders' },
  formula: {
    zh: '期内金额为正且非退款的订单数（countZeroAmount 时含金额为 0 的订单）',
    en: 'orders in the period with a positive amount that are not refunds (with countZeroAmount: amount ≥ 0)',
  },
  unit: 'count',
  shape: 'scalar',
  needs: ['orders', 'members'],
  sql: (p) => scalarOrZero(ordersBy(p)),
});

/** 消费会员数 — distinct members with at least one purchase. Non-members are not buyers. */
export const buyers = defineMetric({
  id: 'buyers',
  label: { zh: '消费会员数', en: 'Buyers' },
  formula: { zh: '期内至少有一笔消费的会员人数（去重）', en: 'distinct members with at least one purchase in the period' },
  unit: 'count',
  shape: 'scalar',
  needs: ['orders', 'members'],
  sql: (p) => scalarOrZero(buyersBy(p)),
});

/** Average order value as `(k, value)` rows: net sales ÷ purchase orders, per store when `byStore`. */
export function aovBy(p: MetricParams, byStore = false): SqlStatement {
  return sql`SELECT ${keyExpr(byStore, 'store')} AS k,
      ${yuanPer(raw('coalesce(sum(amount_units), 0)'), raw('nullif(sum(purchases), 0)'))} AS value
    FROM (${scopedDays(p)}) GROUP BY k`;
}

/** 客单价 — net sales ÷ purchase orders. NULL when there are no orders. ¥. */
export const aov = defineMetric({
  id: 'aov',
  label: { zh: '客单价', en: 'Average order value' },
  formula: { zh: '销售额 ÷ 订单数', en: 'net sales ÷ orders' },
  unit: 'yuan',
  shape: 'scalar',
  needs: ['orders', 'members'],
  sql: (p) => scalarOf(aovBy(p)),
});
