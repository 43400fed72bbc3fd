/**
 * createEngine(driver): the engine behind the typed API, in plain TypeScript so the same code
 * runs inside the DuckDB-WASM worker and on native DuckDB in Node (tests, CLI, benchmarks).
 */
import { matchedEffects } from '../src/lib/campaigns/matched-effects.ts';
import { withPredictedClv } from '../src/lib/metrics/communities.ts';
import { createAnswerCache } from './answer-cache.ts';
import { campaignEffects, type MemberOutcomeRow } from '../src/lib/campaigns/report.ts';
import { ipcToRows } from '../src/lib/engine/rows.ts';
import type { CallOptions, DatasetInfo, EngineApi, EngineInfo, PanelPrefetchOptions, TableCounts } from '../src/lib/engine/api.ts';
import { EngineError, toEngineError } from '../src/lib/engine/errors.ts';
import { findMetric } from '../src/lib/metrics/index.ts';
import { validateParams, type MetricParams } from '../src/lib/metrics/params.ts';
import { ORDER_FACTS, STORE_DAYS } from '../src/lib/metrics/scope.ts';
import { canonicalCsvRead, createTableSql, csvColumnsSpec, TABLE_NAMES, TABLES, TIERS, type TableName } from '../src/lib/schema.ts';
import { ident, raw, sql, type SqlStatement, toDisplaySql, quoteIdent } from '../src/lib/sql.ts';
import type { SqlDriver } from './drivers/driver.ts';
import { generateDemo } from './demo/generate.ts';
import { buildOrderFacts, buildStoreDays, ORDERS_VIEW_SQL, storeDaysOf } from './order-facts.ts';
import { memberListSql } from '../src/lib/members/list.ts';
import { createMemberListPager } from '../src/lib/members/pager.ts';
import type { Fitter } from './prediction/fitting.ts';
import { createPredictionService, type PredictionSession } from './prediction/service.ts';
import { createResultCache } from './result-cache.ts';
import { compassRollup, MAX_PREFETCH_CHANNELS, storeRollup, storeRollupStatement } from './compass-rollup.ts';
import { nextTask, prefetchPanelAnswers, prefetchStep } from './panel-prefetch.ts';
import { createViewShared } from './view-shared.ts';

export interface Engine extends EngineApi {
  /** Decoded rows of a statement (convenience for Node callers and tests). */
  rows(stmt: SqlStatement): Promise<Record<string, unknown>[]>;
  /**
   * Bench hook (bench/scale.ts): DuckDB's own `read_csv` of a file into a scratch table, auto
   * detection on, nothing normalised: the in-tab ceiling the import is compared with. Dropped after.
   */
  benchReadCsv(file: Blob): Promise<{ ms: number; rows: number }>;
  /** Runs `work` on the driver between other calls (one connection): the SQL import's bulk path. */
  bulk<T>(work: (driver: SqlDriver) => Promise<T>, options?: CallOptions): Promise<T>;
  /**
   * loadDataset where a table may also come as a scratch table of canonical rows (the SQL
   * import's result), renamed into staging instead of copied; `swap` numbers the swap for exportTableCsv.
   */
  loadTables(tables: Record<TableName, TableSource>, label: string, options?: LoadOptions): Promise<{ dataset: DatasetInfo; swap: number }>;
  /**
   * A live table's canonical CSV handed to `write` in pieces of at most `chunkRows` rows (the first
   * with the header), each piece one call between others; false, with the rest not exported, once a
   * swap after `swap` replaced the data (a background save that lost the race). `orders` come in the
   * order facts' row order (order time); `order_tiers` is the facts' `tier` (and whether the order has a
   * member) in that same order, row for row (saved beside the orders, a restore reads the two back as the facts: SavedFacts).
   */
  exportTableCsv(table: TableName | 'order_tiers', swap: number, write: (piece: Uint8Array) => Promise<void>, chunkRows?: number): Promise<boolean>;
}

/**
 * The order facts as a save holds them (session 13): the orders' canonical CSV in the facts' row order and
 * beside it, row for row, each order's `tier` (exportTableCsv 'orders' and 'order_tiers' of one swap). A
 * restore reads the two straight into the facts (a positional scan): no staged orders, no join, no sort.
 */
export interface SavedFacts {
  orders: string | Blob;
  tiers: string | Blob;
}

/**
 * `facts: false` (`store-compass fit`, which reads only `orders`): the orders go in as loaded, with no order facts'
 * sort, tier or store-day summary built; `orders` reads them, and no metric is answered until a load with facts.
 */
export interface LoadOptions extends CallOptions {
  facts?: boolean;
}

