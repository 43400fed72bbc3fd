/**
 * `npx tsx bench/exactsum-sql.ts [--size 1m] [--rounds 5] [--native] [--old /work/main]`: what exact money sums
 * (src/lib/metrics/money.ts, session 17) cost. Loads the synthetic export into the tab's engine on DuckDB-WASM in Node
 * (bench/wasm-engine.ts; `--native`: native DuckDB, one thread, the same layout), then alternates, `--rounds` times,
 * the statements of every money metric as the checkout at `--old` writes them (DOUBLE sums) and as this checkout
 * writes them (exact units), each run as it is (no engine, no cache) under the default view (last 90 days) with a
 * member day, and the store-day summary's build (once per import or restore). Process CPU ms per statement; medians.
 * The store-day summary holds both columns (`amount` for the old statements, `amount_units` for the new), so each reads
 * its own. Also says how many answers differ and by how much (relative). One JSON line at the end.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { HERE, loadWasmEngine } from './wasm-engine.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1m' },
    rounds: { type: 'string', default: '5' },
    native: { type: 'boolean', default: false },
    old: { type: 'string', default: '/work/main' },
  },
});
const IDS = ['sales', 'aov', 'monthly_trend', 'average_unit_price', 'member_sales_share', 'cohort_retention', 'tier_mix', 'member_day_sales', 'store_compass', 'members_at_risk'];
const oldCat = await import(`${values.old}/src/lib/metrics/index.ts`);
const newCat = await import(`${HERE}/src/lib/metrics/index.ts`);
const oldScope = await import(`${values.old}/src/lib/metrics/scope.ts`);
const newScope = await import(`${HERE}/src/lib/metrics/scope.ts`);
const { presetPeriod } = await import(`${HERE}/src/lib/view/periods.ts`);
const { DEFAULT_VIEW, viewParams } = await import(`${HERE}/src/lib/view/view-state.ts`);
const { ipcToRows } = await import(`${HERE}/src/lib/engine/rows.ts`);

const { driver, dataset, loadMs } = await loadWasmEngine({ size: values.size!, name: 'exactsum', native: values.native });
const engineName = values.native ? 'native (1 thread)' : 'DuckDB-WASM';
console.error(`${engineName}: loaded ${values.size} in ${loadMs} ms; load ${loadavg()[0].toFixed(1)}`);
const p = { ...viewParams(DEFAULT_VIEW, presetPeriod('last90', dataset.lastOrderDate!)), memberDay: 'w5' };
const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
const timed = async (text: string | { text: string; params: unknown[] }) => {
  const c = process.cpuUsage();
  const ipc = await driver.query(typeof text === 'string' ? { text, params: [] } : text);
  return { ms: cpuMs(process.cpuUsage(c)), ipc };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The store-day summary's build, old and new alternated, then one table with both columns for the statements.
const build: Record<'old' | 'new', number[]> = { old: [], new: [] };
const rounds = Number(values.rounds);
for (let i = 0; i < rounds; i++) {
  build.old.push((await timed(`CREATE OR REPLACE TABLE exactsum_sd AS ${oldScope.storeDaysSelect('order_facts')}`)).ms);
  build.new.push((await timed(`CREATE OR REPLACE TABLE exactsum_sd AS ${newScope.storeDaysSelect('order_facts')}`)).ms);
}
const both = (newScope.storeDaysSelect('order_facts') as string).replace('AS amount_units,', 'AS amount_units, sum(o.amount) AS amount,');
await driver.exec(`DROP TABLE IF EXISTS exactsum_sd; CREATE OR REPLACE TABLE store_days AS ${both} ORDER BY o.order_date`);

const times: Record<string, { old: number[]; new: number[] }> = {};
const diffs: Record<string, { cells: number; differ: number; maxRel: number }> = {};
for (let i = 0; i < rounds; i++) {
  for (const id of IDS) {
    const t = (times[id] ??= { old: [], new: [] });
    const a = await timed(oldCat.findMetric(id).sql(p));
    const b = await timed(newCat.findMetric(id).sql(p));
    t.old.push(a.ms);
    t.new.push(b.ms);
    if (i === 0) {
      const [ra, rb] = [ipcToRows(a.ipc), ipcToRows(b.ipc)];
      const d = { cells: 0, differ: 0, maxRel: 0 };
      ra.forEach((r: Record<string, unknown>, j: number) =>
        Object.keys(r).forEach((k) => {
          d.cells++;
          if (Object.is(r[k], rb[j]?.[k])) return;
          d.differ++;
          if (typeof r[k] === 'number') d.maxRel = Math.max(d.maxRel, Math.abs((r[k] as number) - (rb[j][k] as number)) / Math.abs(r[k] as number));
        }),
      );
      diffs[id] = d;
    }
  }
}
const rows = [{ id: 'store_days build', old: median(build.old), new: median(build.new) }, ...IDS.map((id) => ({ id, old: median(times[id].old), new: median(times[id].new) }))];
const total = { old: rows.slice(1).reduce((s, r) => s + r.old, 0), new: rows.slice(1).reduce((s, r) => s + r.new, 0) };
console.log(`| statement (${engineName}, ${values.size}, medians of ${rounds}) | old (DOUBLE) ms | exact ms | ratio | answers differing (max rel.) |`);
console.log('|---|---|---|---|---|');
for (const r of rows) {
  const d = diffs[r.id];
  console.log(
    `| ${r.id} | ${r.old.toFixed(0)} | ${r.new.toFixed(0)} | ${(r.new / r.old).toFixed(2)} | ${d ? `${d.differ} of ${d.cells}${d.differ ? ` (${d.maxRel.toExponential(1)})` : ''}` : ''} |`,
  );
}
console.log(`| sum of the metric statements | ${total.old.toFixed(0)} | ${total.new.toFixed(0)} | ${(total.new / total.old).toFixed(2)} | |`);
console.error(`load ${loadavg()[0].toFixed(1)}`);
console.log(JSON.stringify({ engine: engineName, size: values.size, rounds, rows, total, diffs }));
