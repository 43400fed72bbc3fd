/**
 * `npx tsx bench/exactsum-tab-cli.ts ROOT REPORT.json`: the money metrics of a `store-compass report orders-1m.csv
 * --from 2025-10-03 --to 2025-12-31` (REPORT.json, made by checkout ROOT) against the same statements of ROOT's catalogue
 * on DuckDB-WASM in Node (the tab's engine, bench/wasm-engine.ts, the same file): how many values differ (Object.is).
 * Session 17 (exactsum): main 30 of 291, exact sums 0.
 */
import { readFileSync } from 'node:fs';
const [root, reportFile] = process.argv.slice(2);
const { loadWasmEngine } = await import(`${root}/bench/wasm-engine.ts`);
const { findMetric } = await import(`${root}/src/lib/metrics/index.ts`);
const { ipcToRows } = await import(`${root}/src/lib/engine/rows.ts`);
const report = JSON.parse(readFileSync(reportFile, 'utf8'));
const { driver } = await loadWasmEngine({ root, size: '1m', name: 'exactsum-tab' });
const p = { from: '2025-10-03', to: '2025-12-31' };
let total = 0,
  differ = 0;
const which: string[] = [];
for (const id of ['sales', 'aov', 'monthly_trend', 'average_unit_price', 'member_sales_share', 'cohort_retention', 'tier_mix', 'store_compass', 'members_at_risk']) {
  const rows = ipcToRows(await driver.query(findMetric(id).sql(p)));
  const cli = report.metrics[id];
  const tab = findMetric(id).shape === 'scalar' ? rows[0].value : rows;
  const flat = (x: unknown): unknown[] => (Array.isArray(x) ? x.flatMap(flat) : x && typeof x === 'object' ? Object.values(x).flatMap(flat) : [x]);
  const [a, b] = [flat(tab), flat(cli)];
  let d = 0;
  a.forEach((v, i) => {
    total++;
    if (!Object.is(v, b[i])) d++;
  });
  if (a.length !== b.length) which.push(`${id}: ${a.length} vs ${b.length} values`);
  if (d) which.push(`${id}: ${d} of ${a.length}`);
  differ += d;
}
console.log(`${root}: tab (WASM) vs CLI report ${reportFile}: ${differ} of ${total} values differ`, which.join('; '));
