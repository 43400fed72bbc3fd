/**
 * The value panel's first paint at scale (issue 14, session 9): `npx tsx bench/value-paint.ts [--size 1m] [--dist dist] [--runs 1]`.
 * One fresh browser per scenario: the synthetic export imported through the UI, the compass ready, then
 *  - `direct`: `#value` at once — ms until something meaningful is painted (a tile with a value, or the
 *    fit's outcome) and until the model parts are painted (the fit's outcome shown, every section out of `loading`);
 *  - `idle`: the same after the user stays 15 s on the compass (what an idle-time prefetch can use);
 *  - `tour`: every dashboard panel by hash link in the scale bench's order (scale-page.ts): each panel's
 *    full paint, so a prefetch that delays other panels shows there;
 *  - `idletour` (session 11): the same tour after 15 s on the compass (what the panels' idle prefetch can use).
 * `--report-rest MS` (session 13): ms on the import report before the compass is opened (a user reading it; the
 * panels are asked ahead from the report on); 0, the default, opens the compass the moment the report shows.
 * Each panel switch also counts the page's main-thread long tasks (PerformanceObserver 'longtask', > 50 ms)
 * from the hash change to the full paint: `long` = [count, longest ms, total ms] per panel.
 * Last line: one JSON object.
 */
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { openBrowser, readTiles, serveStatic } from '../test/e2e/harness.ts';
import { BENCH_PANELS } from './scale-page.ts';
import { DATA_DIR } from './synthetic-orders.ts';
import { presetPeriod } from '../src/lib/view/periods.ts';
import { DEFAULT_VIEW, viewParams } from '../src/lib/view/view-state.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1m' },
    dist: { type: 'string', default: 'dist' },
    runs: { type: 'string', default: '1' },
    scenarios: { type: 'string', default: 'direct,idle,tour' },
    /** ms on the compass before an `idletour` */
    rest: { type: 'string', default: '15000' },
    /** ms on the import report before the compass is opened */
    'report-rest': { type: 'string', default: '0' },
    /**
     * Print the page's and the worker's `[trace]` console lines (JSON with `t` = epoch ms) from --trace-before ms before
     * each switch to these panels (comma list) until its paint: a build instrumented to log them shows what a switch waits for.
     */
    trace: { type: 'string', default: '' },
    /** ms before each traced switch whose lines are printed too (with the page's long tasks and the bench's own steps: report shown, each hash change) */
    'trace-before': { type: 'string', default: '3000' },
  },
});
const file = `${DATA_DIR}/orders-${values.size}.csv`;
const server = await serveStatic(resolve(values.dist), '/');

const MEANINGFUL = '#content [data-panel="value"] [data-metric-id][data-value]:not([data-value=""]), #content [data-panel="value"] [data-prediction-status]';

async function imported(): Promise<{ page: Page; close: () => Promise<void>; importMs: number }> {
  const session = await openBrowser(new URL(server.url).origin);
  const { page } = session;
  traced.length = 0;
  const seen = new Set<string>(); // a worker's line may come both from the page and from the worker
  const keep = (text: string) => {
    if (!text.startsWith('[trace] ') || seen.has(text)) return;
    seen.add(text);
    traced.push(JSON.parse(text.slice(8)) as { t: number });
  };
  page.on('console', (m) => keep(m.text()));
  page.on('worker', (w) => w.on('console', (m) => keep(m.text())));
  // Main-thread tasks over 50 ms, as the browser reports them (session 11: panel switches at 1M).
  await page.addInitScript(() => {
    const tasks: { start: number; ms: number }[] = ((globalThis as unknown as { __longTasks: unknown }).__longTasks = []);
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) tasks.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      // no long-task timing in this browser: counts stay empty
    }
  });
  await page.goto(server.url);
  await readTiles(page, 180_000);
  await page.goto(`${server.url}#import`);
  const t0 = performance.now();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-action="choose-files"]')]);
  await chooser.setFiles([file]);
  await page.waitForSelector('[data-import-file][data-status="ready"]', { timeout: 600_000 });
  await page.click('[data-action="import"]');
  await page.waitForSelector('[data-import-outcome="done"]', { timeout: 1_800_000 });
  const importMs = performance.now() - t0;
  traced.push({ t: Date.now(), k: 'bench', what: 'report shown' } as { t: number });
  if (Number(values['report-rest']) > 0) await new Promise((r) => setTimeout(r, Number(values['report-rest'])));
  traced.push({ t: Date.now(), k: 'bench', what: 'to #compass' } as { t: number });
  await page.evaluate(() => (location.hash = '#compass'));
  await readTiles(page, 600_000);
  await page.waitForSelector('#content [data-panel="compass"][data-status="ready"]', { timeout: 600_000 });
  return { page, close: () => session.close(), importMs };
}

/** The long tasks (> 50 ms) since `since` (page time): [count, longest ms, total ms]. */
const longTasksSince = (page: Page, since: number) =>
  page.evaluate((since) => {
    const tasks = (globalThis as unknown as { __longTasks: { start: number; ms: number }[] }).__longTasks.filter((t) => t.start >= since);
    return [tasks.length, Math.round(Math.max(0, ...tasks.map((t) => t.ms))), Math.round(tasks.reduce((a, t) => a + t.ms, 0))];
  }, since);

