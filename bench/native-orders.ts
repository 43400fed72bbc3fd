/**
 * The synthetic export into native DuckDB's canonical `orders` table by read_csv and one plain
 * projection (no JS import): the native side of the scale bench's refresh, compass and fit rows.
 */
import { ORDER_FACTS_SQL } from '../src/lib/metrics/scope.ts';
import type { SqlDriver } from '../workers/drivers/driver.ts';

export async function loadNativeOrders(driver: SqlDriver, file: string): Promise<void> {
  await driver.exec(
    `INSERT INTO orders (order_id, order_time, member_id, store, channel, amount, item_count, is_refund)
     SELECT 订单号, 下单时间::TIMESTAMP, nullif(会员卡号, ''), 门店, CASE 渠道 WHEN '线上' THEN 'online' ELSE 'offline' END,
            TRY_CAST(实付金额 AS DOUBLE), 件数, false
     FROM read_csv('${file}', all_varchar = true) WHERE TRY_CAST(实付金额 AS DOUBLE) IS NOT NULL`,
  );
  // The metrics read the order facts the engine derives at every swap: without this they would read an empty table.
  await driver.exec(ORDER_FACTS_SQL);
}
