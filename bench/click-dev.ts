/**
 * Filter-click profiling at scale without re-importing every time (session 9, `click`): a persistent
 * Chromium profile keeps the imported dataset in OPFS, so a rebuilt `dist` is measured on the same
 * 1M orders after a restore. Each store click is timed to the strip's orders tile and to the compass
 * panel ready, as bench/scale.ts times them; `--cpuprofile FILE` records the main thread (CDP
 * Profiler) over one click and prints the functions with the most self time.
 *
 *   npx tsx bench/click-dev.ts --dist dist --file bench/.data/orders-1m.csv [--cpuprofile /tmp/x.cpuprofile]
 *
 * CLICK_CONSOLE=1 prints the page's and the worker's console lines that start with "[" and each click's
 * start on the page clock (ms mod 10^6 of performance.timeOrigin + now), to line up a build that logs
 * its statements' times (session 10 used a throwaway `[sql]` / `[call]` log in workers/engine.ts).
 * `--during-fit MS` (session 10, fit worker): after the settle, a fit is asked (engine.prefetchPrediction,
 * the value panel's defaults with zero-amount orders counted: a fit the page itself has not made or
 * prefetched in this session) and the clicks start MS ms later, while it runs; the log says when it ended.
 * Session 11 (`fitclick`) saw what a click waits for with a throwaway `[sec]` line per engine section
 * (workers/engine.ts `exclusive`: request id, ms waited in the queue, ms run) and CLICK_CONSOLE=1: the
 * fit's summary SQL ran as one section of 4–6 s at load 16; since then it runs in parts of 0.15–0.8 s.
 * Note that the page's own idle fit (the value panel's defaults, asked ~8 s after the view rests) may
 * run beside the one asked here: both fits' sections then take turns with the clicks.
 * Session 12 (`fit`): with a build whose engine logs its sections as
 *   `[sec] <request id>[ P] start <ms mod 10^6 of timeOrigin + now> q <ms queued> run <ms>`
 * (a throwaway line at the end of workers/engine.ts `exclusive`'s finally; " P" for a prefetch's section)
 * and CLICK_CONSOLE=1, each click's line is followed by what it waited for: the sections that ran between
 * the click and its strip (longest first; "before" = started before the click).
 */
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM_PATH, serveStatic } from '../test/e2e/harness.ts';
import { STORES } from './synthetic-orders.ts';
import { parseSection, waitedFor, type Section } from './click-sections.ts';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    file: { type: 'string', default: 'bench/.data/orders-1m.csv' },
    rows: { type: 'string', default: '1000000' },
    port: { type: 'string', default: '4817' },
    profile: { type: 'string', default: '/tmp/click-chrome-profile' },
    cpuprofile: { type: 'string' },
    trace: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    panel: { type: 'string', default: 'compass' },
    'during-fit': { type: 'string' },
    /** ms to rest before each click (session 12): the idle prefetches are then mid-statement when the click lands. */
    gap: { type: 'string', default: '0' },
    /** Session 14: trace the first click of round 0 (CDP Tracing) into this file and print its main-thread tasks over 15 ms. */
    'trace-first': { type: 'string' },
  },
});

const server = await serveStatic(resolve(values.dist!), '/', Number(values.port));
const context = await chromium.launchPersistentContext(values.profile!, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  viewport: { width: 1366, height: 768 },
  locale: 'zh-CN',
  // The app's service worker would serve the build it cached first: every run measures the build it serves.
  serviceWorkers: 'block',
});
const page = context.pages()[0] ?? (await context.newPage());
/** The engine's sections logged so far (see the header). */
const sections: Section[] = [];
if (process.env.CLICK_CONSOLE)
  page.on('console', (m) => {
    const text = m.text();
    if (!text.startsWith('[')) return;
    console.error('      ' + text);
    const section = parseSection(text);
    if (section) sections.push(section);
  });
page.on('pageerror', (e) => console.error('pageerror', String(e).slice(0, 300)));
const url = server.url;

/** Starts a Chromium trace on `cdp` (the timeline categories plus `extra`); the function returned ends it and gives its events. */
async function startTrace(cdp: CDPSession, extra: readonly string[]): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  const collect = (e: { value: unknown[] }) => events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', ...extra, 'toplevel', '__metadata'] },
  });
  return async () => {
    await cdp.send('Tracing.end');
    await done;
    cdp.off('Tracing.dataCollected', collect);
    return events;
  };
}

