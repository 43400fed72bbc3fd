/**
 * `npx tsx bench/histshare-sql.ts --root /work/main [--size 1m] [--rounds 2] [--panels repurchase,churn,segments] [--check] [--own]`:
 * the first-paint questions of the panels that read each member's purchase history (panel-requests.ts: repurchase,
 * churn, segments) through the engine of the checkout at `--root` on DuckDB-WASM in Node (bench/wasm-engine.ts), over
 * the synthetic export: each request's runMetrics call timed (wall and process CPU ms), panel after panel as a visitor
 * meets them, under the default view (last 90 days) and then one store; `--rounds` repeats both views under a fresh
 * look-back (366, 367, … days: RFM statements change, the others are the same statements and answer from the cache, so
 * rounds after the first time only the segments panel — use one round per process for the whole picture). `--own` also
 * times every metric's own catalogue statement run as it is (no engine, no cache), `--check` says whether each answer
 * equals it. One JSON line: the times and a digest of every answer (session 16, histshare).
 * `--pairs N` instead: the history's build (CREATE TABLE … AS memberHistory) timed, then each statement holding it run
 * as it is and as the engine runs it (reading the table), alternated N times in this one process (CPU ms each).
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { HERE, loadWasmEngine } from './wasm-engine.ts';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: HERE },
    size: { type: 'string', default: '1m' },
    rounds: { type: 'string', default: '1' },
    panels: { type: 'string', default: 'repurchase,churn,segments' },
    check: { type: 'boolean', default: false },
    own: { type: 'boolean', default: false },
    /** Instead of the panels: each statement holding the view's member history run as it is and reading the table, alternated N times (this checkout only). */
    pairs: { type: 'string', default: '0' },
  },
});
const root = values.root!;
const { panelRequests } = await import(`${root}/src/lib/state/panel-requests.ts`);
const { presetPeriod } = await import(`${root}/src/lib/view/periods.ts`);
const { DEFAULT_VIEW, viewParams } = await import(`${root}/src/lib/view/view-state.ts`);
const { ipcToRows } = await import(`${root}/src/lib/engine/rows.ts`);
const { findMetric } = await import(`${root}/src/lib/metrics/index.ts`);

const { driver, engine, dataset, loadMs } = await loadWasmEngine({ root, size: values.size!, name: 'histshare' });
console.error(`${root}: loaded ${values.size} in ${loadMs} ms; load ${loadavg()[0].toFixed(1)}`);
const base = viewParams(DEFAULT_VIEW, presetPeriod('last90', dataset.lastOrderDate!));
const cpuMs = (c: NodeJS.CpuUsage) => Math.round((c.user + c.system) / 1000);
const json = (rows: unknown) => JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));

if (Number(values.pairs) > 0) {
  const { VIEW_HISTORY_TABLE, viewHistoryFragments } = await import(`${root}/workers/view-shared.ts`);
  const { substituteShared } = await import(`${root}/src/lib/metrics/shared-sql.ts`);
  const requests = panelRequests(base, DEFAULT_VIEW, dataset, ['repurchase', 'churn', 'segments']) as { ids: string[]; params: object }[];
  // Each statement holding the history, and what the engine runs instead (view-shared.ts: the same substitution).
  const holding = requests
    .flatMap((r) => r.ids.map((id) => ({ id, stmt: findMetric(id).sql(r.params), shared: substituteShared(findMetric(id).sql(r.params), viewHistoryFragments(r.params)) })))
    .filter((h) => h.shared !== h.stmt);
  const timed = async (stmt: unknown) => {
    const c = process.cpuUsage();
    await driver.query(stmt);
    return cpuMs(process.cpuUsage(c));
  };
  const res: Record<string, { own: number[]; shared: number[] }> = {};
  const builds: number[] = [];
  for (let i = 0; i < Number(values.pairs); i++) {
    const c = process.cpuUsage();
    const whole = viewHistoryFragments(base)[0].stmt;
    await driver.query({ text: `CREATE OR REPLACE TABLE ${VIEW_HISTORY_TABLE} AS ${whole.text}`, params: whole.params });
    builds.push(cpuMs(process.cpuUsage(c)));
    for (const h of holding) {
      const r = (res[h.id] ??= { own: [], shared: [] });
      for (const which of i % 2 ? ['shared', 'own'] : ['own', 'shared']) r[which as 'own' | 'shared'].push(await timed(which === 'own' ? h.stmt : h.shared));
    }
  }
  for (const [id, r] of Object.entries(res)) console.error(`${id.padEnd(20)} own ${r.own.join(', ')} shared ${r.shared.join(', ')}`);
  console.error(`build ${builds.join(', ')}`);
  console.log(JSON.stringify({ root, size: values.size, load: loadavg()[0].toFixed(1), builds, res }));
  process.exit(0);
}

const out: { view: string; panel: string; ids: string; wall: number; cpu: number; digests: string[]; own?: boolean[]; ownCpu?: number[] }[] = [];
for (let round = 0; round < Number(values.rounds); round++) {
  for (const [view, params] of [
    ['all stores', { ...base, lookbackDays: 366 + round }],
    ['one store', { ...base, lookbackDays: 366 + round, stores: [dataset.stores[0]] }],
  ] as const) {
    for (const panel of values.panels!.split(',')) {
      for (const req of panelRequests(params, DEFAULT_VIEW, dataset, [panel]) as { ids: string[]; params: object }[]) {
        const t = performance.now();
        const cpu = process.cpuUsage();
        const res = await engine.runMetrics(req.ids, req.params);
        const row = {
          view: `${view} r${round}`,
          panel,
          ids: req.ids.join(','),
          wall: Math.round(performance.now() - t),
          cpu: cpuMs(process.cpuUsage(cpu)),
          digests: [] as string[],
        } as (typeof out)[number];
        for (const id of req.ids) {
          const rows = json(ipcToRows(res[id]));
          row.digests.push(createHash('sha1').update(rows).digest('hex').slice(0, 10));
          if (values.own || values.check) {
            const c = process.cpuUsage();
            const own = json(ipcToRows(await driver.query(findMetric(id).sql(req.params))));
            (row.ownCpu ??= []).push(cpuMs(process.cpuUsage(c)));
            (row.own ??= []).push(own === rows);
          }
        }
        out.push(row);
        const owns = row.own ? ` own ${row.ownCpu!.join('/')} ${row.own.every(Boolean) ? '= own SQL' : 'DIFFERS from own SQL ' + row.own}` : '';
        console.error(`${row.view} ${panel.padEnd(10)} ${row.ids.slice(0, 60).padEnd(60)} wall ${row.wall} cpu ${row.cpu}${owns}`);
      }
    }
  }
}
console.log(JSON.stringify({ root, size: values.size, load: loadavg()[0].toFixed(1), out }));
process.exit(0);
