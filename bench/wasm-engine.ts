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
  const { COMPRESSED_DATABASE } = await import(`${root}/workers/drivers/driver.ts`);
  const { createEngine } = await import(`${root}/workers/engine.ts`);
  const { loadNativeOrders } = await import(`${root}/bench/native-orders.ts`);
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
  await loadNativeOrders(driver, path); // the export into the order facts by read_csv and one projection (bench/native-orders.ts)
  const dataset = await engine.dataset();
  return { driver, engine, dataset, loadMs: Math.round(performance.now() - t) };
}
