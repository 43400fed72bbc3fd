/**
 * The order facts (src/lib/metrics/scope.ts) as the one table holding the orders (issue 14: a
 * tab's memory is the limit). `orders` is a view of the facts' order columns, so a load keeps a
 * single copy of its orders instead of an orders table plus a sorted facts copy. The sort goes
 * chunk by chunk over ranges of order time, so it never needs the whole table's sort buffers:
 * DuckDB-WASM has no temp directory to spill them to.
 */
import { ipcToRows } from '../src/lib/engine/rows.ts';
import { ORDER_FACTS, orderFactsSelect, STORE_DAYS, storeDaysSelect } from '../src/lib/metrics/scope.ts';
import { TABLES } from '../src/lib/schema.ts';
import { quoteIdent } from '../src/lib/sql.ts';
import type { SqlDriver } from './drivers/driver.ts';

/** Rows sorted at once while the facts are built: the sort's working memory is about this many rows. */
export const FACTS_CHUNK_ROWS = 1_000_000;

/** `orders`: the canonical order columns of the facts (what the import, exports and saves see). */
export const ORDERS_VIEW_SQL = `CREATE OR REPLACE VIEW orders AS SELECT ${TABLES.orders.map((c) => quoteIdent(c.name)).join(', ')} FROM ${ORDER_FACTS}`;

/** The store-day summary (scope.ts STORE_DAYS) built next to facts table `facts`: `store_days` next to `order_facts`, `_staging_store_days` next to `_staging_order_facts`. */
export const storeDaysOf = (facts: string): string => (facts.endsWith(ORDER_FACTS) ? `${facts.slice(0, -ORDER_FACTS.length)}${STORE_DAYS}` : `${facts}_${STORE_DAYS}`);

const rowsOf = async (driver: SqlDriver, text: string) => ipcToRows(await driver.query({ text, params: [] }));

/**
 * Builds table `target` (replaced) as the order facts of `orders` and `members` (tables or views),
 * rows in order-time order, and next to it their store-day summary `storeDaysOf(target)`. Up to `chunkRows` orders it is one sorted CREATE; past that, each range
 * of order time between approximate quantiles is sorted and appended in turn, so the sort holds one
 * range at a time (ties and NULL times keep ORDER BY's placement: NULLs last).
 */
export async function buildOrderFacts(driver: SqlDriver, source: { orders: string; members: string }, target: string, chunkRows = FACTS_CHUNK_ROWS): Promise<void> {
  const select = orderFactsSelect(quoteIdent(source.orders), quoteIdent(source.members));
  const t = quoteIdent(target);
  const [{ n }] = await rowsOf(driver, `SELECT count(*)::DOUBLE AS n FROM ${quoteIdent(source.orders)}`);
  const chunks = Math.ceil((n as number) / chunkRows);
  if (chunks <= 1) await driver.exec(`CREATE OR REPLACE TABLE ${t} AS ${select} ORDER BY o.order_time`);
  else await buildInRanges(driver, source.orders, select, t, chunks);
  await buildStoreDays(driver, target);
}

/** The store-day summary `storeDaysOf(facts)` (replaced) of order facts table `facts`: also after a restore that read the facts as saved. */
export async function buildStoreDays(driver: SqlDriver, facts: string): Promise<void> {
  await driver.exec(`CREATE OR REPLACE TABLE ${quoteIdent(storeDaysOf(facts))} AS ${storeDaysSelect(quoteIdent(facts))} ORDER BY o.order_date`);
}

/** The facts appended range by range of order time, each range sorted on its own. */
async function buildInRanges(driver: SqlDriver, orders: string, select: string, t: string, chunks: number): Promise<void> {
  const fractions = Array.from({ length: chunks - 1 }, (_, i) => ((i + 1) / chunks).toFixed(6)).join(', ');
  const bounds = [
    ...new Set((await rowsOf(driver, `SELECT unnest(approx_quantile(order_time, [${fractions}]))::VARCHAR AS b FROM ${quoteIdent(orders)}`)).map((r) => r.b as string)),
  ].sort();
  const at = (b: string) => `TIMESTAMP '${b}'`;
  const ranges = [
    ...bounds.map((b, i) => (i === 0 ? `o.order_time < ${at(b)}` : `o.order_time >= ${at(bounds[i - 1])} AND o.order_time < ${at(b)}`)),
    bounds.length ? `o.order_time >= ${at(bounds[bounds.length - 1])} OR o.order_time IS NULL` : 'TRUE',
  ];
  await driver.exec(`CREATE OR REPLACE TABLE ${t} AS ${select} LIMIT 0`);
  // Appended in range order: the table keeps insertion order, so its rows end up sorted.
  for (const range of ranges) await driver.exec(`INSERT INTO ${t} ${select} WHERE ${range} ORDER BY o.order_time`);
}
