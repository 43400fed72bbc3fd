// The tab runs statements with bound parameters as a prepared statement plus a pending EXECUTE
// (workers/drivers/wasm-pending.ts) so that an interrupt can stop them. This holds it to DuckDB-WASM's
// own runPrepared, on the same WASM build run in Node: every catalogue metric gives the same rows, each
// value binds to the same type, and a long statement with parameters stops when interrupted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS, type MetricParams } from '../../../src/lib/metrics/index.ts';
import { addDays, addMonths } from '../../../src/lib/metrics/params.ts';
import { raw, sql, type SqlStatement, type SqlValue } from '../../../src/lib/sql.ts';
import { END_DATE } from '../../../workers/demo/calendar.ts';
import { STORES } from '../../../workers/demo/stores.ts';
import { executeArgument, inlineArguments, preparableInSql, QUERY_POLLING_INTERVAL_MS, runStatementPending } from '../../../workers/drivers/wasm-pending.ts';
import { createEngine, ipcToRows } from '../../../workers/engine.ts';
import { openWasm, wasmDriver, type Wasm } from './wasm-node.ts';

describe('statements with parameters as a pending EXECUTE (DuckDB-WASM)', { timeout: 300_000 }, () => {
  let w: Wasm;
  beforeAll(async () => {
    w = await openWasm();
  });
  afterAll(() => w?.close());

  const typed = (stmt: SqlStatement, pending: boolean) => (pending ? runStatementPending(w.bindings, w.id, stmt, () => false) : Promise.resolve(w.prepared(stmt)));

  it('binds every kind of value to the type and value runPrepared binds', async () => {
    const values: SqlValue[] = [30, 0.1, -2, 1e21, 2 ** 53 + 2, 'x', "it's 门店", '2025-01-05', '', true, false, null, Number.NaN, Number.POSITIVE_INFINITY];
    for (const v of values) {
      const stmt = sql`SELECT typeof(${v}) AS t, CAST(${v} AS VARCHAR) AS s`;
      const [want] = ipcToRows(await typed(stmt, false));
      const [got] = ipcToRows(await typed(stmt, true));
      // A bare NULL argument has DuckDB's NULL type where runPrepared's JSON null is a VARCHAR NULL; in any context both cast alike.
      if (v === null || (typeof v === 'number' && !Number.isFinite(v))) expect(got.s, String(v)).toBeNull();
      else expect(got, `${JSON.stringify(v)} as ${executeArgument(v)}`).toEqual(want);
    }
    // In context a parameter takes the context's type: a string compared with a timestamp, a number with a decimal.
    const ctx = sql`SELECT count(*) FILTER (WHERE t >= ${'2025-01-05'})::DOUBLE AS n, typeof(any_value(d) * ${0.1}) AS k, sum(d * ${0.1}) AS s
      FROM (SELECT TIMESTAMP '2025-01-01' + to_days(i::INTEGER) AS t, (i * 1.5)::DECIMAL(18, 2) AS d FROM range(10) r(i))`;
    expect(ipcToRows(await typed(ctx, true))).toEqual(ipcToRows(await typed(ctx, false)));
  });

  it('gives every catalogue metric the same rows as runPrepared, on the demo', async () => {
    const engine = await createEngine(wasmDriver(w));
    await engine.loadDemo();
    const to = addDays(END_DATE, 1);
    // One view, mid-month with switched definitions (the browser's e2e parity test covers the default view through the real driver).
    const views: MetricParams[] = [
      {
        from: addMonths(to, -5).slice(0, 8) + '15',
        to: addMonths(END_DATE, -1).slice(0, 8) + '10',
        repurchaseBasis: 'orders',
        rfmScheme: 'cn8',
        countZeroAmount: true,
        stores: [STORES[0], STORES[2]],
      },
    ];
    let compared = 0;
    for (const params of views)
      for (const m of METRICS) {
        const stmt = m.sql(params);
        const want = ipcToRows(w.prepared(stmt));
        expect(ipcToRows(await runStatementPending(w.bindings, w.id, stmt, () => false)), `${m.id} ${JSON.stringify(params)}`).toEqual(want);
        if (stmt.params.length) compared++;
        // The same statement as a CREATE TABLE … AS (values written in, as the member list's): the same table, column types included.
        const table = (name: string) => sql`CREATE OR REPLACE TEMP TABLE ${raw(name)} AS ${stmt}`;
        w.prepared(table('_by_prepared'));
        await runStatementPending(w.bindings, w.id, table('_by_inline'), () => false);
        const described = (name: string) => ipcToRows(w.prepared(raw(`SELECT data_type FROM information_schema.columns WHERE table_name = '${name}' ORDER BY ordinal_position`)));
        expect(described('_by_inline'), `${m.id} column types`).toEqual(described('_by_prepared'));
        expect(ipcToRows(w.prepared(raw('SELECT * FROM _by_inline'))), `${m.id} as CREATE`).toEqual(ipcToRows(w.prepared(raw('SELECT * FROM _by_prepared'))));
      }
    expect(compared).toBeGreaterThan(METRICS.length / 2); // most metrics bind parameters: the EXECUTE path was exercised
  });

  it('writes the values in where SQL cannot PREPARE (CREATE TABLE … AS), placeholders in quotes and comments left alone', async () => {
    expect(preparableInSql('CREATE TEMP TABLE x AS SELECT 1')).toBe(false);
    expect(preparableInSql(' (WITH a AS (SELECT 1) SELECT * FROM a)')).toBe(true);
    const stmt = { text: `CREATE TABLE t AS SELECT '?' AS "a?", ? AS b -- ?\n/* ? */, ? AS c, 'it''s ?' AS d`, params: [1, "o'k"] };
    expect(inlineArguments(stmt)).toBe(`CREATE TABLE t AS SELECT '?' AS "a?", CAST(1 AS DOUBLE) AS b -- ?\n/* ? */, 'o''k' AS c, 'it''s ?' AS d`);
    expect(inlineArguments({ text: 'SELECT ?, ?', params: [1] })).toBeNull();
    expect(inlineArguments({ text: "SELECT '?", params: [1] })).toBeNull();
    await runStatementPending(w.bindings, w.id, sql`CREATE OR REPLACE TEMP TABLE _pending_t AS SELECT ${'a'} AS s, ${2.5} AS x`, () => false);
    expect(ipcToRows(await runStatementPending(w.bindings, w.id, sql`SELECT s, x, typeof(x) AS t FROM _pending_t WHERE x > ${1}`, () => false))).toEqual([
      { s: 'a', x: 2.5, t: 'DOUBLE' },
    ]);
  });

  it('stops a long statement with parameters when interrupted, and the connection goes on', async () => {
    const long = sql`SELECT count(*)::DOUBLE AS n FROM range(CAST(${20_000_000} AS BIGINT)) a WHERE hash(a.range * ${7}) % ${1000} = ${3}`;
    // As a CREATE TABLE … AS (values written in) it stops too.
    let createPolls = 0;
    await expect(runStatementPending(w.bindings, w.id, sql`CREATE OR REPLACE TEMP TABLE _long AS ${long}`, () => ++createPolls > 2)).rejects.toThrow('interrupted');
    let polls = 0;
    const run = runStatementPending(w.bindings, w.id, long, () => ++polls > 2);
    await expect(run).rejects.toThrow('interrupted');
    expect(polls).toBe(3);
    // The prepared statement was released: the next one prepares under the same name and runs.
    const [row] = ipcToRows(await runStatementPending(w.bindings, w.id, sql`SELECT ${2} * ${21} AS x`, () => false));
    expect(row.x).toBe(42);
  });

  it('polls as the tab does, every 10 ms of DuckDB work and not every 100 ms: an interrupt is seen that much sooner', async () => {
    // Session 17 (tabsched): a poll runs DuckDB's tasks until the database's polling interval has passed, and an interrupt
    // (a click) is seen only between polls. The same statement, whose tasks are short, run to its end on the tab's
    // database (openWasm: WASM_OPEN_CONFIG) and on one opened with DuckDB-WASM's default: the polls are counted, each run
    // against the other in turn (the ratio holds at any speed: both count time; ~5–8× measured at load 13).
    expect(QUERY_POLLING_INTERVAL_MS).toBeLessThanOrEqual(20);
    const byDefault = await openWasm({});
    try {
      const statement = sql`SELECT sum(a.range)::DOUBLE AS n FROM range(CAST(${10_000_000} AS BIGINT)) a WHERE a.range % ${7} = ${3}`;
      const polls = { tab: 0, default: 0 };
      for (let i = 0; i < 2; i++)
        for (const [which, db] of [
          ['tab', w],
          ['default', byDefault],
        ] as const)
          await runStatementPending(db.bindings, db.id, statement, () => (polls[which]++, false));
      expect(polls.default).toBeGreaterThan(2 * 2); // the statement outlasts DuckDB-WASM's 100 ms poll several times over
      expect(polls.tab).toBeGreaterThan(3 * polls.default);
    } finally {
      byDefault.close();
    }
  });
});