/**
 * A table's new rows: canonical CSV text or Blob, the name of a scratch table holding canonical rows (owned by the load from then on), or for orders the saved facts,
 * or (`sortedFacts`, the command line's orders written once: sql-orders.ts RawFiles.facts) a scratch table that already is the order facts of these orders with no
 * members — ORDER_FACTS_COLUMNS, sorted by order time, `tier` empty — taken as the facts as it is (the load's members must be empty).
 */
export type TableSource = string | Blob | { scratch: string } | { facts: SavedFacts } | { sortedFacts: string };
const scratchOf = (t: TableSource) => (typeof t === 'object' && 'scratch' in t ? t.scratch : typeof t === 'object' && 'sortedFacts' in t ? t.sortedFacts : null);

/**
 * Rows per piece when a live table is exported for the save (~1.7 MB of CSV, never the whole table at once). Each
 * piece is one engine call that a click queues behind, and its COPY cannot be interrupted: 100k rows take 0.24–0.55 s
 * in DuckDB-WASM against 2.6–3.4 s for 500k, and the whole export is no slower (session 13). Session 17 (tabsched):
 * 100k → 25k. Since session 16 the save's pieces queue behind the panels' questions asked at the import report, so
 * they run while the user opens the first panels, and each visit waited for the piece running (repurchase and churn
 * painted at 385–614 ms); 25k-row pieces take a quarter of that (1M orders in Node's DuckDB-WASM at load 11: median
 * 116–152 ms a piece against 526–719 ms, the whole export 6.2–7.8 s against 7.2–7.6 s).
 */
export const EXPORT_CHUNK_ROWS = 25_000;

export { ipcToRows };

/** A call's hold on the engine: its sections of work and its cancellation check. */
interface Session extends PredictionSession {
  exclusive<T>(work: (checkpoint: () => void) => Promise<T>): Promise<T>;
}

/** The order facts of a load, built before the swap's transaction renames them in. */
const STAGING_FACTS = `_staging_${ORDER_FACTS}`;

/** A table name that may be qualified (`catalog.schema.table`, our own names: no dots inside a part), quoted part by part. */
const qualified = (name: string) => name.split('.').map(quoteIdent).join('.');

