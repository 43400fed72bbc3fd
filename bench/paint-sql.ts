/**
 * `npx tsx bench/paint-sql.ts [--size 1m] [--threads 1] [--panels repurchase,benefits,segments] [--runs 1]`:
 * the first-paint statements of the repurchase, benefits and segments panels (src/lib/state/panel-requests.ts)
 * under the default view (last 90 days), each timed on native DuckDB over the synthetic export (one thread by
 * default, as in the tab), the engine's result cache bypassed; then the same questions through
 * engine.prefetchPanels and again through runMetrics (cached). A quick proxy for the tab (issue 14, session 11).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { findMetric } from '../src/lib/metrics/index.ts';
import { panelRequests, PREFETCH_PANELS, type PrefetchPanel } from '../src/lib/state/panel-requests.ts';
import { presetPeriod } from '../src/lib/view/periods.ts';
import { DEFAULT_VIEW, viewParams } from '../src/lib/view/view-state.ts';
import { openNativeDriver } from '../workers/drivers/native.ts';
import { createEngine } from '../workers/engine.ts';
import { loadNativeOrders } from './native-orders.ts';
import { DATA_DIR } from './synthetic-orders.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1m' },
    threads: { type: 'string', default: '1' },
    panels: { type: 'string', default: PREFETCH_PANELS.join(',') },
    runs: { type: 'string', default: '1' },
  },
});
const file = `${DATA_DIR}/orders-${values.size}.csv`;
const driver = await openNativeDriver(':memory:', { threads: Number(values.threads), readable: [DATA_DIR] });
let t = performance.now();
const engine = await createEngine(driver, { prefetchQuietMs: 0 });
await loadNativeOrders(driver, file);
const dataset = await engine.dataset();
console.error(`loaded ${values.size} in ${Math.round(performance.now() - t)} ms; load ${loadavg()[0].toFixed(1)}`);
const params = viewParams(DEFAULT_VIEW, presetPeriod('last90', dataset.lastOrderDate!));
const panels = values.panels!.split(',') as PrefetchPanel[];
const out: Record<string, number> = {};
for (const panel of panels) {
  let total = 0;
  for (const req of panelRequests(params, DEFAULT_VIEW, dataset, [panel])) {
    for (const id of req.ids) {
      const times: number[] = [];
      for (let r = 0; r < Number(values.runs); r++) {
        t = performance.now();
        await driver.query(findMetric(id)!.sql(req.params));
        times.push(performance.now() - t);
      }
      const ms = Math.round(Math.min(...times));
      total += ms;
      out[`${panel}.${id}.${req.params.from}`] = ms;
      console.error(`${panel.padEnd(11)} ${id.padEnd(28)} ${req.params.from}..${req.params.to} ${String(ms).padStart(6)} ms`);
    }
  }
  out[`${panel}.total`] = total;
  console.error(`${panel} total ${total} ms`);
}
if ('prefetchPanels' in engine) {
  const reqs = panelRequests(params, DEFAULT_VIEW, dataset, panels);
  t = performance.now();
  const status = await (engine as unknown as { prefetchPanels: (r: unknown) => Promise<string> }).prefetchPanels(reqs);
  out.prefetch = Math.round(performance.now() - t);
  t = performance.now();
  for (const r of reqs) await engine.runMetrics(r.ids, r.params);
  out.afterPrefetch = Math.round(performance.now() - t);
  console.error(`prefetch ${status} ${out.prefetch} ms; the panels' questions after it ${out.afterPrefetch} ms`);
}
console.log(JSON.stringify({ size: values.size, threads: values.threads, load: loadavg()[0].toFixed(1), ...out }));
process.exit(0);
