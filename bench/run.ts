/**
 * `npm run bench [-- --json] [-- --runs N]`: cold start to first KPI and demo load, in headless
 * Chromium for both builds; the same load + KPI SQL on native DuckDB; medians and wasm/native ratio;
 * the BG/NBD + Gamma-Gamma prediction on 100,000 members in the worker (target < 1 s).
 * With --json the last line is one JSON object (for tracking over time).
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { KPI_STRIP } from '../src/lib/metrics/index.ts';
import type { MetricParams } from '../src/lib/metrics/params.ts';
import { openNativeDriver } from '../workers/drivers/native.ts';
import { createEngine } from '../workers/engine.ts';
import { openBrowser, readTiles, serveStatic } from '../test/e2e/harness.ts';
import { machine, resultsTable, scaleBench, writeResults } from './scale.ts';
import { parseSize } from './synthetic-orders.ts';
import { CALIBRATION_END, MODEL_MEMBERS, nativePredict, simulatedOrdersCsv } from './model-fit.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean' },
    runs: { type: 'string', default: '3' },
    /** `250k,1m,10m`: the scale bench (bench/scale.ts) instead of the foundation rows; last line one JSON array. */
    sizes: { type: 'string' },
    'cli-only': { type: 'boolean' },
    /** `import,cli_report`: only these measures (the browser import and its raw read_csv; the CLI report; with --cli-only also `cli_fit`), none of the rest; `refresh`: the import and the store clicks with a per-statement profile. */
    only: { type: 'string' },
    /** The build the scale bench serves (default dist): e.g. a copy of an earlier build, run back to back with this one. */
    dist: { type: 'string', default: 'dist' },
    /** Section of bench/results.md the scale table goes to (e.g. before, after). */
    label: { type: 'string', default: 'latest' },
  },
});
const RUNS = values.sizes ? Math.max(1, Number(values.runs)) : Math.max(3, Number(values.runs));
const log = (...a: unknown[]) => (values.json ? process.stderr.write(`${a.join(' ')}\n`) : console.log(...a));

