/**
 * Main-thread long tasks (issue 14: "no main-thread task > 50 ms while importing, switching panels or
 * refreshing"), session 12: `npx tsx bench/longtasks.ts [--size 1m] [--dist dist] [--rest 30000] [--profile]`.
 * One fresh browser: the synthetic export imported through the UI (long tasks counted over the import),
 * the compass ready, `--rest` ms on it, then every dashboard panel by hash link in the scale bench's order
 * (as value-paint.ts `idletour`), then store filter clicks on the compass. Each step waits for the panel
 * ready, every chart on it drawn (`data-drawn`) and 400 ms more, and reports the long tasks
 * (PerformanceObserver 'longtask') since it began: [count > 50 ms, longest ms, total ms].
 * `--profile` (use an unminified build: `npx vite build --minify false --outDir /tmp/x`) also records
 * each step with the CDP Profiler and prints, for every busy stretch of the main thread over 50 ms,
 * the functions with the most self time and the app functions with the most total time in it.
 * Profiling slows the page: measure with it off. `--cpu` appends, per step, the main thread's tasks by
 * thread CPU time (CDP Tracing `RunTask` `tdur`): [count > 50 ms CPU, longest ms CPU, total ms CPU of those];
 * on a loaded machine a task's wall time is stretched by the other processes, its CPU time much less.
 * With `--cpu` the import is traced too, and every main-thread task over `--list` ms CPU (default 50) is printed
 * with what it holds: the trace events inside it by CPU time, and any `console.timeStamp` marks in it (a
 * throwaway build can mark its draws, e.g. `console.timeStamp('draw ' + label)`, to name the chart).
 * Last line: one JSON object.
 */
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { CDPSession } from 'playwright-core';
import { openBrowser, readTiles, serveStatic } from '../test/e2e/harness.ts';
import { BENCH_PANELS } from './scale-page.ts';
import { DATA_DIR, STORES } from './synthetic-orders.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1m' },
    dist: { type: 'string', default: 'dist' },
    rest: { type: 'string', default: '30000' },
    panels: { type: 'string', default: BENCH_PANELS.join(',') },
    profile: { type: 'boolean', default: false },
    /** Also trace each step (CDP Tracing) and report the main thread's tasks by thread CPU time (`tdur`): a loaded machine stretches wall time, not CPU. */
    cpu: { type: 'boolean', default: false },
    top: { type: 'string', default: '12' },
    clicks: { type: 'string', default: '2' },
    /** With --cpu: print every main-thread task over this many ms CPU, with what it holds. */
    list: { type: 'string', default: '50' },
    /** With --cpu: also print every main-thread task over this many ms wall, with what it holds by wall and CPU time. */
    'list-wall': { type: 'string' },
  },
});
const file = `${DATA_DIR}/orders-${values.size}.csv`;
const server = await serveStatic(resolve(values.dist), '/');

const session = await openBrowser(new URL(server.url).origin);
const { page } = session;
await page.addInitScript(() => {
  const tasks: { start: number; ms: number }[] = ((globalThis as unknown as { __longTasks: unknown }).__longTasks = []);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
});
const cdp: CDPSession = await page.context().newCDPSession(page);

const now = () => page.evaluate(() => performance.now());
const longTasksSince = (since: number) =>
  page.evaluate((since) => {
    const tasks = (globalThis as unknown as { __longTasks: { start: number; ms: number }[] }).__longTasks.filter((t) => t.start >= since);
    return [tasks.length, Math.round(Math.max(0, ...tasks.map((t) => t.ms))), Math.round(tasks.reduce((a, t) => a + t.ms, 0))];
  }, since);

