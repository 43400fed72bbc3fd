/**
 * `npx tsx bench/poll-tasks.ts [--size 1m] [--interval 10|default] [--rounds 1]` (session 17, tabsched): how long a click
 * that arrives while a background statement runs waits for it in the tab. The tab runs every statement as a DuckDB-WASM
 * pending query, polled with a yield between polls (workers/drivers/wasm-pending.ts); an interrupt is seen only between
 * two polls, so the longest poll of a statement is the most a click waits for it. Here: this checkout's engine on
 * DuckDB-WASM in Node over the synthetic export (bench/wasm-engine.ts's load, with the database opened at the given
 * polling interval: `default` is DuckDB-WASM's own, 100 ms), then the slow panels' first-paint questions as the page
 * asks them ahead for the default view (panel-requests.ts prefetchRequests), each poll timed. Prints per statement its
 * wall ms, polls and longest polls; the last line is JSON.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { COMPRESSED_DATABASE } from '../workers/drivers/driver.ts';
import { createEngine } from '../workers/engine.ts';
import { loadNativeOrders } from './native-orders.ts';
import { openWasm, wasmDriver } from '../test/unit/drivers/wasm-node.ts';
import { DATA_DIR } from './synthetic-orders.ts';
import { prefetchRequests } from '../src/lib/state/panel-requests.ts';
import { presetPeriod } from '../src/lib/view/periods.ts';
import { DEFAULT_VIEW, viewParams } from '../src/lib/view/view-state.ts';
import { WASM_OPEN_CONFIG } from '../workers/drivers/wasm-pending.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1m' },
    interval: { type: 'string', default: String(WASM_OPEN_CONFIG.query.queryPollingInterval) },
    rounds: { type: 'string', default: '1' },
  },
});
const config = values.interval === 'default' ? {} : { query: { queryPollingInterval: Number(values.interval) } };
const w = await openWasm(config);
/** Each poll's wall ms (the start of a pending query polls too), per statement. */
let polls: number[] = [];
const b = w.bindings as unknown as Record<string, (...a: unknown[]) => unknown>;
for (const name of ['startPendingQuery', 'pollPendingQuery']) {
  const f = b[name].bind(w.bindings);
  b[name] = (...a: unknown[]) => {
    const t = performance.now();
    try {
      return f(...a);
    } finally {
      polls.push(performance.now() - t);
    }
  };
}
const driver = wasmDriver(w);
for (const s of COMPRESSED_DATABASE) await driver.exec(s);
const path = await driver.registerBytes(`poll-tasks-${values.size}.csv`, new Uint8Array(readFileSync(`${DATA_DIR}/orders-${values.size}.csv`)));
const engine = await createEngine(driver, { prefetchQuietMs: 0 });
await loadNativeOrders(driver, path);
const dataset = await engine.dataset();
const base = viewParams(DEFAULT_VIEW, presetPeriod('last90', dataset.lastOrderDate!));
const out: { round: number; id: string; wall: number; polls: number; longest: number }[] = [];
for (let round = 0; round < Number(values.rounds); round++) {
  // A fresh look-back each round: the RFM statements change, so the cache does not answer everything.
  const params = { ...base, lookbackDays: 366 + round };
  for (const req of prefetchRequests(params, { ...DEFAULT_VIEW, panel: 'compass' }, dataset))
    for (const id of req.ids) {
      polls = [];
      const t = performance.now();
      await engine.runMetric(id, req.params);
      const wall = performance.now() - t;
      if (!polls.length) continue; // answered from the cache
      const row = { round, id, wall: Math.round(wall), polls: polls.length, longest: Math.round(Math.max(...polls)) };
      out.push(row);
      const top = [...polls].sort((x, y) => y - x).slice(0, 4);
      console.error(`${id.padEnd(26)} wall ${String(row.wall).padStart(5)} polls ${String(row.polls).padStart(4)} longest ${top.map((p) => p.toFixed(0)).join(', ')}`);
    }
}
const walls = out.reduce((n, r) => n + r.wall, 0);
const longest = Math.max(...out.map((r) => r.longest));
console.error(`interval ${values.interval}: ${out.length} statements, wall ${walls} ms, longest poll ${longest} ms; load ${loadavg()[0].toFixed(1)}`);
console.log(JSON.stringify({ interval: values.interval, size: values.size, load: loadavg()[0].toFixed(1), walls, longest, out }));
process.exit(0);