if (values.sizes) {
  // --cli-only runs no browser: no build to make, no page to serve (the out-of-core check at 100M needs neither).
  const cliOnly = !!values['cli-only'];
  if (!cliOnly && values.dist === 'dist' && !existsSync('dist/index.html')) execSync('npm run build', { stdio: 'inherit' });
  const server = cliOnly ? null : await serveStatic(resolve(values.dist), '/');
  const sizes = values.sizes.split(',').map(parseSize);
  // Other work on this shared machine skews every number: the load average before and after goes into the note.
  const loadBefore = loadavg()[0].toFixed(1);
  const only = values.only?.split(',').map((m) => m.trim());
  const rows = await scaleBench(sizes, RUNS, server?.url ?? '', log, cliOnly, only);
  await server?.close();
  writeResults(
    resolve('bench/results.md'),
    values.label,
    resultsTable(rows),
    `${new Date().toISOString().slice(0, 16)}Z · ${RUNS} run(s), medians · load average ${loadBefore} before, ${loadavg()[0].toFixed(1)} after · ${machine()}`,
  );
  if (values.json) console.log(JSON.stringify(rows));
  else console.log(resultsTable(rows));
  process.exit(0);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (ms: number) => Math.round(ms);

interface BrowserRun {
  coldStartToFirstKpiMs: number;
  demoLoadMs: number;
  kpiSqlMs: number;
}

/** One cold start in a fresh browser profile, then a warm demo reload and a KPI batch timed in the page. */
async function browserRun(url: string, origin: string, params: MetricParams): Promise<BrowserRun> {
  const session = await openBrowser(origin);
  try {
    const t0 = performance.now();
    await session.page.goto(url);
    await readTiles(session.page, 180_000);
    const coldStartToFirstKpiMs = performance.now() - t0;
    const inPage = await session.page.evaluate(
      async ({ params, ids }) => {
        const engine = (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine;
        let t = performance.now();
        await engine.loadDemo();
        const demoLoadMs = performance.now() - t;
        t = performance.now();
        await engine.runMetrics(ids, params);
        return { demoLoadMs, kpiSqlMs: performance.now() - t };
      },
      { params, ids: [...KPI_STRIP] },
    );
    return { coldStartToFirstKpiMs, ...inPage };
  } finally {
    await session.close();
  }
}

async function nativeRun(params: MetricParams) {
  const driver = await openNativeDriver();
  try {
    let t = performance.now();
    const engine = await createEngine(driver);
    const initMs = performance.now() - t;
    t = performance.now();
    await engine.loadDemo();
    const demoLoadMs = performance.now() - t;
    t = performance.now();
    await engine.runMetrics([...KPI_STRIP], params);
    return { initMs, demoLoadMs, kpiSqlMs: performance.now() - t };
  } finally {
    driver.close();
  }
}

function summarise<T extends object>(runs: T[]): Record<keyof T, number> {
  const keys = Object.keys(runs[0]) as (keyof T)[];
  return Object.fromEntries(keys.map((k) => [k, round(median(runs.map((r) => r[k] as number)))])) as Record<keyof T, number>;
}

if (!existsSync('dist/index.html')) execSync('npm run build', { stdio: 'inherit' });
if (!existsSync('dist-portable/index.html')) execSync('npm run build:portable', { stdio: 'inherit' });

// The KPI batch of the default view (近90天 up to the demo's last day).
const params: MetricParams = { from: '2026-08-03', to: '2026-11-01' };

const server = await serveStatic(resolve('dist'), '/');
const hosted: BrowserRun[] = [];
const portable: BrowserRun[] = [];
const native: Awaited<ReturnType<typeof nativeRun>>[] = [];
for (let i = 0; i < RUNS; i++) {
  hosted.push(await browserRun(server.url, new URL(server.url).origin, params));
  portable.push(await browserRun(pathToFileURL(resolve('dist-portable/index.html')).href, 'file://', params));
  native.push(await nativeRun(params));
  log(`run ${i + 1}/${RUNS}`, JSON.stringify({ hosted: hosted[i], portable: portable[i], native: native[i] }));
}
// Model fit on 100,000 members in the worker (hosted build), each run on a fresh page.
const ordersCsv = simulatedOrdersCsv();
const modelRuns: { predictMs: number; fitMs: number; members: number; status: string }[] = [];
const listRuns: { openMs: number; rows: number; worstFrameMs: number; medianFrameMs: number }[] = [];
for (let i = 0; i < RUNS; i++) {
  const session = await openBrowser(new URL(server.url).origin);
  try {
    await session.page.goto(server.url);
    await readTiles(session.page, 180_000);
    modelRuns.push(
      await session.page.evaluate(
        async ({ csv, end }) => {
          const engine = (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine;
          await engine.loadCsvTable('orders', csv);
          const t = performance.now();
          const result = await engine.predict({ calibrationEnd: end, unit: 'day' });
          return { predictMs: performance.now() - t, fitMs: result.timings?.fitMs ?? NaN, members: result.fit?.members ?? 0, status: result.status };
        },
        { csv: ordersCsv, end: CALIBRATION_END },
      ),
    );
    // The member list of all 100k members: time to the first rows, then frame times while scrolling through it.
    const t0 = performance.now();
    await session.page.evaluate(() => (location.hash = '#members?o.list=all'));
    await session.page.waitForFunction(() => Number(document.querySelector('[data-member-count]')?.getAttribute('data-member-count')) > 0, undefined, { timeout: 120_000 });
    const openMs = performance.now() - t0;
    listRuns.push({
      openMs,
      ...(await session.page.evaluate(async () => {
        const rows = Number(document.querySelector('[data-member-count]')!.getAttribute('data-member-count'));
        const scroller = document.querySelector('[data-member-scroller]') as HTMLElement;
        const frames: number[] = [];
        let last = performance.now();
        for (let i = 1; i <= 120; i++) {
          scroller.scrollTop = (scroller.scrollHeight * i) / 120;
          await new Promise((r) => requestAnimationFrame(r));
          const now = performance.now();
          frames.push(now - last);
          last = now;
        }
        frames.sort((a, b) => a - b);
        return { rows, worstFrameMs: frames[frames.length - 1], medianFrameMs: frames[frames.length >> 1] };
      })),
    });
  } finally {
    await session.close();
  }
  log(`model run ${i + 1}/${RUNS}`, JSON.stringify(modelRuns[i]), JSON.stringify(listRuns[i]));
}
await server.close();
const model = {
  members: modelRuns[0].members,
  status: modelRuns[0].status,
  /** BG/NBD + Gamma-Gamma fit alone, in the worker: the < 1 s target. */
  workerFitMs: round(median(modelRuns.map((r) => r.fitMs))),
  /** Everything behind the value panel: summary SQL, fit, per-member predictions, holdout check. */
  workerPredictMs: round(median(modelRuns.map((r) => r.predictMs))),
  ...(await (async () => {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await nativePredict(ordersCsv));
    return { nativeFitMs: round(median(runs.map((r) => r.fitMs))), nativePredictMs: round(median(runs.map((r) => r.predictMs))) };
  })()),
  targetMs: 1000,
};
const memberList = { ...summarise(listRuns), rows: listRuns[0].rows };
if (model.members < MODEL_MEMBERS * 0.99) throw new Error(`the model bench fitted ${model.members} members, expected ~${MODEL_MEMBERS}`);

const result = {
  bench: 'foundation',
  runs: RUNS,
  hosted: summarise(hosted),
  portable: summarise(portable),
  native: summarise(native),
  model,
  memberList,
  ratio: {
    demoLoadWasmOverNative: Number((median(hosted.map((r) => r.demoLoadMs)) / median(native.map((r) => r.demoLoadMs))).toFixed(2)),
    kpiSqlWasmOverNative: Number((median(hosted.map((r) => r.kpiSqlMs)) / median(native.map((r) => r.kpiSqlMs))).toFixed(2)),
  },
};
if (values.json) console.log(JSON.stringify(result));
else {
  console.table({ hosted: result.hosted, portable: result.portable, native: result.native });
  console.log('wasm/native', result.ratio, '\nmodel (100k members)', model, '\nmember list', memberList);
}
process.exit(0);
