/**
 * `npx tsx bench/segshare-sql.ts --root /work/main [--size 1m] [--rounds 2]`: the segments panel's first paint through
 * the engine of the checkout at `--root` (its workers/engine.ts, its catalogue) on DuckDB-WASM in Node (the tab's engine,
 * compressed in-memory database) over the synthetic export: the three runMetrics calls the panel makes
 * (panel-requests.ts segmentsRequests: rfm_groups, rfm_migration, cohort_retention, default view = last 90 days), wall
 * and process CPU ms each, then the same under a second view (one store filtered: the params change, no answer held).
 * `--rounds` repeats both views, each round under a fresh lookback (366, 367, … days) so no answer is held. Prints one
 * JSON line with the times and a digest of every answer (compare two checkouts' digests: the rows must be identical).
 * Run it once per checkout, alternated, back to back (session 15, segshare).
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadWasmEngine } from './wasm-engine.ts';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: '/work/main' },
    size: { type: 'string', default: '1m' },
    rounds: { type: 'string', default: '2' },
    /** Also run each metric's own catalogue statement as it is, and say whether the engine's answer equals it. */
    check: { type: 'boolean', default: false },
  },
});
const root = values.root!;
const { segmentsRequests } = await import(`${root}/src/lib/state/panel-requests.ts`);
const { presetPeriod } = await import(`${root}/src/lib/view/periods.ts`);
const { DEFAULT_VIEW, viewParams } = await import(`${root}/src/lib/view/view-state.ts`);
const { ipcToRows } = await import(`${root}/src/lib/engine/rows.ts`);
const { findMetric } = await import(`${root}/src/lib/metrics/index.ts`);

// The load lives in this checkout (bench/wasm-engine.ts); the engine and catalogue it loads are `--root`'s.
const { driver, engine, dataset, loadMs } = await loadWasmEngine({ root, size: values.size!, name: 'segshare' });
console.error(`${root}: loaded ${values.size} in ${loadMs} ms; load ${loadavg()[0].toFixed(1)}`);
const base = viewParams(DEFAULT_VIEW, presetPeriod('last90', dataset.lastOrderDate!));

const out: { view: string; id: string; wall: number; cpu: number; digest: string; own?: boolean; rows?: unknown }[] = [];
const json = (rows: unknown) => JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
for (let round = 0; round < Number(values.rounds); round++) {
  for (const [view, params] of [
    ['all stores', { ...base, lookbackDays: 366 + round }],
    ['one store', { ...base, lookbackDays: 366 + round, stores: [dataset.stores[0]] }],
  ] as const) {
    const asked = segmentsRequests(params, DEFAULT_VIEW, dataset);
    for (const req of Object.values(asked) as { ids: string[]; params: unknown }[]) {
      const t = performance.now();
      const cpu = process.cpuUsage();
      const res = await engine.runMetrics(req.ids, req.params);
      const c = process.cpuUsage(cpu);
      const wall = Math.round(performance.now() - t);
      for (const id of req.ids) {
        const rows = json(ipcToRows(res[id]));
        const digest = createHash('sha1').update(rows).digest('hex').slice(0, 10);
        const own = values.check ? json(ipcToRows(await driver.query(findMetric(id).sql(req.params)))) === rows : undefined;
        out.push({ view: `${view} r${round}`, id, wall, cpu: Math.round((c.user + c.system) / 1000), digest, own, rows: id === 'rfm_groups' ? JSON.parse(rows) : undefined });
        console.error(
          `${view} r${round} ${id.padEnd(18)} wall ${wall} cpu ${Math.round((c.user + c.system) / 1000)} ${digest}${own === undefined ? '' : own ? ' = own SQL' : ' DIFFERS from own SQL'}`,
        );
      }
    }
  }
}
console.log(JSON.stringify({ root, size: values.size, load: loadavg()[0].toFixed(1), out }));
process.exit(0);
