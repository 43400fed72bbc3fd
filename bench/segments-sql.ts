/**
 * `npx tsx bench/segments-sql.ts [--size 1m] [--runs 3] [--driver wasm|native] [--old /work/main]`:
 * the segments panel's first-paint statements (panel-requests.ts segmentsRequests: rfm_groups,
 * rfm_migration, cohort_retention) under the default view (last 90 days), each timed on DuckDB-WASM in
 * Node (the tab's engine; or native DuckDB, one thread) over the synthetic export, this worktree's SQL
 * and `--old`'s catalogue alternated run by run; every pair's results are compared (issue 14, session 14).
 */
import { tableFromIPC } from 'apache-arrow';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { findMetric } from '../src/lib/metrics/index.ts';
import type { SqlStatement } from '../src/lib/sql.ts';
import { segmentsRequests } from '../src/lib/state/panel-requests.ts';
import { presetPeriod } from '../src/lib/view/periods.ts';
import { DEFAULT_VIEW, viewParams } from '../src/lib/view/view-state.ts';
import { loadWasmEngine } from './wasm-engine.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1m' },
    runs: { type: 'string', default: '3' },
    driver: { type: 'string', default: 'wasm' },
    old: { type: 'string', default: '/work/main' },
    ids: { type: 'string', default: '' },
  },
});
const oldCatalogue = (await import(`${values.old}/src/lib/metrics/index.ts`)) as { findMetric: typeof findMetric };
// The engine made the tables; the statements run on its driver as they are.
const { driver, dataset, loadMs } = await loadWasmEngine({ size: values.size!, name: 'segments-sql', native: values.driver === 'native' });
let t: number;
console.error(`${values.driver}: loaded ${values.size} in ${loadMs} ms; load ${loadavg()[0].toFixed(1)}`);
const params = viewParams(DEFAULT_VIEW, presetPeriod('last90', dataset.lastOrderDate!));

const rowsOf = async (stmt: SqlStatement) =>
  JSON.stringify(
    tableFromIPC(await driver.query(stmt))
      .toArray()
      .map((r) => r.toJSON()),
    (_k, v) => (typeof v === 'bigint' ? Number(v) : v),
  );
// Wall ms and the process's CPU ms (DuckDB-WASM runs on this thread; native with one thread): at a high load the CPU time is the steadier figure.
const out: Record<string, { old: number[]; new: number[]; oldCpu: number[]; newCpu: number[]; same: boolean }> = {};
const wanted = values.ids ? values.ids.split(',') : null;
for (const req of Object.values(segmentsRequests(params, DEFAULT_VIEW, dataset))) {
  for (const id of req.ids) {
    if (wanted && !wanted.includes(id)) continue;
    const r = (out[id] = { old: [] as number[], new: [] as number[], oldCpu: [] as number[], newCpu: [] as number[], same: true as boolean });
    for (let i = 0; i < Number(values.runs); i++) {
      // Alternate which goes first.
      const order = i % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const);
      const res: Record<string, string> = {};
      for (const which of order) {
        const stmt = (which === 'old' ? oldCatalogue.findMetric(id)! : findMetric(id)!).sql(req.params);
        t = performance.now();
        const cpu = process.cpuUsage();
        res[which] = await rowsOf(stmt);
        r[which].push(Math.round(performance.now() - t));
        const c = process.cpuUsage(cpu);
        r[which === 'old' ? 'oldCpu' : 'newCpu'].push(Math.round((c.user + c.system) / 1000));
      }
      if (res.old !== res.new) {
        r.same = false;
        const [o, n] = [JSON.parse(res.old), JSON.parse(res.new)] as Record<string, unknown>[][];
        const k = o.findIndex((row, j) => JSON.stringify(row) !== JSON.stringify(n[j]));
        console.error(`${id}: first different row ${k}: old ${JSON.stringify(o[k])} new ${JSON.stringify(n[k])}`);
      }
    }
    console.error(
      `${id.padEnd(18)} wall old ${r.old.join(', ')} new ${r.new.join(', ')}; cpu old ${r.oldCpu.join(', ')} new ${r.newCpu.join(', ')}; ${r.same ? 'same' : 'DIFFERENT'}`,
    );
  }
}
console.log(JSON.stringify({ driver: values.driver, size: values.size, from: params.from, to: params.to, load: loadavg()[0].toFixed(1), out }));
process.exit(0);
