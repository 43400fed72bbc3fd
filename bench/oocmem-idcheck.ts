/**
 * Session 14 (oocmem): forms of the import's repeated-id check (sql-orders.ts) under a small memory limit, database
 * file, 1 thread. Usage: npx tsx bench/oocmem-idcheck.ts FILE LIMIT FORM...
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [file, limit, ...forms] = process.argv.slice(2);
const dir = mkdtempSync('/tmp/oocmem-spill-');
const inst = await DuckDBInstance.create(join(dir, 'work.duckdb'));
const c = await inst.connect();
await c.run(`SET temp_directory='${dir}'; SET threads=1`);
const rangeN = /^range:(\d+)$/.exec(file);
await c.run(
  rangeN
    ? `CREATE TABLE t AS SELECT 'O' || lpad(i::VARCHAR, 9, '0') AS order_id, false AS _slow, NULL::VARCHAR[] AS _cells FROM range(${rangeN[1]}) r(i)`
    : `CREATE TABLE t AS SELECT *, false AS _slow, NULL::VARCHAR[] AS _cells FROM read_csv('${file}', all_varchar = true)`,
);
await c.run(`SET memory_limit='${limit}'`);
const col = (await c.runAndReadAll("SELECT name FROM pragma_table_info('t') LIMIT 1")).getRowObjectsJS()[0].name as string;
const keys = `SELECT CASE WHEN _slow THEN _cells[1] ELSE "${col}" END AS k FROM t`;
const clashes = `SELECT hash(k) AS h FROM (${keys}) WHERE k <> '' GROUP BY h HAVING count(*) > 1`;
const SQL: Record<string, string> = {
  main: `SELECT count(*)::DOUBLE AS n FROM (${clashes})`,
  distinct: `SELECT (count(*) - count(DISTINCT hash(k)))::DOUBLE AS n FROM (${keys}) WHERE k <> ''`,
  sorted: `SELECT count(*)::DOUBLE AS n FROM (SELECT h, lag(h) OVER (ORDER BY h) AS p FROM (SELECT hash(k) AS h FROM (${keys}) WHERE k <> '')) WHERE h = p`,
  // fixed-width UBIGINT keys grouped, no HAVING subquery
  bigint: `SELECT count(*)::DOUBLE AS n FROM (SELECT hash(k) AS h, count(*) AS c FROM (${keys}) WHERE k <> '' GROUP BY h) WHERE c > 1`,
};
for (const form of forms) {
  const m = /^parts(\d+)$/.exec(form);
  const t0 = performance.now();
  const cpu = process.cpuUsage();
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 200);
  try {
    let n = 0;
    if (m) {
      const p = Number(m[1]);
      for (let i = 0; i < p; i++)
        n += Number(
          (
            await c.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM (SELECT hash(k) AS h FROM (${keys}) WHERE k <> '' AND hash(k) % ${p} = ${i} GROUP BY h HAVING count(*) > 1)`)
          ).getRowObjectsJS()[0].n,
        );
    } else n = Number((await c.runAndReadAll(SQL[form])).getRowObjectsJS()[0].n);
    clearInterval(timer);
    const d = process.cpuUsage(cpu);
    console.log(
      `${form} @${limit}: n=${n} wall ${((performance.now() - t0) / 1000).toFixed(1)} s cpu ${((d.user + d.system) / 1e6).toFixed(1)} s peak ${Math.round(peak / 2 ** 20)} MB`,
    );
  } catch (e) {
    clearInterval(timer);
    console.log(`${form} @${limit}: FAILED ${String(e).slice(0, 160)} after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}
c.closeSync();
inst.closeSync();
rmSync(dir, { recursive: true, force: true });
