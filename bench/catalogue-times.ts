/**
 * `npx tsx bench/catalogue-times.ts [--ids a,b] [--runs 3] [--period whole|quarter|mid] [--fixture metrics-rfm] [--explain] [--top 15]`:
 * every catalogue metric (or the listed ones) on the demo (or a test fixture, over 2000..2030), on native DuckDB in Node, each timed on its own
 * (median of the runs: wall ms, and CPU ms of the process, steadier under load; the engine's result cache is
 * bypassed: the driver runs the SQL). `--explain`
 * prints EXPLAIN ANALYZE of each listed metric. Prints the slowest first, then one JSON object.
 * What the catalogue-wide test suites (properties-*, catalogue-snapshot, parity) pay per view.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { METRICS } from '../src/lib/metrics/index.ts';
import { addDays, addMonths, type MetricParams } from '../src/lib/metrics/params.ts';
import { sql } from '../src/lib/sql.ts';
import { END_DATE, MONTHS } from '../workers/demo/calendar.ts';
import { generateDemo } from '../workers/demo/generate.ts';
import { openNativeDriver } from '../workers/drivers/native.ts';
import { createEngine } from '../workers/engine.ts';
import { TABLE_NAMES } from '../src/lib/schema.ts';
import { loadFixture } from '../test/unit/metrics/harness.ts';

const { values } = parseArgs({
  options: {
    ids: { type: 'string' },
    runs: { type: 'string', default: '1' },
    period: { type: 'string', default: 'whole' },
    explain: { type: 'boolean', default: false },
    top: { type: 'string', default: '15' },
    fixture: { type: 'string' },
  },
});
const RUNS = Math.max(1, Number(values.runs));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const to = addDays(END_DATE, 1);
const PERIODS: Record<string, MetricParams> = {
  whole: { from: addMonths(to, -MONTHS), to },
  quarter: { from: addMonths(to, -3), to },
  mid: { from: '2026-08-15', to: '2026-09-15', countZeroAmount: true, repurchaseBasis: 'orders', npsBy: 'tier', rfmScheme: 'cn8' },
};
const params = values.fixture ? { from: '2000-01-01', to: '2030-01-01' } : PERIODS[values.period];
if (!params) throw new Error(`--period: one of ${Object.keys(PERIODS).join(', ')}`);
const ids = values.ids ? values.ids.split(',') : METRICS.map((m) => m.id);

const driver = await openNativeDriver();
const engine = await createEngine(driver);
if (values.fixture) await loadFixture(engine, values.fixture);
else {
  const demo = generateDemo();
  for (const t of TABLE_NAMES) await engine.loadCsvTable(t, demo.tables[t]);
}

/** The operators that took most of a profiled query's time (self time), with their output rows and a hint of what they join. */
function hotOperators(profile: unknown, top: number): void {
  const ops: { name: string; s: number; rows: number; extra: string }[] = [];
  const walk = (n: Record<string, unknown>, depth: number) => {
    const extra = JSON.stringify(n.extra_info ?? {}).slice(0, 240);
    ops.push({
      name: `${' '.repeat(depth)}${String(n.operator_name ?? n.operator_type ?? n.name)}`,
      s: Number(n.operator_timing ?? 0),
      rows: Number(n.operator_cardinality ?? 0),
      extra,
    });
    for (const c of (n.children as Record<string, unknown>[]) ?? []) walk(c, depth + 1);
  };
  const roots = (Array.isArray(profile) ? profile : [profile]) as Record<string, unknown>[];
  for (const root of roots) walk(root, 0);
  const summary = Object.fromEntries(Object.entries(roots[0]).filter(([k, v]) => typeof v !== 'object' && k !== 'query_name'));
  console.log(`operators ${ops.reduce((t, o) => t + o.s, 0).toFixed(3)} s; ${JSON.stringify(summary)}`);
  for (const o of [...ops].sort((a, b) => b.s - a.s).slice(0, top)) console.log(`${o.s.toFixed(3).padStart(7)} s ${String(o.rows).padStart(9)} rows ${o.name.trim()} ${o.extra}`);
}

const times: Record<string, number> = {};
/** CPU time of the process (DuckDB's threads included) per query: steadier than wall time on a loaded machine. */
const cpu: Record<string, number> = {};
for (const id of ids) {
  const metric = METRICS.find((m) => m.id === id);
  if (!metric) throw new Error(`no metric ${id}`);
  const stmt = metric.sql(params);
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    await driver.query(stmt);
    runs.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpuRuns.push((used.user + used.system) / 1000);
  }
  times[id] = Math.round(median(runs));
  cpu[id] = Math.round(median(cpuRuns));
  if (values.explain) {
    const plan = await engine.rows(sql`EXPLAIN (ANALYZE, FORMAT json) ${stmt}`);
    console.log(`--- ${id}`);
    hotOperators(JSON.parse(String(plan[0]?.explain_value)), Number(values.top));
  }
}
const sorted = Object.entries(times).sort((a, b) => b[1] - a[1]);
for (const [id, ms] of sorted.slice(0, Number(values.top))) console.log(`${String(ms).padStart(7)} ms  ${String(cpu[id]).padStart(7)} ms cpu  ${id}`);
const totalCpu = Object.values(cpu).reduce((s, ms) => s + ms, 0);
console.log(`${String(Math.round(sorted.reduce((s, [, ms]) => s + ms, 0))).padStart(7)} ms  ${String(totalCpu).padStart(7)} ms cpu  total (${sorted.length} metrics)`);
console.log(JSON.stringify({ period: values.fixture ?? values.period, runs: RUNS, load: loadavg()[0], times, cpu }));
driver.close();
