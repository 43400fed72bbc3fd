/** Basket KPIs: items per order, price per item, and how much of the sales members bring. */
import { raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import { keyExpr, scalarOf } from './history.ts';
import { unitRatio, unitSum, yuanPer } from './money.ts';
import type { MetricParams } from './params.ts';
import { scopedOrders } from './scope.ts';

// Refund orders carry negative items; both basket ratios use purchases only, and only orders whose
// item_count is known, so a missing count never deflates them.
const WITH_ITEMS = raw('is_purchase AND item_count IS NOT NULL');

/** Units per transaction as `(k, value)` rows, per store when `byStore`. */
export function unitsPerTransactionBy(p: MetricParams, byStore = false): SqlStatement {
  return sql`SELECT ${keyExpr(byStore, 'store')} AS k,
      (sum(item_count) FILTER (WHERE ${WITH_ITEMS}) /
       nullif(count(*) FILTER (WHERE ${WITH_ITEMS}), 0))::DOUBLE AS value
    FROM (${scopedOrders(p)}) GROUP BY k`;
}

/** 连带率 — items ÷ purchase orders (orders with a known item count). NULL without such orders. */
export const unitsPerTransaction = defineMetric({
  id: 'units_per_transaction',
  label: { zh: '连带率', en: 'Units per transaction' },
  formula: { zh: '消费订单件数之和 ÷ 消费订单数（不含退款单与件数缺失的订单）', en: 'items ÷ purchase orders (refunds and orders without an item count left out)' },
  unit: 'items',
  shape: 'scalar',
  needs: ['orders', 'members'],
  sql: (p) => scalarOf(unitsPerTransactionBy(p)),
});

/** 件单价 — purchase amount ÷ items (orders with a known item count). ¥; NULL without items. */
export const averageUnitPrice = defineMetric({
  id: 'average_unit_price',
  label: { zh: '件单价', en: 'Average unit price' },
  formula: { zh: '消费订单金额之和 ÷ 消费订单件数之和（不含退款单与件数缺失的订单）', en: 'purchase amount ÷ items (refunds and orders without an item count left out)' },
  unit: 'yuan',
  shape: 'scalar',
  needs: ['orders', 'members'],
  sql: (p) => sql`SELECT ${yuanPer(sql`${unitSum('amount')} FILTER (WHERE ${WITH_ITEMS})`, sql`nullif(sum(item_count) FILTER (WHERE ${WITH_ITEMS}), 0)`)} AS value
    FROM (${scopedOrders(p)})`,
});

/** Member sales share as `(k, value)` rows, per store when `byStore`. */
export function memberSalesShareBy(p: MetricParams, byStore = false): SqlStatement {
  return sql`SELECT ${keyExpr(byStore, 'store')} AS k,
      ${unitRatio(sql`coalesce(${unitSum('amount')} FILTER (WHERE is_purchase AND member_id IS NOT NULL), 0)`, sql`nullif(${unitSum('amount')} FILTER (WHERE is_purchase), 0)`)} AS value
    FROM (${scopedOrders(p)}) GROUP BY k`;
}

/** 会员消费占比 — members' purchase amount ÷ all purchase amount (refunds left out so it stays in [0, 1]). */
export const memberSalesShare = defineMetric({
  id: 'member_sales_share',
  label: { zh: '会员消费占比', en: 'Member sales share' },
  formula: { zh: '会员消费订单金额 ÷ 全部消费订单金额（不含退款单）', en: 'purchase amount of members ÷ purchase amount of everyone (refunds left out)' },
  unit: 'ratio',
  shape: 'scalar',
  needs: ['orders', 'members'],
  sql: (p) => scalarOf(memberSalesShareBy(p)),
});