/** Panel ready, nothing loading, every chart drawn; then 400 ms for a last task to be reported. */
async function settled(panel: string): Promise<void> {
  await page.waitForFunction(
    (panel) => {
      if (document.querySelector('[data-bench-old]') || document.querySelector('main')?.getAttribute('data-status') !== 'ready') return false;
      const sections = [...document.querySelectorAll('#content [data-panel]')];
      if (panel === 'value' && !document.querySelector('#content [data-panel="value"] [data-prediction-status]')) return false;
      if (!sections.length || sections.some((e) => e.getAttribute('data-status') === 'loading')) return false;
      return [...document.querySelectorAll('#content [data-chart]')].every((c) => c.getAttribute('data-drawn') === 'true');
    },
    panel,
    { timeout: 600_000, polling: 50 },
  );
  await new Promise((r) => setTimeout(r, 400));
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  ts: number;
  args?: { name?: string; data?: { functionName?: string; message?: string; url?: string; type?: string } };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const short = (f: ProfileNode['callFrame']) => `${f.functionName || '(anon)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}`;

/** Busy stretches (samples not idle / GC-free program) over 50 ms: top self and app-total functions in each. */
function analyse(profile: Profile, label: string): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const idle = (id: number) => ['(idle)', '(program)', '(root)'].includes(byId.get(id)!.callFrame.functionName);
  let t = 0;
  const times = profile.timeDeltas.map((d) => (t += d));
  const top = Number(values.top);
  let i = 0;
  while (i < profile.samples.length) {
    if (idle(profile.samples[i])) {
      i++;
      continue;
    }
    let j = i;
    // A stretch: busy samples with gaps of idle under 2 ms (a task's microtasks and paint).
    while (j + 1 < profile.samples.length && (!idle(profile.samples[j + 1]) || (times[j + 1] - times[j] < 2000 && j + 2 < profile.samples.length && !idle(profile.samples[j + 2]))))
      j++;
    const ms = (times[j] - times[i]) / 1000;
    if (ms > 50) {
      const self = new Map<string, number>();
      const total = new Map<string, number>();
      for (let k = i; k <= j; k++) {
        const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
        const leaf = byId.get(profile.samples[k])!;
        self.set(short(leaf.callFrame), (self.get(short(leaf.callFrame)) ?? 0) + dt);
        const seen = new Set<string>();
        for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
          const f = byId.get(id)!.callFrame;
          if (!f.url.includes('/assets/') || /echarts|vendor/.test(f.url)) continue;
          const key = short(f);
          if (seen.has(key)) continue;
          seen.add(key);
          total.set(key, (total.get(key) ?? 0) + dt);
        }
      }
      const fmt = (m: Map<string, number>) =>
        [...m]
          .sort((a, b) => b[1] - a[1])
          .slice(0, top)
          .map(([k, v]) => `      ${v.toFixed(1).padStart(7)} ms  ${k}`)
          .join('\n');
      console.error(`  [${label}] busy ${ms.toFixed(0)} ms at +${(times[i] / 1000).toFixed(0)} ms\n    self:\n${fmt(self)}\n    app total:\n${fmt(total)}`);
    }
    i = j + 1;
  }
}

const TRACE_CATEGORIES = 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline,v8';
const startTrace = () => cdp.send('Tracing.start', { categories: TRACE_CATEGORIES, transferMode: 'ReportEvents' });