async function ordersCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const engine = (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine;
    return (await engine.dataset()).tables.orders as number;
  });
}

async function ready(page: Page, timeout = 600_000) {
  await page.waitForSelector('main[data-status="ready"] [data-kpi-strip] [data-metric-id="orders"][data-value]:not([data-value=""])', { timeout });
}

try {
  let t = performance.now();
  await page.goto(`${url}#${values.panel}`);
  await ready(page);
  const n = await ordersCount(page);
  console.error(`opened with ${n} orders in ${Math.round(performance.now() - t)} ms`);
  if (n < Number(values.rows) * 0.9) {
    await page.goto(`${url}#import`);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-action="choose-files"]')]);
    await chooser.setFiles([resolve(values.file!)]);
    await page.waitForSelector('[data-import-file][data-status="ready"]', { timeout: 600_000 });
    t = performance.now();
    await page.click('[data-action="import"]');
    await page.waitForSelector('[data-import-outcome="done"]', { timeout: 1_800_000 });
    console.error(`imported in ${Math.round(performance.now() - t)} ms; waiting for the save`);
    await page.waitForSelector('[data-saving="false"][data-saved-storage]:not([data-saved-storage=""])', { timeout: 1_800_000 });
    await page.goto(`${url}#${values.panel}`);
    await ready(page);
  }
  if (values.panel === 'compass') await page.waitForSelector('#content [data-panel="compass"][data-status="ready"]', { timeout: 600_000 });
  // Settle: whatever the open started (the panel's first answers, a restore's follow-up work) ends first.
  await page.waitForTimeout(Number(process.env.CLICK_SETTLE_MS ?? 5000));

  // The click's timeline: each engine call posted and each reply, ms after the click (page clock).
  await page.evaluate(() => {
    const g = globalThis as unknown as { __t0: number; __log: string[]; __hooked?: boolean };
    g.__log = [];
    g.__t0 = performance.now();
    if (g.__hooked) return;
    g.__hooked = true;
    // The select's change event, created (its timeStamp: the browser's input time) and handled: what of a click is the bench's own driving (session 16).
    document.addEventListener('change', (e) => g.__log.push(`${(e.timeStamp - g.__t0).toFixed(0)} change created, ${(performance.now() - g.__t0).toFixed(0)} handled`), {
      capture: true,
    });
    const seen = new WeakSet<Worker>();
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      if (!seen.has(this)) {
        seen.add(this);
        this.addEventListener('message', (e) => {
          const bytes = JSON.stringify(e.data, (_k, v) => (v instanceof Uint8Array ? v.byteLength : v))?.length ?? 0;
          g.__log.push(`${(performance.now() - g.__t0).toFixed(0)} reply#${String((e.data as { id?: string } | null)?.id ?? '?').slice(0, 4)} ${bytes}B`);
        });
      }
      const m = message as { type?: string; path?: string[]; argumentList?: { value?: unknown }[] } | null;
      if (m?.type === 'APPLY')
        g.__log.push(`${(performance.now() - g.__t0).toFixed(0)} post ${m.path?.join('.')} ${JSON.stringify(m.argumentList?.[0]?.value ?? '').slice(0, 60)}`);
      return (post as (...a: unknown[]) => void).call(this, message, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
  const click = async (store: string, label: string) => {
    if (Number(values.gap)) await page.waitForTimeout(Number(values.gap));
    await page.evaluate(() => {
      const g = globalThis as unknown as { __t0: number; __log: string[] };
      g.__log = [];
      g.__t0 = performance.now();
    });
    const before = await page.getAttribute('[data-kpi-strip] [data-metric-id="orders"]', 'data-value');
    const t = performance.now();
    await page.selectOption('[data-filter="store"]', store);
    await page
      .waitForFunction(
        (prev) => {
          const orders = document.querySelector('[data-kpi-strip] [data-metric-id="orders"]')?.getAttribute('data-value');
          return !!orders && orders !== prev && document.querySelector('main')?.getAttribute('data-status') === 'ready';
        },
        before,
        { timeout: Number(process.env.CLICK_TIMEOUT_MS ?? 600_000), polling: 16 },
      )
      .catch(async (e) => {
        const state = await page.evaluate(() => ({
          main: document.querySelector('main')?.getAttribute('data-status'),
          orders: document.querySelector('[data-kpi-strip] [data-metric-id="orders"]')?.getAttribute('data-value'),
          panels: [...document.querySelectorAll('#content [data-panel]')].map((p) => `${p.getAttribute('data-panel')}=${p.getAttribute('data-status')}`),
          hash: location.hash,
          log: (globalThis as unknown as { __log: string[] }).__log,
          error: document.querySelector('[role="alert"]')?.textContent,
        }));
        throw new Error(`click ${store}: ${JSON.stringify(state)}`, { cause: e });
      });
    const strip = performance.now() - t;
    const t0abs = process.env.CLICK_CONSOLE ? Number(await page.evaluate(() => ((performance.timeOrigin + (globalThis as unknown as { __t0: number }).__t0) % 1e6).toFixed(0))) : 0;
    if (process.env.CLICK_CONSOLE) console.error('   page t0 abs ' + t0abs);
    await page.waitForFunction(() => [...document.querySelectorAll('#content [data-panel]')].every((e) => e.getAttribute('data-status') !== 'loading'), undefined, {
      timeout: 600_000,
      polling: 16,
    });
    const panel = performance.now() - t;
    const during = values['during-fit'] ? await page.evaluate(() => ((globalThis as unknown as { __fitEnd?: number }).__fitEnd === undefined ? ' (fit running)' : '')) : '';
    console.error(`${label} ${store || '(all)'}: strip ${Math.round(strip)} ms, panel ${Math.round(panel)} ms${during}`);
    if (sections.length) console.error(`   waited for (section ms within the strip's wait): ${waitedFor(sections, t0abs, strip)}`);
    if (process.env.CLICK_LOG) console.error('   ' + (await page.evaluate(() => (globalThis as unknown as { __log: string[] }).__log.join(' | '))));
    return { strip, panel };
  };

  const fitStart = performance.now();
  if (values['during-fit']) {
    await page.evaluate(() => {
      const g = globalThis as unknown as { storeCompass: { engine: any }; __fitEnd?: number; __fitStart: number };
      g.__fitStart = performance.now();
      void g.storeCompass.engine
        .prefetchPrediction({ months: 12, monthlyDiscount: 0.01, includeZeroAmount: true }, { requestId: 'bench-during-fit' })
        .then(() => (g.__fitEnd = performance.now() - g.__fitStart));
    });
    await page.waitForTimeout(Number(values['during-fit']));
    console.error(`clicks start ${values['during-fit']} ms after the fit was asked`);
  }
  const out: { strip: number; panel: number }[] = [];
  const rounds = Number(values.rounds);
  const load = loadavg()[0].toFixed(1);
  // Fresh stores first (no cached answers), then the same stores again (every answer cached).
  for (let r = 0; r < rounds; r++) {
    for (const store of [STORES[r * 2], STORES[r * 2 + 1], '']) {
      if (r === 0 && store === STORES[0] && values['trace-first']) {
        const cdp = await context.newCDPSession(page);
        // The trace spans the gap before the click too (click() waits it): what runs when the click lands.
        const stop = await startTrace(cdp, []);
        const t0 = await page.evaluate(() => performance.timeOrigin + performance.now());
        const clicked = await click(store, `round ${r} (traced)`);
        out.push(clicked);
        const events = await stop();
        writeFileSync(values['trace-first'], JSON.stringify({ traceEvents: events }));
        summariseTrace(events, 'first click', clicked.panel);
        listMainTasks(events, t0);
        continue;
      }
      out.push(await click(store, `round ${r}`));
    }
  }
  for (const store of [STORES[0], '']) out.push(await click(store, 'cached'));
  if (values.cpuprofile) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    for (const [store, tag] of [
      [STORES[6], 'fresh'],
      [STORES[1], 'cached'],
    ] as const) {
      await cdp.send('Profiler.start');
      await click(store, `profiled ${tag}`);
      await page.waitForTimeout(300);
      const { profile } = await cdp.send('Profiler.stop');
      const file = values.cpuprofile.replace(/(\.cpuprofile)?$/, `-${tag}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      summarise({ nodes: profile.nodes as ProfileNode[], samples: profile.samples ?? [], timeDeltas: profile.timeDeltas ?? [] }, tag);
    }
  }
  if (values.trace) {
    const cdp = await context.newCDPSession(page);
    for (const [store, tag] of [
      [STORES[7], 'fresh'],
      [STORES[0], 'cached'],
    ] as const) {
      const stop = await startTrace(cdp, ['cc', 'gpu']);
      const clicked = await click(store, `traced ${tag}`);
      const events = await stop();
      writeFileSync(values.trace.replace(/(\.json)?$/, `-${tag}.json`), JSON.stringify({ traceEvents: events }));
      summariseTrace(events, tag, clicked.panel);
    }
  }
  if (values['during-fit']) {
    const clicksEnd = performance.now() - fitStart;
    const fitEnd = await page.waitForFunction(() => (globalThis as unknown as { __fitEnd?: number }).__fitEnd, undefined, { timeout: 600_000, polling: 100 });
    console.error(`fit ended ${Math.round((await fitEnd.jsonValue()) as number)} ms after it was asked; the clicks ended at ${Math.round(clicksEnd)} ms`);
  }
  console.error(`load average ${load} before, ${loadavg()[0].toFixed(1)} after`);
  console.log(JSON.stringify(out.map((o) => [Math.round(o.strip), Math.round(o.panel)])));
} finally {
  await context.close();
  await server.close();
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
function summarise(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, tag: string): void {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byName = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    const f = node.callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(program)') {
      idle += us;
      if (f.functionName === '(idle)') continue;
    }
    total += us;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
    byName.set(key, (byName.get(key) ?? 0) + us);
  }
  console.error(`--- ${tag}: busy ${(total / 1000).toFixed(0)} ms (idle+program ${(idle / 1000).toFixed(0)} ms)`);
  for (const [k, us] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.error(`${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`);
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; type?: string } };
}

/** The renderer main thread's tasks over 15 ms wall during a traced click: start after the click (page clock, ms), wall, CPU, and the heaviest events in each. */
function listMainTasks(events: TraceEvent[], t0Ms: number): void {
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => main.has(`${e.pid}:${e.tid}`) && e.ph === 'X');
  // Trace ts are µs on a monotonic clock; line them up with the first event after the click starts.
  const first = Math.min(...onMain.map((e) => e.ts));
  const what = (e: TraceEvent) => {
    const d = e.args?.data;
    const extra = d?.functionName || d?.type || (d?.url ? d.url.replace(/^.*\//, '') : '');
    return extra ? `${e.name} ${extra}` : e.name;
  };
  for (const t of onMain.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 15_000)) {
    const end = t.ts + (t.dur ?? 0);
    const inside = new Map<string, number>();
    for (const e of onMain) if (e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= end) inside.set(what(e), (inside.get(what(e)) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
    const top = [...inside].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.error(
      `   task +${((t.ts - first) / 1000).toFixed(0)} ms: ${((t.dur ?? 0) / 1000).toFixed(0)} wall, ${((t.tdur ?? 0) / 1000).toFixed(0)} CPU: ${top.map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' | ')}`,
    );
  }
  void t0Ms;
}
/** Per thread of the renderer: busy ms (top-level tasks) and the heaviest event names by inclusive ms. */
function summariseTrace(events: TraceEvent[], tag: string, windowMs: number): void {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const start = Math.min(...events.filter((e) => e.ph === 'X' && e.ts > 0).map((e) => e.ts));
  const byThread = new Map<string, Map<string, number>>();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const key = `${names.get(`${e.pid}:${e.tid}`) ?? '?'} ${e.pid}:${e.tid}`;
    const m = byThread.get(key) ?? new Map<string, number>();
    m.set(e.name, (m.get(e.name) ?? 0) + e.dur / 1000);
    byThread.set(key, m);
  }
  console.error(`--- trace ${tag} (panel ${Math.round(windowMs)} ms; trace span ${((Math.max(...events.map((e) => e.ts)) - start) / 1000).toFixed(0)} ms)`);
  for (const [thread, m] of [...byThread].sort((a, b) => (b[1].get('RunTask') ?? 0) - (a[1].get('RunTask') ?? 0))) {
    const top = [...m].sort((a, b) => b[1] - a[1]).slice(0, 12);
    if ((top[0]?.[1] ?? 0) < 5) continue;
    console.error(`${thread}: ${top.map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')}`);
  }
}
