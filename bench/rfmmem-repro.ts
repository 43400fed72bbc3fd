/**
 * Session 15 (rfmmem): the CLI report's RFM snapshot (rfmMembersSql) alone, out of core, to find what needs the memory.
 * One DuckDB process at a time; each run spills into its own new folder next to the database file, removed at the end.
 *   build <csv> <db>                   order_facts from a synthetic export (bench/synthetic-orders.ts), sorted by order_time as
 *                                      the engine keeps it; tier NULL (no filters), bad rows dropped; CHECKPOINT (else the
 *                                      next open replays the WAL into memory and fails at a small limit)
 *   gen <db> <orders> <buyers>         synthetic order_facts made in SQL (member i % buyers, 2024)
 *   table <db> <name> <file.sql>       a table of the statement in the file, at 2GB (e.g. the snapshot's `base` CTE)
 *   print                              rfmMembersSql of this checkout at the period below, literal values (a file: variant)
 *   run <db> <limit> <variant> [mem|explain]   CREATE TEMP TABLE of the statement at memory_limit, threads = 1; `mem` polls
 *                                      duckdb_memory() every 100 ms from a second connection and prints each tag's peak
 *   diff <db> <limit> <a> <b>          both variants' rows, EXCEPT ALL both ways (identical: 0 / 0)
 * Variants: `new` = rfmMembersSql of this checkout, `file:PATH` = the statement in PATH (e.g. `print` on another branch).
 * Period: --from 2025-10-03 --to 2025-12-31 (the 100M run's); RFMMEM_GEN=1: 2024-10-01 → 2025-01-01 (the `gen` data).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { toDisplaySql } from '../src/lib/sql.ts';
import { rfmMembersSql } from '../src/lib/metrics/rfm.ts';
import type { MetricParams } from '../src/lib/metrics/params.ts';

const P: MetricParams = process.env.RFMMEM_GEN ? { from: '2024-10-01', to: '2025-01-01' } : { from: '2025-10-03', to: '2025-12-31' };
const stmtOf = (v: string) => (v.startsWith('file:') ? readFileSync(v.slice(5), 'utf8') : toDisplaySql(rfmMembersSql(P, P.to)));
const [mode, a, b, c, d] = process.argv.slice(2);

const genOrderFactsSql = (orders: number, buyers: number): string => `CREATE OR REPLACE TABLE order_facts AS
  SELECT 'o' || i AS order_id, TIMESTAMP '2024-01-01 10:00:00' + to_days(((i * 7919) % 366)::INTEGER) AS order_time,
    CASE WHEN i % 97 = 0 THEN NULL ELSE 'm' || (i % ${buyers}) END AS member_id, CASE WHEN i % 3 = 0 THEN 'S1' ELSE 'S2' END AS store,
    'offline' AS channel, CASE WHEN i % 50 = 0 THEN -((i * 13) % 5000) / 100 ELSE (1 + (i * 7717) % 50000) / 100 END::DOUBLE AS amount,
    1 AS item_count, NULL::DOUBLE AS discount, NULL::DOUBLE AS points_used, i % 50 = 0 AS is_refund,
    (TIMESTAMP '2024-01-01 10:00:00' + to_days(((i * 7919) % 366)::INTEGER))::DATE AS order_date, NULL::VARCHAR AS tier
  FROM range(${orders}) t(i) ORDER BY order_time`;

const t0 = performance.now();
const log = (s: string) => console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s  rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB  ${s}`);

let poller: DuckDBConnection | undefined;
const peaks = new Map<string, number>();
let polling = false;
async function poll() {
  polling = true;
  while (polling && poller) {
    const r = await poller.runAndReadAll('SELECT tag, memory_usage_bytes, temporary_storage_bytes FROM duckdb_memory()').catch(() => undefined);
    for (const [tag, m, t] of r?.getRows() ?? []) {
      peaks.set(`${tag} mem`, Math.max(peaks.get(`${tag} mem`) ?? 0, Number(m)));
      peaks.set(`${tag} tmp`, Math.max(peaks.get(`${tag} tmp`) ?? 0, Number(t)));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
const showPeaks = () =>
  console.log(
    [...peaks]
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${(v / 2 ** 20).toFixed(1)} MiB`)
      .join('; '),
  );

async function open(db: string, limit: string) {
  const inst = await DuckDBInstance.create(db);
  const con = await inst.connect();
  poller = await inst.connect();
  const tmp = mkdtempSync(`${dirname(db)}/spill-`);
  await con.run(`SET temp_directory = '${tmp}'`);
  await con.run(`SET threads = ${Number(process.env.RFMMEM_THREADS ?? 1)}`); // session 16 (rfmwin): RFMMEM_THREADS=2 for the time without a limit
  await con.run(`SET memory_limit = '${limit}'`);
  if (process.env.RFMMEM_PIO === 'false') await con.run('SET preserve_insertion_order = false'); // session 16: the setting alone, measured
  return { con, done: () => rmSync(tmp, { recursive: true, force: true }) };
}
const first = async (con: DuckDBConnection, q: string) => (await con.runAndReadAll(q)).getRows()[0][0];

if (mode === 'print') {
  console.log(stmtOf('new'));
} else if (mode === 'build' || mode === 'gen' || mode === 'table') {
  const { con, done } = await open(mode === 'build' ? b : a, '2GB');
  if (mode === 'build')
    await con.run(`CREATE OR REPLACE TABLE order_facts AS SELECT "订单号" AS order_id, try_cast("下单时间" AS TIMESTAMP) AS order_time, "会员卡号" AS member_id,
      "门店" AS store, "渠道" AS channel, try_cast("实付金额" AS DOUBLE) AS amount, try_cast("件数" AS INTEGER) AS item_count, NULL::DOUBLE AS discount,
      NULL::DOUBLE AS points_used, try_cast("实付金额" AS DOUBLE) < 0 AS is_refund, try_cast("下单时间" AS TIMESTAMP)::DATE AS order_date, NULL::VARCHAR AS tier
      FROM read_csv('${a}', all_varchar = true)
      WHERE try_cast("下单时间" AS TIMESTAMP) IS NOT NULL AND try_cast("实付金额" AS DOUBLE) IS NOT NULL ORDER BY order_time`);
  else if (mode === 'gen') await con.run(genOrderFactsSql(Number(b), Number(c)));
  else await con.run(`CREATE OR REPLACE TABLE ${b} AS ${readFileSync(c, 'utf8')}`);
  await con.run('CHECKPOINT');
  log(`${mode} done`);
  done();
} else if (mode === 'run') {
  const { con, done } = await open(a, b);
  try {
    if (d === 'explain') {
      const r = await con.runAndReadAll(`EXPLAIN ANALYZE CREATE TEMP TABLE x AS ${stmtOf(c)}`);
      console.log(
        r
          .getRows()
          .map((row) => row[1])
          .join('\n'),
      );
    } else {
      const p = d === 'mem' ? poll() : undefined;
      const s0 = performance.now();
      const target = process.env.RFMMEM_PERSIST ? 'OR REPLACE TABLE x' : 'TEMP TABLE x'; // RFMMEM_PERSIST=1: a table of the database file, as the CLI's _cli_shared_N
      await con.run(`CREATE ${target} AS ${stmtOf(c)}`).finally(() => (polling = false));
      await p;
      if (d === 'mem') showPeaks();
      log(`${c} at ${b}: ok in ${((performance.now() - s0) / 1000).toFixed(1)} s, ${await first(con, 'SELECT count(*) FROM x')} rows`);
    }
  } catch (e) {
    polling = false;
    if (d === 'mem') showPeaks();
    log(`${c} at ${b}: FAILED ${(e as Error).message.split('\n')[0]}`);
  } finally {
    done();
  }
} else if (mode === 'diff') {
  const { con, done } = await open(a, b);
  await con.run(`CREATE TEMP TABLE xa AS ${stmtOf(c)}`);
  await con.run(`CREATE TEMP TABLE xb AS ${stmtOf(d)}`);
  const ab = await first(con, 'SELECT count(*) FROM (SELECT * FROM xa EXCEPT ALL SELECT * FROM xb)');
  const ba = await first(con, 'SELECT count(*) FROM (SELECT * FROM xb EXCEPT ALL SELECT * FROM xa)');
  log(`rows ${await first(con, 'SELECT count(*) FROM xa')} / ${await first(con, 'SELECT count(*) FROM xb')}; a−b ${ab}; b−a ${ba}`);
  done();
}
