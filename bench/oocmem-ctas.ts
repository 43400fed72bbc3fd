/**
 * Session 14 (oocmem): where a spilling CTAS's untracked RSS growth comes from. One plain native
 * `CREATE TABLE t AS SELECT * FROM read_csv(f, all_varchar = true)` under a memory limit, RSS sampled every
 * 200 ms in the process, duckdb_memory() sampled from a second connection every 2 s.
 * Usage: npx tsx bench/oocmem-ctas.ts FILE [--db file|memory] [--threads N] [--limit 256MB] [--set "k=v"]... [--checkpoint]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const args = process.argv.slice(2);
const file = args[0];
const opt = (k: string, d: string) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : d;
};
const sets = args.flatMap((a, i) => (a === '--set' ? [args[i + 1]] : []));
const db = opt('--db', 'memory');
const threads = Number(opt('--threads', '1'));
const limit = opt('--limit', '256MB');
const dir = mkdtempSync('/tmp/oocmem-spill-');
const path = db === 'file' ? join(dir, 'work.duckdb') : ':memory:';
const mb = (b: number) => Math.round(b / 2 ** 20);
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 200);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const inst = await DuckDBInstance.create(path);
const c = await inst.connect();
await c.run(`SET temp_directory='${dir}'; SET memory_limit='${limit}'; SET threads=${threads}`);
for (const s of sets) {
  const [k, v] = s.split('=');
  await c.run(`SET ${k} = ${v}`);
}
const ext = (await c.runAndReadAll(`SELECT extension_name, loaded, installed FROM duckdb_extensions() WHERE extension_name = 'jemalloc'`)).getRowObjectsJS();
const settings = (
  await c.runAndReadAll(
    `SELECT name, value FROM duckdb_settings() WHERE name IN ('allocator_flush_threshold','allocator_background_threads','allocator_bulk_deallocation_flush_threshold','preserve_insertion_order','checkpoint_threshold','threads','memory_limit')`,
  )
).getRowObjectsJS();
const start = process.memoryUsage.rss();
const mon = await inst.connect();
const samples: string[] = [];
let busy = false;
const memTimer = setInterval(async () => {
  if (busy) return;
  busy = true;
  try {
    const r = (
      await mon.runAndReadAll(
        `SELECT sum(memory_usage_bytes) AS used, sum(temporary_storage_bytes) AS spilled, (SELECT sum(memory_usage_bytes) FROM duckdb_memory() WHERE tag ILIKE '%TABLE%') AS tab FROM duckdb_memory()`,
      )
    ).getRowObjectsJS()[0];
    samples.push(
      `${((performance.now() - t0) / 1000).toFixed(0)}s rss ${mb(process.memoryUsage.rss())} used ${mb(Number(r.used))} tab ${mb(Number(r.tab))} spilled ${mb(Number(r.spilled))}`,
    );
  } catch {
    // a sample missed (the monitor connection busy): the next one counts
  }
  busy = false;
}, 2000);
const tq = performance.now();
const sql = opt('--sql', `CREATE TABLE t AS SELECT * FROM read_csv('{f}', all_varchar = true)`).replaceAll('{f}', file);
await c.run(sql);
const ctasS = (performance.now() - tq) / 1000;
const afterCtas = process.memoryUsage.rss();
if (args.includes('--checkpoint')) await c.run('CHECKPOINT');
clearInterval(memTimer);
const n = args.includes('--sql') ? -1 : (await c.runAndReadAll('SELECT count(*)::INT AS n FROM t')).getRowObjectsJS()[0].n;
const mem = (
  await c.runAndReadAll(`SELECT tag, memory_usage_bytes AS m, temporary_storage_bytes AS s FROM duckdb_memory() WHERE memory_usage_bytes > 0 OR temporary_storage_bytes > 0`)
).getRowObjectsJS();
const size = db === 'file' ? (await c.runAndReadAll('PRAGMA database_size')).getRowObjectsJS()[0] : null;
const end = process.memoryUsage.rss();
peak = Math.max(peak, end);
clearInterval(timer);
const d = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    file: file.split('/').pop(),
    db,
    threads,
    limit,
    sets,
    sql: args.includes('--sql') ? sql : undefined,
    env: { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX, MALLOC_TRIM_THRESHOLD_: process.env.MALLOC_TRIM_THRESHOLD_ },
    rows: n,
    startMB: mb(start),
    peakMB: mb(peak),
    afterCtasMB: mb(afterCtas),
    endMB: mb(end),
    ctasS: +ctasS.toFixed(1),
    cpuS: +((d.user + d.system) / 1e6).toFixed(1),
    jemalloc: ext,
    settings: Object.fromEntries(settings.map((s) => [s.name, s.value])),
    mem: mem.map((m) => `${m.tag} ${mb(Number(m.m))}/${mb(Number(m.s))}`).join(', '),
    dbsize: size ? `${size.database_size} blocks ${size.used_blocks} free ${size.free_blocks} wal ${size.wal_size} mem ${size.memory_usage}` : undefined,
  }),
);
if (args.includes('--samples')) console.log(samples.join('\n'));
c.closeSync();
mon.closeSync();
inst.closeSync();
rmSync(dir, { recursive: true, force: true });
