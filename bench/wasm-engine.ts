/**
 * The tab's engine on DuckDB-WASM in Node over a synthetic export, for the benches that time panel statements
 * (bench/segments-sql.ts, bench/segshare-sql.ts, bench/histshare-sql.ts; session 16 folded their copies of this load):
 * a compressed in-memory database as in the tab (workers/drivers/wasm.ts), the export read into the order facts, then
 * the engine over them. `root` is the
 * checkout whose engine and catalogue are loaded (default: this one), so one bench can time two checkouts alternated.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** This checkout's root. */
export const HERE = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

export interface WasmBench {
  // The checkout's own types are not known here (it may be another checkout): its modules as they are.
  driver: any;
  engine: any;
  dataset: any;
  /** Wall ms of the load (read, order facts, engine). */
  loadMs: number;
}

/**
 * Loads `orders-<size>.csv` from the shared bench data into `root`'s engine on DuckDB-WASM (`name` names the registered
 * file), or with `native` on native DuckDB with one thread and the same compressed layout.
 */
export async function loadWasmEngine(opts: { size: string; name: string; root?: string; native?: boolean }): Promise<WasmBench> {
  const root = opts.root ?? HERE;
  const { createTableSql } = await import(`${root}/src/lib/schema.ts`);
  const { ORDER_FACTS } = await import(`${root}/src/lib/metrics/scope.ts`);
  const { COMPRESSED_DATABASE } = await import(`${root}/workers/drivers/driver.ts`);
  const { createEngine } = await import(`${root}/workers/engine.ts`);
  const { buildOrderFacts } = await import(`${root}/workers/order-facts.ts`);
  const { openWasm, wasmDriver } = await import(`${root}/test/unit/drivers/wasm-node.ts`);
  const { DATA_DIR } = await import(`${root}/bench/synthetic-orders.ts`);
  const file = `${DATA_DIR}/orders-${opts.size}.csv`;
  let driver;
  let path = file;
  if (opts.native) {
    const { openNativeDriver } = await import(`${root}/workers/drivers/native.ts`);
    driver = await openNativeDriver(':memory:', { threads: 1, readable: [DATA_DIR], compressed: true });
  } else {
    driver = wasmDriver(await openWasm());
    for (const s of COMPRESSED_DATABASE) await driver.exec(s); // the tab's layout (workers/drivers/wasm.ts)
    path = await driver.registerBytes(`${opts.name}-${opts.size}.csv`, new Uint8Array(readFileSync(file)));
  }
  const t = performance.now();
  const engine = await createEngine(driver, { prefetchQuietMs: 0 });
  await driver.exec(
    `${createTableSql('orders', '_bench_orders')}; INSERT INTO _bench_orders (order_id, order_time, member_id, store, channel, amount, item_count, is_refund)
     SELECT 订单号, 下单时间::TIMESTAMP, nullif(会员卡号, ''), 门店, CASE 渠道 WHEN '线上' THEN 'online' ELSE 'offline' END,
            TRY_CAST(实付金额 AS DOUBLE), 件数, false
     FROM read_csv('${path}', all_varchar = true) WHERE TRY_CAST(实付金额 AS DOUBLE) IS NOT NULL`,
  );
  await buildOrderFacts(driver, { orders: '_bench_orders', members: 'members' }, ORDER_FACTS);
  await driver.exec('DROP TABLE _bench_orders');
  const dataset = await engine.dataset();
  return { driver, engine, dataset, loadMs: Math.round(performance.now() - t) };
}
