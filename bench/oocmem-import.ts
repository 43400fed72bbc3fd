/**
 * Session 14 (oocmem): the CLI's import alone (openCliEngine + loadFiles) under a memory limit; which statement fails.
 * Usage: STORE_COMPASS_TRACE=1 npx tsx bench/oocmem-import.ts FILE LIMIT [threads]
 */
import { openCliEngine } from '../scripts/cli/open-engine.ts';
import { loadFiles } from '../scripts/cli/load-files.ts';

const [file, limit, threads] = process.argv.slice(2);
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 200);
const t0 = performance.now();
const { driver, engine } = await openCliEngine([file], { memoryLimit: limit, tempDirectory: '/tmp/oocmem-spill', threads: threads ? Number(threads) : undefined });
try {
  const reports = await loadFiles(engine, [file]);
  const [{ n }] = await engine.rows({ text: 'SELECT count(*)::DOUBLE AS n FROM orders', params: [] });
  console.log(JSON.stringify({ file, limit, ok: true, rows: n, reader: reports.map((r) => (r as { reader?: string }).reader) }));
} catch (e) {
  console.log(JSON.stringify({ file, limit, ok: false, error: String(e instanceof Error ? e.message : e).slice(0, 300) }));
} finally {
  driver.close();
  clearInterval(timer);
  console.log(
    `wall ${((performance.now() - t0) / 1000).toFixed(1)} s, cpu ${(process.cpuUsage().user + process.cpuUsage().system) / 1e6} s, peak ${Math.round(Math.max(peak, process.memoryUsage.rss()) / 2 ** 20)} MB`,
  );
}