/** The `[trace]` lines logged so far in this browser (--trace). */
const traced: { t: number }[] = [];
const tracedPanels = new Set(values.trace!.split(',').filter(Boolean));
async function printTrace(page: Page, panel: string, from: number, to: number) {
  if (!tracedPanels.has(panel)) return;
  // The page's long tasks in the traced span, as trace lines (t: epoch ms).
  const tasks = await page.evaluate(() =>
    (globalThis as unknown as { __longTasks: { start: number; ms: number }[] }).__longTasks.map((e) => ({
      t: Math.round(performance.timeOrigin + e.start),
      k: 'longtask',
      ms: Math.round(e.ms),
    })),
  );
  const had = new Set(traced.filter((e) => (e as { k?: string }).k === 'longtask').map((e) => e.t));
  traced.push(...tasks.filter((e) => !had.has(e.t))); // a second traced panel adds only the tasks since the first
  traced.sort((a, b) => a.t - b.t);
  console.error(`trace ${panel}: switch at ${from}, painted +${to - from} ms`);
  for (const e of traced.filter((e) => e.t >= from - Number(values['trace-before']) && e.t <= to))
    console.error(`  ${e.t - from > 0 ? '+' : ''}${e.t - from}`, JSON.stringify({ ...e, t: undefined }));
}

/** Long tasks per panel switch of the last tour (panel → [count, longest ms, total ms]). */
let long: Record<string, number[]> = {};

/** Hash link → [first meaningful paint, full paint] ms (first = full for panels other than value). */
async function open(page: Page, panel: string): Promise<[number, number]> {
  await page.evaluate(() => document.querySelectorAll('[data-panel]').forEach((e) => e.setAttribute('data-bench-old', '')));
  const since = await page.evaluate(() => performance.now());
  const t = performance.now();
  const epoch = Date.now();
  traced.push({ t: epoch, k: 'bench', what: `to #${panel}` } as { t: number });
  await page.evaluate((h) => (location.hash = h), `#${panel}`);
  const full = () =>
    page.waitForFunction(
      (panel) => {
        if (document.querySelector('[data-bench-old]') || document.querySelector('main')?.getAttribute('data-status') !== 'ready') return false;
        const sections = [...document.querySelectorAll('#content [data-panel]')];
        if (panel === 'value' && !document.querySelector('#content [data-panel="value"] [data-prediction-status]')) return false;
        return sections.length > 0 && sections.every((e) => e.getAttribute('data-status') !== 'loading');
      },
      panel,
      { timeout: 600_000, polling: 16 },
    );
  if (panel !== 'value') {
    await full();
    const ms = performance.now() - t;
    await new Promise((r) => setTimeout(r, 100)); // a long task ending with the paint is reported just after it
    await printTrace(page, panel, epoch, epoch + Math.round(ms));
    long[panel] = await longTasksSince(page, since);
    return [ms, ms];
  }
  await page.waitForFunction((sel) => !document.querySelector('[data-bench-old]') && !!document.querySelector(sel), MEANINGFUL, { timeout: 600_000, polling: 16 });
  const first = performance.now() - t;
  await full();
  const ms = performance.now() - t;
  await new Promise((r) => setTimeout(r, 100));
  long[panel] = await longTasksSince(page, since);
  return [first, ms];
}

const out: Record<string, unknown> = { size: values.size, dist: values.dist, loadBefore: loadavg()[0].toFixed(1) };
for (let run = 0; run < Number(values.runs); run++) {
  for (const scenario of values.scenarios!.split(',')) {
    const s = await imported();
    try {
      if (scenario === 'idle' || scenario === 'profile') await new Promise((r) => setTimeout(r, scenario === 'profile' ? 30_000 : 15_000));
      if (scenario === 'idletour') await new Promise((r) => setTimeout(r, Number(values.rest)));
      if (scenario === 'profile') {
        // What the value panel asks after an idle-time prefetch: its predict (the fit cached: the scope's rows) and the at-risk list, each timed in the page.
        const last = await s.page.evaluate(async () => (await (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine.dataset()).lastOrderDate as string);
        const params = viewParams(DEFAULT_VIEW, presetPeriod('last90', last));
        const ms = await s.page.evaluate(async (params) => {
          const engine = (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine;
          const out: Record<string, number> = {};
          for (const round of [1, 2]) {
            let t = performance.now();
            await engine.predict({ months: 12, monthlyDiscount: 0.01, includeZeroAmount: false }, {}, params);
            out[`predict${round}`] = Math.round(performance.now() - t);
            t = performance.now();
            await engine.memberListPage({ list: 'value_at_risk' }, params, { offset: 0, limit: 20 }, {});
            out[`atRisk${round}`] = Math.round(performance.now() - t);
          }
          return out;
        }, params);
        console.error(scenario, JSON.stringify({ load: loadavg()[0].toFixed(1), ms }));
        ((out[scenario] ??= []) as unknown[]).push(ms);
        continue;
      }
      const panels = scenario === 'tour' || scenario === 'idletour' ? [...BENCH_PANELS] : ['value'];
      const times: Record<string, number[]> = {};
      long = {};
      for (const p of panels) times[p] = (await open(s.page, p)).map(Math.round);
      // The fit's own phases (engine.predict's timings of the cached default fit: summary SQL, fits, holdout, per-member).
      const timings = await s.page.evaluate(async () => {
        const engine = (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine;
        const r = await engine.predict({ months: 12, monthlyDiscount: 0.01, includeZeroAmount: false });
        return Object.fromEntries(Object.entries(r.timings ?? {}).map(([k, v]) => [k, Math.round(v as number)]));
      });
      const rec = { importMs: Math.round(s.importMs), load: loadavg()[0].toFixed(1), times, long, timings };
      console.error(scenario, JSON.stringify(rec));
      ((out[scenario] ??= []) as unknown[]).push(rec);
    } finally {
      await s.close();
    }
  }
}
out.loadAfter = loadavg()[0].toFixed(1);
await server.close();
console.log(JSON.stringify(out));
process.exit(0);