/** Standard tiers in ladder order (普通 < 银卡 < 金卡 < 钻石), any others after them by name. */
function sortTiers(tiers: string[]): string[] {
  const rank = (t: string) => {
    const i = (TIERS as readonly string[]).indexOf(t);
    return i < 0 ? TIERS.length : i;
  };
  return [...tiers].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export interface EngineOptions {
  /** Where the prediction's numeric work runs: the fit worker in the browser (engine.worker.ts); default in-process. */
  fitter?: Fitter;
  /** Orders per part of a model summary read in parts (prediction/service.ts SUMMARY_PART_ORDERS; tests set it small). */
  summaryPartOrders?: number;
  /** CSV bytes per piece of the model scores' table built in pieces (prediction/service.ts PUBLISH_PIECE_BYTES; tests set it small). */
  publishPieceBytes?: number;
  /**
   * A panel prefetch (prefetchPanels) starts a statement only after this long without a real call
   * (default 3000 ms: the user rests). A click interrupts a running prefetch statement, but the work
   * done is lost and asked again: while the user is busy it would mostly be wasted. Tests pass 0.
   * An `eager` panel prefetch (asked at the import report) does not wait for it.
   */
  prefetchQuietMs?: number;
}

/** See EngineOptions.prefetchQuietMs. */
export const PREFETCH_QUIET_MS = 3000;

export async function createEngine(driver: SqlDriver, engineOptions: EngineOptions = {}): Promise<Engine> {
  // The driver pinned and locked DuckDB's settings at open (drivers/driver.ts pinnedSettings).
  // Orders live in the order facts (order-facts.ts); `orders` is a view of them.
  for (const table of TABLE_NAMES) await driver.exec(createTableSql(table, table === 'orders' ? '_staging_orders' : table));
  await buildOrderFacts(driver, { orders: '_staging_orders', members: 'members' }, ORDER_FACTS);
  await driver.exec(`DROP TABLE _staging_orders; ${ORDERS_VIEW_SQL}`);
  // Fits cached per dataset (forgotten on every swap); a new table of predictions makes the cached member list stale.
  const prediction = createPredictionService(driver, {
    fitter: engineOptions.fitter,
    summaryPartOrders: engineOptions.summaryPartOrders,
    publishPieceBytes: engineOptions.publishPieceBytes,
    onPublish: () => pager.invalidate(),
  });
  // Campaign and matched effects per question (the member day plays no part in them): forgotten on every swap.
  const answers = createAnswerCache();
  const pager = createMemberListPager(driver); // the last list asked for, paged: forgotten on every swap and fit
  const results = createResultCache(); // metric results of the live data: forgotten on every swap
  const viewShared = createViewShared(); // the view's shared RFM snapshot and member history, each built once per view (view-shared.ts): dropped on every swap

  let datasetLabel = '';
  /** Swaps so far: a background save checks that the data it exports is still the data it was asked to save. */
  let swapCount = 0;
  let running: string | undefined;
  const pending = new Set<string>();
  const cancelled = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();
  /** Sections queued and not started yet: the store roll-up prefetch yields to them between its statements. */
  let waiting = 0;
  /** Of those, the sections of prefetches (call's `prefetch`): a prefetch yields to real calls only, not to another prefetch. */
  let queuedPrefetches = 0;
  /** A real call is queued: a prefetch between its statements gives way to it. */
  const realCallWaiting = () => waiting - queuedPrefetches > 0;
  /**
   * The background statement running now, if any (a prefetch's: panels, channels, store roll-ups), and whether
   * a real call interrupted it. One rule for all of them: a real call's section queued while one runs
   * interrupts it, and the prefetch gives way (backgroundStatement).
   */
  let background: { interrupted: boolean } | undefined;
  /** When the last real call's section ended (performance.now()): a panel prefetch waits for a quiet engine. */
  let lastRealSectionEnd = -Infinity;
  const quietMs = engineOptions.prefetchQuietMs ?? PREFETCH_QUIET_MS;
  /**
   * Calls in flight other than the prefetches, queued or between their sections (a prediction waiting for
   * its fits): the channel prefetch asks nothing while there is one, so it never holds up a panel still loading.
   */
  let busy = 0;
  /** The dataset's channels (the channel prefetch's keys): read once after each swap, when first needed. */
  let channels: string[] | undefined;
  /** The last load of orders skipped the order facts (LoadOptions.facts = false). */
  let factsMissing = false;

  /**
   * A call: its request id stays cancellable until `body` ends; `body` runs its engine work in
   * sections (session.exclusive), one at a time with every other call's (one connection). Between its
   * sections other calls run: a prediction waits for its fits (in the fit worker) outside any section.
   */
  function call<T>(options: CallOptions | undefined, body: (session: Session) => Promise<T>, prefetch = false): Promise<T> {
    const id = options?.requestId;
    if (!prefetch) busy++;
    const checkpoint = () => {
      if (id && cancelled.has(id)) throw new EngineError('cancelled', `request ${id} was cancelled`);
    };
    if (id) pending.add(id);
    const exclusive = <R>(work: (checkpoint: () => void) => Promise<R>): Promise<R> => {
      // A prefetch's section (roll-ups, panels, channels, the value fit asked ahead) is background work.
      const real = !prefetch;
      waiting++;
      if (prefetch) queuedPrefetches++;
      if (real && background && !background.interrupted) {
        background.interrupted = true; // a real call came while a prefetch's statement runs: it stops, the call goes first
        driver.interrupt();
      }
      const next = queue.then(async () => {
        // Session 17 (tabsched): a prefetch's section starts in a task of its own. Its first statement starts
        // synchronously (in the tab a pending query's first poll: one DuckDB task, 0.1–0.5 s under load for the value
        // fit's parts), and the answers of the calls that ended just before it — a click's, a few promise hops further
        // from their section than this is — reached the page only after that: 190–250 ms of a first click at load 9.
        if (prefetch) await nextTask();
        waiting--;
        if (prefetch) queuedPrefetches--;
        running = id;
        try {
          checkpoint();
          return await work(checkpoint);
        } catch (e) {
          checkpoint(); // interrupted work reports as cancelled
          throw e;
        } finally {
          running = undefined;
          if (real) lastRealSectionEnd = performance.now();
        }
      });
      queue = next.catch(() => undefined);
      return next;
    };
    // A prefetch's section that a real call stops (its statement interrupted, or not started when one is queued): the prediction's summary parts (session 12).
    const yielding = <R>(work: () => Promise<R>) =>
      exclusive(async (): Promise<{ value: R } | { preempted: true }> => (realCallWaiting() ? null : await backgroundStatement(work)) ?? { preempted: true });
    const done = (async () => {
      try {
        return await body({ exclusive, checkpoint, yielding: prefetch ? yielding : undefined });
      } finally {
        if (!prefetch) busy--;
        if (id) {
          pending.delete(id);
          cancelled.delete(id);
        }
      }
    })();
    return done;
  }

  /** A call in one section: runs after the calls before it; a cancelled request fails fast with code 'cancelled'. */
  const serial = <T>(options: CallOptions | undefined, work: (checkpoint: () => void) => Promise<T>): Promise<T> => call(options, ({ exclusive }) => exclusive(work));

  /** A prefetch in one section: background work (call's `prefetch`), so it yields to real calls only, never to another prefetch. */
  const prefetchSerial = <T>(options: CallOptions | undefined, work: (checkpoint: () => void) => Promise<T>): Promise<T> => call(options, ({ exclusive }) => exclusive(work), true);

  /**
   * One statement of a prefetch, which a real call arriving meanwhile interrupts (see `background`): null
   * when it was (nothing is kept; the page asks again when the view rests). Both drivers can stop a running
   * statement, with or without parameters (drivers/wasm-pending.ts).
   */
  async function backgroundStatement<T>(work: () => Promise<T>): Promise<{ value: T } | null> {
    const mark = { interrupted: false };
    background = mark;
    try {
      return { value: await work() };
    } catch (e) {
      if (mark.interrupted) return null;
      throw e;
    } finally {
      if (background === mark) background = undefined;
    }
  }

  /**
   * One statement of a prefetch loop (store roll-ups, channels): prefetchStep (panel-prefetch.ts: the task
   * ends, the loop gives way when `giveWay()`, the cancel checkpoint) and then the statement as a
   * backgroundStatement, which a real call arriving meanwhile interrupts. null: the loop gives way.
   */
  const backgroundStep = <T>(work: () => Promise<T>, giveWay: () => boolean, checkpoint: () => void) => prefetchStep(() => backgroundStatement(work), { giveWay, checkpoint });

  async function run(stmt: SqlStatement, checkpoint: () => void): Promise<Uint8Array> {
    try {
      return await driver.query(stmt);
    } catch (e) {
      checkpoint(); // an interrupted query reports as cancelled, not as an SQL error
      throw toEngineError(e, 'sql', toDisplaySql(stmt));
    }
  }

  /**
   * A catalogue metric reads only the dataset's tables, so its result holds until the next swap. With its parameters, a
   * statement holding the view's shared snapshot reads it from the view's table (view-shared.ts), kept under its own statement.
   */
  const runMetricStatement = (stmt: SqlStatement, checkpoint: () => void, params?: MetricParams) =>
    results.get(stmt, async () => run(params ? await viewShared.prepare(stmt, params, (s) => run(s, checkpoint)) : stmt, checkpoint));
  /**
   * A metric's result: for one store, a compass KPI from the cached store compass, or a strip metric or
   * the trend from its cached by-store answer (compass-rollup.ts); else its SQL.
   */
  const answerMetric = async (id: string, params: MetricParams, checkpoint: () => void): Promise<Uint8Array> => {
    const stmt = metricStatement(id, params);
    const cached = (s: SqlStatement) => results.peek(s);
    return compassRollup(id, params, cached) ?? storeRollup(id, params, cached) ?? runMetricStatement(stmt, checkpoint, params);
  };

  /**
   * A canonical CSV with fewer columns than the schema: a copy saved before a column was added
   * (members.name). Its missing trailing columns read as NULL (null_padding, which DuckDB allows
   * only without the parallel reader) instead of failing the restore.
   */
  const olderCopy = async (table: TableName, csv: string | Blob): Promise<boolean> => {
    const head = typeof csv === 'string' ? csv : await csv.slice(0, 4096).text(); // a header line is far shorter
    return head.slice(0, head.indexOf('\n') >>> 0).split(',').length < TABLES[table].length;
  };

  /** Makes canonical CSV (text, or a Blob read lazily) readable by read_csv under the returned path; dropped with dropText. */
  const registerCsv = (name: string, csv: string | Blob) => (typeof csv === 'string' ? driver.registerText(name, csv) : driver.registerBytes(name, csv));

  /** Reads a canonical CSV into "_staging_<table>" (or renames a scratch table of canonical rows to it); the live table is not touched. */
  async function stageTable(table: TableName, source: TableSource): Promise<void> {
    const staging = `_staging_${table}`;
    if (typeof source === 'object' && 'facts' in source) return stageFacts(source.facts);
    if (typeof source === 'object' && 'sortedFacts' in source) {
      await driver.exec(`DROP TABLE IF EXISTS ${quoteIdent(STAGING_FACTS)}; ALTER TABLE ${qualified(source.sortedFacts)} RENAME TO ${quoteIdent(STAGING_FACTS)}`);
      return;
    }
    if (typeof source !== 'string' && !(source instanceof Blob)) {
      // A scratch table in another schema (driver.scratchSchema) stays there: unqualified names find it.
      await driver.exec(`DROP TABLE IF EXISTS ${quoteIdent(staging)}; ALTER TABLE ${qualified(source.scratch)} RENAME TO ${quoteIdent(staging)}`);
      return;
    }
    const csv = source;
    const path = await registerCsv(`${staging}.csv`, csv);
    try {
      const older = (await olderCopy(table, csv)) ? ', null_padding = true, parallel = false' : '';
      await driver.exec(`CREATE OR REPLACE TABLE ${quoteIdent(staging)} AS SELECT * FROM ${canonicalCsvRead(path, csvColumnsSpec(table), older)}`);
    } catch (e) {
      await driver.exec(`DROP TABLE IF EXISTS ${quoteIdent(staging)}`).catch(() => undefined);
      // The scratch file's path (a temp folder on the CLI) means nothing to the user: name the table.
      const message = (e instanceof Error ? e.message : String(e)).replaceAll(path.replaceAll("''", "'"), `${table}.csv`);
      throw new EngineError('load_failed', `${table}: ${message}`, `loading ${table}`, { cause: e });
    } finally {
      await driver.dropText(`${staging}.csv`);
    }
  }

  /**
   * Saved facts read into the staged facts as they are (the fast restore, session 13): the orders and their
   * tiers scanned side by side, row for row, so the facts keep the saved (order-time) order without a sort,
   * and the tier needs no join with members (it was the join's answer when saved, with these members).
   */
  async function stageFacts(facts: SavedFacts): Promise<void> {
    try {
      const orders = await registerCsv('_staging_orders.csv', facts.orders);
      const tiers = await registerCsv('_staging_order_tiers.csv', facts.tiers);
      // Two files that do not line up (a row more or less in either, or shifted) stop the load: the positional scan pads
      // the shorter side with NULLs, and each order's member flag is checked against its own member id.
      const mismatch = `error('order_tiers does not line up with the orders / 会员等级与订单不对应')`;
      await driver.exec(
        `CREATE OR REPLACE TABLE ${quoteIdent(STAGING_FACTS)} AS SELECT o.*, o.order_time::DATE AS order_date, t.tier ` +
          `FROM ${canonicalCsvRead(orders, csvColumnsSpec('orders'))} o ` +
          `POSITIONAL JOIN ${canonicalCsvRead(tiers, "{'tier': 'VARCHAR', 'is_member': 'BOOLEAN'}")} t ` +
          `WHERE CASE WHEN o.order_id IS NULL OR t.is_member IS DISTINCT FROM (o.member_id IS NOT NULL) THEN ${mismatch} ELSE TRUE END`,
      );
    } catch (e) {
      await driver.exec(`DROP TABLE IF EXISTS ${quoteIdent(STAGING_FACTS)}`).catch(() => undefined);
      throw new EngineError('load_failed', `orders: ${e instanceof Error ? e.message : String(e)}`, 'loading orders', { cause: e });
    } finally {
      await driver.dropText('_staging_orders.csv');
      await driver.dropText('_staging_order_tiers.csv');
    }
  }

  /**
   * Swaps staged tables in, all in one transaction: a failed load leaves the old tables intact.
   * New orders or members first become staged order facts (the one copy of the orders: the staged
   * orders are dropped as soon as the facts hold them), renamed in with the other tables.
   */
  async function swapIn(tables: readonly TableName[], factsStaged = false, noFacts = false): Promise<void> {
    const renamed = (from: string, to: string) => `DROP TABLE IF EXISTS ${quoteIdent(to)}; ALTER TABLE ${quoteIdent(from)} RENAME TO ${quoteIdent(to)};`;
    const facts = tables.includes('orders') || tables.includes('members');
    const swaps = tables.filter((t) => t !== 'orders').map((t) => renamed(`_staging_${t}`, t));
    try {
      if (facts && noFacts) {
        swaps.push(renamed('_staging_orders', ORDER_FACTS), `DROP TABLE IF EXISTS ${quoteIdent(STORE_DAYS)};`);
      } else if (facts) {
        if (factsStaged) {
          await buildStoreDays(driver, STAGING_FACTS); // stageFacts read the facts as saved
        } else {
          const source = { orders: tables.includes('orders') ? '_staging_orders' : 'orders', members: tables.includes('members') ? '_staging_members' : 'members' };
          await buildOrderFacts(driver, source, STAGING_FACTS);
          await driver.exec('DROP TABLE IF EXISTS _staging_orders');
        }
        swaps.push(renamed(STAGING_FACTS, ORDER_FACTS), renamed(storeDaysOf(STAGING_FACTS), storeDaysOf(ORDER_FACTS))); // s8-refresh-fast: the store-day summary built with the facts
      }
      await driver.exec(`BEGIN TRANSACTION; ${swaps.join(' ')} COMMIT`);
      if (facts) factsMissing = noFacts;
      swapCount++;
      prediction.invalidate();
      pager.invalidate();
      results.clear();
      channels = undefined;
      await viewShared.forget((s) => driver.exec(s.text)).catch(() => undefined); // built from the old data
    } catch (e) {
      await driver.exec(`ROLLBACK`).catch(() => undefined);
      await dropStaging(tables);
      throw toEngineError(e, 'load_failed', `swapping in ${tables.join(', ')}`);
    }
  }

  async function dropStaging(tables: readonly TableName[]): Promise<void> {
    for (const t of [...tables.map((t) => `_staging_${t}`), STAGING_FACTS, storeDaysOf(STAGING_FACTS)])
      await driver.exec(`DROP TABLE IF EXISTS ${quoteIdent(t)}`).catch(() => undefined);
  }

  async function loadTable(table: TableName, csv: string): Promise<number> {
    await stageTable(table, csv);
    await swapIn([table]);
    const [{ n }] = ipcToRows(await driver.query(sql`SELECT count(*)::DOUBLE AS n FROM ${ident(table)}`));
    return n as number;
  }

  /** Stages every table, then swaps them all in at once: the dataset changes whole or not at all. */
  async function replaceDataset(tables: Record<TableName, TableSource>, label: string, checkpoint: () => void, noFacts = false): Promise<DatasetInfo> {
    try {
      for (const table of TABLE_NAMES) {
        checkpoint();
        await stageTable(table, tables[table]);
      }
      checkpoint();
      const orders = tables.orders;
      if (typeof orders === 'object' && 'sortedFacts' in orders) {
        // Facts with an empty tier are these orders' facts only with no members; `orders` is not staged for a load without facts.
        const [{ n }] = ipcToRows(await driver.query(sql`SELECT count(*)::DOUBLE AS n FROM ${ident('_staging_members')}`));
        if (n !== 0 || noFacts) throw new EngineError('load_failed', 'sorted order facts need a load with facts and no members', 'loading orders');
      }
    } catch (e) {
      await dropStaging(TABLE_NAMES);
      for (const t of Object.values(tables)) {
        const scratch = scratchOf(t);
        if (scratch) await driver.exec(`DROP TABLE IF EXISTS ${qualified(scratch)}`).catch(() => undefined);
      }
      throw e;
    }
    const orders = tables.orders;
    await swapIn(TABLE_NAMES, typeof orders === 'object' && ('facts' in orders || 'sortedFacts' in orders), noFacts);
    datasetLabel = label;
    return datasetInfo();
  }

  async function datasetInfo(): Promise<DatasetInfo> {
    const counts = TABLE_NAMES.map((t) => `(SELECT count(*) FROM ${quoteIdent(t)})::DOUBLE AS ${quoteIdent(t)}`).join(', ');
    const [row] = ipcToRows(
      await driver.query(
        sql`SELECT ${raw(counts)}, (SELECT strftime(max(order_time)::DATE, '%Y-%m-%d') FROM orders) AS last_order,
          (SELECT strftime(min(order_time)::DATE, '%Y-%m-%d') FROM orders) AS first_order,
          EXISTS (SELECT 1 FROM members WHERE home_store IS NOT NULL) AS home_stores`,
      ),
    );
    const tables = Object.fromEntries(TABLE_NAMES.map((t) => [t, row[t] as number])) as TableCounts;
    const distinct = async (column: 'store' | 'channel') =>
      ipcToRows(await driver.query(sql`SELECT DISTINCT ${raw(column)} AS v FROM orders WHERE ${raw(column)} IS NOT NULL ORDER BY v`)).map((r) => r.v as string);
    return {
      label: datasetLabel,
      tables,
      lastOrderDate: (row.last_order as string) ?? null,
      firstOrderDate: (row.first_order as string) ?? null,
      homeStores: row.home_stores === true,
      stores: await distinct('store'),
      channels: await distinct('channel'),
      tiers: sortTiers(ipcToRows(await driver.query(sql`SELECT DISTINCT tier AS v FROM members WHERE tier IS NOT NULL`)).map((r) => r.v as string)),
    };
  }

  /** engine.prefetchChannels' work, in its section. */
  async function prefetchEachChannel(requests: readonly { ids: readonly string[]; params: MetricParams }[], checkpoint: () => void): Promise<'done' | 'yielded'> {
    if (!channels) {
      const list = sql`SELECT DISTINCT channel AS v FROM ${raw(STORE_DAYS)} WHERE channel IS NOT NULL ORDER BY v`;
      const read = await backgroundStatement(async () => ipcToRows(await run(list, checkpoint)).map((r) => r.v as string));
      if (!read) return 'yielded';
      channels = read.value;
    }
    if (channels.length < 2 || channels.length > MAX_PREFETCH_CHANNELS) return 'done';
    for (const channel of channels)
      for (const { ids, params } of requests) {
        if (params.channels?.length) continue;
        const p = { ...params, channels: [channel] };
        checkParams(p);
        for (const id of ids) {
          if (results.peek(metricStatement(id, p))) continue;
          // A click came, or a panel is still loading: it goes first, the rest is not asked.
          if (
            !(await backgroundStep(
              () => answerMetric(id, p, checkpoint),
              () => realCallWaiting() || busy > 0,
              checkpoint,
            ))
          )
            return 'yielded';
        }
      }
    return 'done';
  }

  function checkParams(params: MetricParams): void {
    try {
      validateParams(params);
    } catch (e) {
      throw toEngineError(e, 'bad_params');
    }
  }

  function metricStatement(id: string, params: MetricParams): SqlStatement {
    const metric = findMetric(id);
    if (!metric) throw new EngineError('unknown_metric', `no metric with id "${id}"`);
    if (factsMissing) throw new EngineError('not_ready', 'the orders were loaded without their order facts (LoadOptions.facts)');
    checkParams(params);
    return metric.sql(params);
  }

  const engine: Engine = {
    async info(): Promise<EngineInfo> {
      return { engine: driver.kind, duckdbVersion: await driver.version() };
    },
    loadCsvTable: (table, csv, options) => serial(options, () => loadTable(table, csv)),
    loadDataset: (tables, label, options) => serial(options, (checkpoint) => replaceDataset(tables, label, checkpoint)),
    loadDemo: (options) => serial(options, (checkpoint) => replaceDataset(generateDemo().tables, 'demo', checkpoint)),
    dataset: () => serial(undefined, datasetInfo),
    runMetric: (id, params, options) => serial(options, (checkpoint) => answerMetric(id, params, checkpoint)),
    runMetrics: (ids, params, options) =>
      serial(options, async (checkpoint) => {
        const out: Record<string, Uint8Array> = {};
        for (const id of ids) {
          checkpoint();
          out[id] = await answerMetric(id, params, checkpoint);
        }
        return out;
      }),
    prefetchStoreRollups: (requests, options) =>
      prefetchSerial(options, async (checkpoint) => {
        for (const { ids, params } of requests) {
          checkParams(params);
          for (const id of ids) {
            const stmt = storeRollupStatement(id, params, (s) => results.peek(s));
            if (!stmt || results.peek(stmt)) continue;
            // A click came: it goes first, the rest is not asked.
            if (!(await backgroundStep(() => runMetricStatement(stmt, checkpoint), realCallWaiting, checkpoint))) return 'yielded';
          }
        }
        return 'done';
      }),
    // Session 11: the first-paint questions of the slow panels (panel-prefetch.ts), kept as the panels' own results.
    // Session 13: `eager` (the import report) starts without waiting for a quiet engine; a real call still goes first.
    prefetchPanels: (requests, options?: PanelPrefetchOptions) => {
      const swap = swapCount;
      return prefetchSerial(options, (checkpoint) =>
        prefetchPanelAnswers(requests, {
          held: (id, params) => results.peek(metricStatement(id, params)) !== undefined,
          answer: async (id, params) => (await backgroundStatement(() => answerMetric(id, params, checkpoint))) !== null,
          busy: options?.eager ? realCallWaiting : () => realCallWaiting() || performance.now() - lastRealSectionEnd < quietMs,
          replaced: () => swapCount !== swap,
          checkpoint,
        }),
      );
    },
    prefetchChannels: (requests, options) => prefetchSerial(options, (checkpoint) => prefetchEachChannel(requests, checkpoint)),
    query: (stmt, options) => serial(options, (checkpoint) => run(stmt, checkpoint)),
    // A fit first when none was made on this dataset (its SQL in sections of this call); the list joins the predictions published when it runs.
    memberList: (target, params, options) =>
      call(options, async (session) => {
        checkParams(params);
        await prediction.ensure(session);
        return session.exclusive((checkpoint) => run(memberListSql(target, params, prediction.published()?.table ?? null), checkpoint));
      }),
    memberListPage: (target, params, window, options) =>
      call(options, async (session) => {
        checkParams(params);
        await prediction.ensure(session);
        return session.exclusive(async (checkpoint) => {
          try {
            return await pager.page(target, params, prediction.published()?.table ?? null, window, checkpoint);
          } catch (e) {
            checkpoint();
            throw toEngineError(e, 'sql', 'member list page');
          }
        });
      }),
    campaignEffects: (params, options) =>
      serial(options, async (checkpoint) => {
        checkParams(params);
        return answers.remember(swapCount, ['campaignEffects', { ...params, memberDay: undefined }], async () => {
          const rows = ipcToRows(await run(metricStatement('campaign_member_outcomes', params), checkpoint)) as unknown as MemberOutcomeRow[];
          return campaignEffects(rows, params.grossMargin);
        });
      }),
    matchedEffects: (params, options) =>
      serial(options, async (checkpoint) => {
        checkParams(params);
        // Predicted CLV joins in once the value model has been fitted on this dataset (no fit is started here):
        // the fit published is part of the question, so a fit after the first answer is not hidden by it.
        const fit = prediction.published();
        return answers.remember(swapCount, ['matchedEffects', { ...params, memberDay: undefined }, fit], async () => {
          const did = ipcToRows(await run(metricStatement('did_member_outcomes', params), checkpoint));
          const outcomes = metricStatement('community_member_outcomes', params);
          const communities = ipcToRows(await run(fit ? withPredictedClv(outcomes, fit.table) : outcomes, checkpoint));
          return matchedEffects(did, communities, params.grossMargin, fit);
        });
      }),
    // The fit's SQL in sections of the call; between them (and while the fitter works) other calls run.
    predict: (predictionOptions, options, scope) =>
      call(options, (session) => {
        if (scope) checkParams(scope);
        return prediction.predict(predictionOptions, scope ?? null, session);
      }),
    // Background work like the other prefetches: its sections neither interrupt another prefetch nor count as a user's call.
    prefetchPrediction: (predictionOptions, options) => call(options, async (session) => (await prediction.predict(predictionOptions, undefined, session)).status, true),
    async cancel(requestId) {
      if (!pending.has(requestId)) return false; // finished or unknown: nothing to cancel
      cancelled.add(requestId);
      if (running === requestId) driver.interrupt();
      return true;
    },
    rows: async (stmt) => ipcToRows(await engine.query(stmt)),
    bulk: (work, options) => serial(options, () => work(driver)),
    loadTables: (tables, label, options) =>
      serial(options, async (checkpoint) => ({ dataset: await replaceDataset(tables, label, checkpoint, options?.facts === false), swap: swapCount })),
    async exportTableCsv(table, swap, write, chunkRows = EXPORT_CHUNK_ROWS) {
      // `orders` is a view of the order facts (order-facts.ts): its columns are read from the facts, whose rowids number them.
      const [from, columns] =
        table === 'orders'
          ? [quoteIdent(ORDER_FACTS), TABLES.orders.map((c) => quoteIdent(c.name)).join(', ')]
          : table === 'order_tiers'
            ? [quoteIdent(ORDER_FACTS), 'tier, member_id IS NOT NULL AS is_member'] // is_member: no line is empty, and a restore checks the two files line up
            : [quoteIdent(table), '*'];
      const span = async () => ipcToRows(await driver.query({ text: `SELECT min(rowid)::DOUBLE AS lo, max(rowid)::DOUBLE AS hi FROM ${from}`, params: [] }))[0];
      // Session 16 (issue 14, churn's first paint after an import): the save is background work, like a prefetch
      // (prefetchSerial): its pieces neither interrupt a prefetch's running statement nor make one give way, and
      // queue with them in turn. As real calls they stopped the panels' questions asked at the import report
      // before each piece, the prefetch made no progress until the save ended (6.5 s of the report's 10 s at 1M, load 8),
      // and churn's first visit ran its own SQL. A user's call still goes before the next piece.
      const rowids = await prefetchSerial(undefined, async () => (swap === swapCount ? span() : null));
      if (rowids === null) return false;
      // Range by range of rowid, each its own call: other calls (a filter click) run between them, and a swap
      // between them ends the export. A range reads only its own rows (LIMIT/OFFSET re-read every row before it:
      // ~20 ranges at 10M); insertion order keeps each range's rows in table order, and gaps (deleted rows) only
      // thin a range. An empty table: the header alone.
      const [lo, hi] = rowids.lo === null ? [0, -1] : [rowids.lo as number, rowids.hi as number];
      for (let at = lo; at === lo || at <= hi; at += chunkRows) {
        const range = hi < lo ? 'FALSE' : `rowid >= ${at} AND rowid < ${at + chunkRows}`;
        // The worker's task ends first (session 16): in the tab a piece's COPY and its gzip never wait on a task, so
        // without it the messages that came (a click, the page's questions) were taken in only after the whole
        // table (the 1M orders: 6.5 s at load 8, logged).
        await nextTask();
        const piece = await prefetchSerial(undefined, async () => (swap === swapCount ? driver.copyToCsv(`SELECT ${columns} FROM ${from} WHERE ${range}`, at === lo) : null));
        if (!piece) return false;
        if (piece.length) await write(piece);
      }
      return true;
    },
    benchReadCsv: (file) =>
      serial(undefined, async () => {
        const t = performance.now();
        const path = await driver.registerText('_bench_raw.csv', await file.text());
        try {
          await driver.exec(`CREATE OR REPLACE TABLE _bench_raw AS SELECT * FROM read_csv('${path}', all_varchar = true)`);
          const [{ n }] = ipcToRows(await driver.query(sql`SELECT count(*)::DOUBLE AS n FROM _bench_raw`));
          return { ms: performance.now() - t, rows: n as number };
        } finally {
          await driver.exec('DROP TABLE IF EXISTS _bench_raw');
          await driver.dropText('_bench_raw.csv');
        }
      }),
  };
  return engine;
}