/** What an event names: a function call's function, a timeStamp's message, an event dispatch's type, a script's file. */
function what(e: TraceEvent): string {
  const d = e.args?.data;
  const extra = d?.functionName || d?.message || d?.type || (d?.url ? d.url.replace(/^.*\//, '') : '');
  return extra ? `${e.name} ${extra}` : e.name;
}

/**
 * Ends the trace begun by startTrace; prints every main-thread task over --list ms CPU with the events inside
 * it (by name, nested ones counted again, CPU ms) and the timeStamp marks in it; returns
 * [count > 50 ms CPU, longest ms CPU, total ms CPU of those].
 */
async function endTrace(label: string): Promise<number[]> {
  const events: TraceEvent[] = [];
  const onData = (e: { value: unknown[] }) => void events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', onData);
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', onData);
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => main.has(`${e.pid}:${e.tid}`));
  const timed = onMain.filter((e) => e.ph === 'X' && typeof e.tdur === 'number');
  const marks = onMain.filter((e) => e.name === 'TimeStamp');
  const tasks = timed.filter((e) => e.name === 'RunTask');
  const cpu = tasks.map((e) => e.tdur! / 1000);
  const list = Number(values.list);
  for (const t of tasks.filter((e) => e.tdur! > list * 1000)) {
    const end = t.ts + (t.dur ?? 0);
    const inside = new Map<string, number>();
    for (const e of timed) {
      if (e === t || e.ts < t.ts || e.ts + (e.dur ?? 0) > end) continue;
      inside.set(what(e), (inside.get(what(e)) ?? 0) + e.tdur! / 1000);
    }
    const top = [...inside].sort((a, b) => b[1] - a[1]).slice(0, 8);
    const named = marks.filter((m) => m.ts >= t.ts && m.ts <= end).map((m) => m.args?.data?.message);
    console.error(
      `  [${label}] task ${(t.tdur! / 1000).toFixed(0)} ms CPU (${((t.dur ?? 0) / 1000).toFixed(0)} wall)${named.length ? ` marks: ${named.join(', ')}` : ''}: ${top.map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' | ')}`,
    );
  }
  if (values['list-wall'] !== undefined) {
    const wallList = Number(values['list-wall']);
    for (const t of tasks.filter((e) => (e.dur ?? 0) > wallList * 1000)) {
      const end = t.ts + (t.dur ?? 0);
      const inside = new Map<string, [number, number]>();
      for (const e of timed) {
        if (e === t || e.ts < t.ts || e.ts + (e.dur ?? 0) > end) continue;
        const [w, c] = inside.get(what(e)) ?? [0, 0];
        inside.set(what(e), [w + (e.dur ?? 0) / 1000, c + e.tdur! / 1000]);
      }
      const top = [...inside].sort((a, b) => b[1][0] - a[1][0]).slice(0, 12);
      const named = marks.filter((m) => m.ts >= t.ts && m.ts <= end).map((m) => m.args?.data?.message);
      console.error(
        `  [${label}] wall task ${((t.dur ?? 0) / 1000).toFixed(0)} ms wall (${(t.tdur! / 1000).toFixed(0)} CPU)${named.length ? ` marks: ${named.join(', ')}` : ''}: ${top.map(([k, [w, c]]) => `${k} ${w.toFixed(0)}w/${c.toFixed(0)}c`).join(' | ')}`,
      );
    }
  }
  const over = cpu.filter((ms) => ms > 50);
  return [over.length, Math.round(Math.max(0, ...cpu)), Math.round(over.reduce((a, b) => a + b, 0))];
}

async function step<T>(label: string, panel: string, act: () => Promise<T>, click = false): Promise<number[]> {
  const orders = () => page.getAttribute('[data-kpi-strip] [data-metric-id="orders"]', 'data-value');
  const before = click ? await orders() : null;
  if (!click) await page.evaluate(() => document.querySelectorAll('[data-panel]').forEach((e) => e.setAttribute('data-bench-old', '')));
  if (values.profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  if (values.cpu) await startTrace();
  const since = await now();
  await act();
  if (click) {
    await page.waitForFunction(
      (prev) => {
        const v = document.querySelector('[data-kpi-strip] [data-metric-id="orders"]')?.getAttribute('data-value');
        return !!v && v !== prev;
      },
      before,
      { timeout: 600_000, polling: 16 },
    );
  }
  await settled(panel);
  const long = await longTasksSince(since);
  if (values.profile) {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    analyse(profile, label);
  }
  if (values.cpu) long.push(...(await endTrace(label)));
  console.error(`${label}: ${JSON.stringify(long)}`);
  return long;
}

const out: Record<string, unknown> = { size: values.size, dist: values.dist, loadBefore: loadavg()[0].toFixed(1) };
await page.goto(server.url);
await readTiles(page, 180_000);
await page.goto(`${server.url}#import`);
if (values.cpu) await startTrace();
const importSince = await now();
const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-action="choose-files"]')]);
await chooser.setFiles([file]);
await page.waitForSelector('[data-import-file][data-status="ready"]', { timeout: 600_000 });
await page.click('[data-action="import"]');
await page.waitForSelector('[data-import-outcome="done"]', { timeout: 1_800_000 });
out.import = await longTasksSince(importSince);
if (values.cpu) (out.import as number[]).push(...(await endTrace('import')));
console.error(`import: ${JSON.stringify(out.import)}`);
out.compass = await step('compass (after import)', 'compass', () => page.evaluate(() => (location.hash = '#compass')));
await new Promise((r) => setTimeout(r, Number(values.rest)));
const panels: Record<string, number[]> = {};
for (const p of values.panels!.split(',')) panels[p] = await step(p, p, () => page.evaluate((h) => (location.hash = h), `#${p}`));
out.panels = panels;
if (!values.panels!.split(',').includes('compass') || values.panels!.split(',').at(-1) !== 'compass')
  await step('compass', 'compass', () => page.evaluate(() => (location.hash = '#compass')));
const clicks: number[][] = [];
for (let r = 0; r < Number(values.clicks); r++)
  for (const store of [STORES[r], '']) {
    await new Promise((r) => setTimeout(r, 3000));
    clicks.push(await step(`click ${store || 'all'}`, 'compass', () => page.selectOption('[data-filter="store"]', store), true));
  }
out.clicks = clicks;
out.loadAfter = loadavg()[0].toFixed(1);
await session.close();
await server.close();
console.log(JSON.stringify(out));
process.exit(0);
