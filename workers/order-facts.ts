/**
 * The order facts (src/lib/metrics/scope.ts) as the one table holding the orders (issue 14: a
 * tab's memory is the limit). `orders` is a view of the facts' order columns, so a load keeps a
 * single copy of its orders instead of an orders table plus a sorted facts copy. The sort goes
 * chunk by chunk over ranges of order time, so it never needs the whole table's sort buffers:
 * DuckDB-WASM has no temp directory to spill them to.
 */
import { ipcToRows } from '../src/lib/engine/rows.ts';
import { ORDER_FACTS, ORDER_FACTS_COLUMNS, orderFactsSelect, STORE_DAYS, storeDaysSelect } from '../src/lib/metrics/scope.ts';
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
 * The compression each text column of the orders is stored with in a database file (the command line out of core),
 * chosen up front: DuckDB otherwise analyses every method on every column segment it writes (hashing every order id
 * for a dictionary that never fits, building FSST symbol tables for two channel labels), and the orders are written
 * twice (the import's table, then the facts). These are the methods DuckDB picks for them anyway (2M synthetic orders),
 * so the tables are stored as before and read back identical; a 2M-row copy into the file took 2.2 s of CPU instead of
 * 3.5. Order and member ids are nearly all distinct (FSST); store, channel and tier are a few labels (a dictionary).
 * In memory (the tab, a CLI run that does not spill) DuckDB has other choices (DICT_FSST) these would rule out: unused there.
 */
export const FILE_COMPRESSION: Readonly<Record<string, string>> = { order_id: 'fsst', member_id: 'fsst', store: 'dictionary', channel: 'dictionary', tier: 'dictionary' };

/** Whether the driver's current database is a file (the command line out of core), not in memory. */
export async function storedInFile(driver: SqlDriver): Promise<boolean> {
  const [row] = await rowsOf(driver, "SELECT coalesce(path, '') AS path FROM duckdb_databases() WHERE database_name = current_database()");
  return !!row && row.path !== '' && row.path !== ':memory:';
}

/** `("column" TYPE [USING COMPRESSION …], …)`: FILE_COMPRESSION's methods when the table is written to a file. */
export function columnsSql(columns: readonly { name: string; type: string }[], file: boolean): string {
  return `(${columns.map((c) => `${quoteIdent(c.name)} ${c.type}${file && FILE_COMPRESSION[c.name] ? ` USING COMPRESSION ${FILE_COMPRESSION[c.name]}` : ''}`).join(', ')})`;
}

/**
 * Builds table `target` (replaced) as the order facts of `orders` and `members` (tables or views),
 * rows in order-time order, and next to it their store-day summary `storeDaysOf(target)`. Up to `chunkRows` orders it is one sorted CREATE; past that, each range
 * of order time between approximate quantiles is sorted and appended in turn, so the sort holds one
 * range at a time (ties and NULL times keep ORDER BY's placement: NULLs last).
 */
export async function buildOrderFacts(
  driver: SqlDriver,
  source: { orders: string; members: string },
  target: string,
  chunkRows = FACTS_CHUNK_ROWS,
  /** Whether the table is written to a database file (FILE_COMPRESSION); by default as the driver's current database is. */
  inFile?: boolean,
): Promise<void> {
  const select = orderFactsSelect(quoteIdent(source.orders), quoteIdent(source.members));
  const t = quoteIdent(target);
  const [{ n }] = await rowsOf(driver, `SELECT count(*)::DOUBLE AS n FROM ${quoteIdent(source.orders)}`);
  const chunks = Math.ceil((n as number) / chunkRows);
  // In a database file the table is declared first, with FILE_COMPRESSION (the rows are the same, inserted in the same order).
  const create = (inFile ?? (await storedInFile(driver))) ? `CREATE OR REPLACE TABLE ${t} ${columnsSql(ORDER_FACTS_COLUMNS, true)}` : null;
  if (chunks <= 1) await driver.exec(create ? `${create}; INSERT INTO ${t} ${select} ORDER BY o.order_time` : `CREATE OR REPLACE TABLE ${t} AS ${select} ORDER BY o.order_time`);
  else await buildInRanges(driver, source.orders, select, t, chunks, create);
  await buildStoreDays(driver, target);
}

/** The store-day summary `storeDaysOf(facts)` (replaced) of order facts table `facts`: also after a restore that read the facts as saved. */
export async function buildStoreDays(driver: SqlDriver, facts: string): Promise<void> {
  await driver.exec(`CREATE OR REPLACE TABLE ${quoteIdent(storeDaysOf(facts))} AS ${storeDaysSelect(quoteIdent(facts))} ORDER BY o.order_date`);
}

/** The facts appended range by range of order time, each range sorted on its own. */
async function buildInRanges(driver: SqlDriver, orders: string, select: string, t: string, chunks: number, create: string | null): Promise<void> {
  const fractions = Array.from({ length: chunks - 1 }, (_, i) => ((i + 1) / chunks).toFixed(6)).join(', ');
  const bounds = [
    ...new Set((await rowsOf(driver, `SELECT unnest(approx_quantile(order_time, [${fractions}]))::VARCHAR AS b FROM ${quoteIdent(orders)}`)).map((r) => r.b as string)),
  ].sort();
  const at = (b: string) => `TIMESTAMP '${b}'`;
  const ranges = [
    ...bounds.map((b, i) => (i === 0 ? `o.order_time < ${at(b)}` : `o.order_time >= ${at(bounds[i - 1])} AND o.order_time < ${at(b)}`)),
    bounds.length ? `o.order_time >= ${at(bounds[bounds.length - 1])} OR o.order_time IS NULL` : 'TRUE',
  ];
  await driver.exec(create ?? `CREATE OR REPLACE TABLE ${t} AS ${select} LIMIT 0`);
  // Appended in range order: the table keeps insertion order, so its rows end up sorted.
  for (const range of ranges) await driver.exec(`INSERT INTO ${t} ${select} WHERE ${range} ORDER BY o.order_time`);
}
