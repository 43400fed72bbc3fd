/**
 * The synthetic export into native DuckDB's order facts by read_csv and one plain projection (no JS
 * import): the native side of the scale bench's refresh, compass and fit rows.
 */
import { ORDER_FACTS } from '../src/lib/metrics/scope.ts';
import { createTableSql } from '../src/lib/schema.ts';
import type { SqlDriver } from '../workers/drivers/driver.ts';
import { buildOrderFacts } from '../workers/order-facts.ts';

export async function loadNativeOrders(driver: SqlDriver, file: string): Promise<void> {
  await driver.exec(
    `${createTableSql('orders', '_native_orders')}; INSERT INTO _native_orders (order_id, order_time, member_id, store, channel, amount, item_count, is_refund)
     SELECT 订单号, 下单时间::TIMESTAMP, nullif(会员卡号, ''), 门店, CASE 渠道 WHEN '线上' THEN 'online' ELSE 'offline' END,
            TRY_CAST(实付金额 AS DOUBLE), 件数, false
     FROM read_csv('${file}', all_varchar = true) WHERE TRY_CAST(实付金额 AS DOUBLE) IS NOT NULL`,
  );
  // The engine's orders are a view of its order facts (workers/order-facts.ts): the rows go there.
  await buildOrderFacts(driver, { orders: '_native_orders', members: 'members' }, ORDER_FACTS);
  await driver.exec('DROP TABLE _native_orders');
}
