/**
 * Statements on DuckDB-WASM's blocking bindings that an interrupt can stop (issue 14, session 12).
 *
 * A pending query is polled with a yield between polls, so a cancel or a click that arrives meanwhile
 * is seen. DuckDB-WASM has no pending form of a prepared statement (runPrepared runs to its end), so a
 * statement with bound parameters used to hold the engine until it finished: a background statement
 * (the idle prefetches, 0.1–3 s at 1M orders) made the click behind it wait. Here it is prepared in
 * SQL and run as a pending `EXECUTE` whose arguments bind exactly as runPrepared binds its JSON
 * values (checked across the whole catalogue in test/unit/drivers/wasm-pending.test.ts).
 */
import type { DuckDBBindings } from 'duckdb-blocking';
import type { SqlStatement, SqlValue } from '../../src/lib/sql.ts';

/** The one prepared statement a connection has at a time (one statement runs at a time). */
const PREPARED = '_compass_pending';

/**
 * An `EXECUTE` argument binding as DuckDB-WASM's runPrepared binds the value: every number a DOUBLE
 * (30 is bound as 30.0), a string as a literal (cast to the parameter's type, as a bound VARCHAR is),
 * booleans as booleans, null as NULL. runPrepared sends its values as JSON, where NaN and ±Infinity
 * become null: so here too.
 */
export function executeArgument(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? `CAST(${value} AS DOUBLE)` : 'NULL';
  return `'${value.replaceAll("'", "''")}'`;
}

/** The `EXECUTE` of PREPARED with the statement's parameters. */
export const executeText = (params: readonly SqlValue[]): string => `EXECUTE ${PREPARED}(${params.map(executeArgument).join(', ')})`;

/**
 * How long one poll of a pending query runs DuckDB's tasks before it returns (DuckDB-WASM's `query.queryPollingInterval`,
 * given to `open` by the tab's driver and the tests' WASM driver). DuckDB-WASM's default is 100 ms: a poll ran tasks until
 * 100 ms had passed, so an interrupt (a click arriving while a background statement runs) was seen only after up to
 * 100 ms plus the task that overran it (session 16's lead: the first click after a restore waited ~95–180 ms for the
 * prefetch's churners_by_store). Session 17 (tabsched): 10 ms, with a yield that costs no timer clamp (yieldToEvents).
 */
export const QUERY_POLLING_INTERVAL_MS = 10;

/** The DuckDB-WASM `open` config of the tab's database (workers/drivers/wasm.ts) and of the tests' WASM database. */
export const WASM_OPEN_CONFIG = { query: { queryPollingInterval: QUERY_POLLING_INTERVAL_MS } } as const;

/**
 * Yields to the event loop so messages (a cancel, a click) are handled between polls. In the tab's worker: a message on
 * a channel of our own, queued behind any message that came meanwhile — not a zero timeout, as after five nested
 * timeouts the browser waits at least 4 ms each, which at a 10 ms poll would idle the worker ~30 % of a statement's time.
 * In Node (the tests' DuckDB-WASM): setImmediate, which lets timers and I/O run every turn; a port message would not, as
 * Node drains a port's messages, each poll posting the next, and a cancel sent on a timer waited for the whole statement.
 */
let yieldChannel: { port: MessagePort; waiting: (() => void)[] } | undefined;
const yieldToEvents = (): Promise<void> => {
  if (typeof setImmediate === 'function') return new Promise<void>((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'undefined') return new Promise<void>((resolve) => setTimeout(resolve, 0));
  if (!yieldChannel) {
    const { port1, port2 } = new MessageChannel();
    const channel = { port: port2, waiting: [] as (() => void)[] };
    port1.onmessage = () => channel.waiting.shift()?.();
    yieldChannel = channel;
  }
  const channel = yieldChannel;
  return new Promise<void>((resolve) => {
    channel.waiting.push(resolve);
    channel.port.postMessage(null);
  });
};

function concatBytes(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/**
 * Runs `text` as a pending query on connection `id`, polling with a yield in between; `interrupted()`
 * is checked after each yield and, when true, cancels the query and throws. The result: Arrow IPC
 * stream bytes (a schema header plus record-batch chunks).
 */
export async function runPendingText(bindings: DuckDBBindings, id: number, text: string, interrupted: () => boolean): Promise<Uint8Array> {
  const checkInterrupt = () => {
    if (!interrupted()) return;
    bindings.cancelPendingQuery(id);
    throw new Error('interrupted');
  };
  let header = bindings.startPendingQuery(id, text, false);
  while (header === null) {
    await yieldToEvents();
    checkInterrupt();
    header = bindings.pollPendingQuery(id);
  }
  const chunks = [header];
  for (;;) {
    const chunk = bindings.fetchQueryResults(id); // null: not ready yet; empty: end of stream
    if (chunk === null) {
      await yieldToEvents();
      checkInterrupt();
      continue;
    }
    if (chunk.length === 0) break;
    chunks.push(chunk);
  }
  return concatBytes(chunks);
}

/** Whether DuckDB's SQL `PREPARE` takes the statement: queries do, `CREATE TABLE … AS` does not (a parser error). */
export const preparableInSql = (text: string): boolean => /^\s*(\(\s*)*(SELECT|WITH|FROM|VALUES|TABLE)\b/i.test(text);

/**
 * The statement's text with each `?` placeholder (outside quoted strings, quoted names and comments)
 * replaced by its value written as executeArgument writes it: for statements SQL cannot PREPARE. Null
 * when the placeholders and the values do not pair up.
 */
export function inlineArguments(stmt: SqlStatement): string | null {
  const { text, params } = stmt;
  let out = '';
  let from = 0;
  let next = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1); // a doubled quote inside is two adjacent quoted runs: same result
      if (end < 0) return null;
      i = end;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return null;
      i = end + 1;
    } else if (c === '?') {
      if (next >= params.length) return null;
      out += text.slice(from, i) + executeArgument(params[next++]);
      from = i + 1;
    }
  }
  return next === params.length ? out + text.slice(from) : null;
}

/**
 * A statement run so that `interrupted()` can stop it (see the module comment): without parameters, a
 * query with them (pending EXECUTE), or another statement with them (a `CREATE TABLE … AS`: the member
 * list) with its values written in; only one whose placeholders cannot be paired runs to its end (runPrepared).
 */
export async function runStatementPending(bindings: DuckDBBindings, id: number, stmt: SqlStatement, interrupted: () => boolean): Promise<Uint8Array> {
  if (stmt.params.length === 0) return runPendingText(bindings, id, stmt.text, interrupted);
  if (!preparableInSql(stmt.text)) {
    const text = inlineArguments(stmt);
    if (text !== null) return runPendingText(bindings, id, text, interrupted);
    const prepared = bindings.createPrepared(id, stmt.text);
    try {
      return bindings.runPrepared(id, prepared, stmt.params as unknown[]);
    } finally {
      bindings.closePrepared(id, prepared);
    }
  }
  bindings.runQuery(id, `PREPARE ${PREPARED} AS ${stmt.text}`);
  try {
    return await runPendingText(bindings, id, executeText(stmt.params), interrupted);
  } finally {
    bindings.runQuery(id, `DEALLOCATE ${PREPARED}`);
  }
}
