/**
 * 10M in one tab, compute and clicks (issue 14, session 11): on a persistent Chromium profile that already holds
 * the imported orders in OPFS (seed it once with bench/click-dev.ts --file bench/.data/orders-10m.csv --rows 10000000
 * --profile P), the dataset is restored and then
 *  - `tour`: every dashboard panel by hash link (scale-page.ts BENCH_PANELS order): ms until every section has left
 *    `loading`, and which sections ended in `error` (their text: an out-of-memory shows there);
 *  - `clicks`: on the compass, store clicks (two fresh stores, all stores, one store again = cached, all stores
 *    again) and channel clicks (each channel fresh, all channels, the first channel again = cached), each timed to
 *    the strip's orders tile changing and to every panel section out of `loading` (as bench/click-dev.ts);
 *  - the renderers' peak RSS over the whole run, sampled each second (bench/scale.ts's measure).
 *
 *   nice npx tsx bench/tab-10m.ts --dist dist --profile /tmp/p [--rows 10000000] [--scenarios tour,clicks]
 *
 * Last line: one JSON object.
 */
import { chromium, type Page } from 'playwright-core';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM_PATH, serveStatic } from '../test/e2e/harness.ts';
import { rendererRssMb } from './renderer-memory.ts';
import { BENCH_PANELS } from './scale-page.ts';
import { STORES } from './synthetic-orders.ts';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    rows: { type: 'string', default: '10000000' },
    port: { type: 'string', default: '4827' },
    profile: { type: 'string', default: '/tmp/tenm/profile-10m' },
    scenarios: { type: 'string', default: 'tour,clicks' },
    settle: { type: 'string', default: '5000' },
    /** Rest before each channel click (default: --settle): the by-channel prefetch needs longer at 10M. */
    'channel-settle': { type: 'string' },
  },
});

let peak = 0;
let phasePeak = 0;
const sampler = setInterval(() => {
  const mb = rendererRssMb();
  peak = Math.max(peak, mb);
  phasePeak = Math.max(phasePeak, mb);
}, 1000);
const takePhasePeak = () => {
  const p = Math.max(phasePeak, rendererRssMb());
  phasePeak = 0;
  return Math.round(p);
};

const server = await serveStatic(resolve(values.dist!), '/', Number(values.port));
const context = await chromium.launchPersistentContext(values.profile!, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  viewport: { width: 1366, height: 768 },
  locale: 'zh-CN',
  serviceWorkers: 'block',
});
const page = context.pages()[0] ?? (await context.newPage());
page.on('pageerror', (e) => console.error('pageerror', String(e).slice(0, 300)));
const out: Record<string, unknown> = { dist: values.dist, loadBefore: loadavg()[0].toFixed(1) };
const LONG = 1_800_000;

async function sectionsState(page: Page) {
  return page.evaluate(() => ({
    sections: [...document.querySelectorAll('#content [data-panel]')].map((p) => `${p.getAttribute('data-panel')}=${p.getAttribute('data-status')}`),
    errors: [...document.querySelectorAll('#content [data-panel][data-status="error"], #content [role="alert"]')].map((e) => e.textContent?.trim().slice(0, 300)),
  }));
}

async function openPanel(page: Page, panel: string): Promise<number> {
  await page.evaluate(() => document.querySelectorAll('[data-panel]').forEach((e) => e.setAttribute('data-bench-old', '')));
  const t = performance.now();
  await page.evaluate((h) => (location.hash = h), `#${panel}`);
  await page.waitForFunction(
    () => {
      if (document.querySelector('[data-bench-old]') || document.querySelector('main')?.getAttribute('data-status') !== 'ready') return false;
      const sections = [...document.querySelectorAll('#content [data-panel]')];
      return sections.length > 0 && sections.every((e) => e.getAttribute('data-status') !== 'loading');
    },
    undefined,
    { timeout: LONG, polling: 16 },
  );
  return performance.now() - t;
}

async function click(page: Page, filter: 'store' | 'channel', value: string, label: string) {
  const before = await page.getAttribute('[data-kpi-strip] [data-metric-id="orders"]', 'data-value');
  const t = performance.now();
  await page.selectOption(`[data-filter="${filter}"]`, value);
  await page.waitForFunction(
    (prev) => {
      const orders = document.querySelector('[data-kpi-strip] [data-metric-id="orders"]')?.getAttribute('data-value');
      return !!orders && orders !== prev && document.querySelector('main')?.getAttribute('data-status') === 'ready';
    },
    before,
    { timeout: LONG, polling: 16 },
  );
  const strip = performance.now() - t;
  await page.waitForFunction(() => [...document.querySelectorAll('#content [data-panel]')].every((e) => e.getAttribute('data-status') !== 'loading'), undefined, {
    timeout: LONG,
    polling: 16,
  });
  const panel = performance.now() - t;
  const state = await sectionsState(page);
  const rec = { filter, value: value || '(all)', label, strip: Math.round(strip), panel: Math.round(panel), load: loadavg()[0].toFixed(1), errors: state.errors };
  console.error(JSON.stringify(rec));
  return rec;
}

try {
  let t = performance.now();
  await page.goto(`${server.url}#compass`);
  await page.waitForSelector('main[data-status="ready"] [data-kpi-strip] [data-metric-id="orders"][data-value]:not([data-value=""])', { timeout: LONG });
  const n = await page.evaluate(async () => (await (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine.dataset()).tables.orders as number);
  if (n < Number(values.rows) * 0.9) throw new Error(`the profile holds ${n} orders: seed it first (bench/click-dev.ts)`);
  await page.waitForSelector('#content [data-panel="compass"][data-status="ready"]', { timeout: LONG });
  out.openMs = Math.round(performance.now() - t);
  out.openPeakMb = takePhasePeak();
  console.error(`restored ${n} orders, compass ready in ${out.openMs} ms, peak ${out.openPeakMb} MB, load ${loadavg()[0].toFixed(1)}`);
  await page.waitForTimeout(Number(values.settle));

  if (values.scenarios!.includes('tour')) {
    const tour: Record<string, unknown>[] = [];
    for (const panel of BENCH_PANELS) {
      t = performance.now();
      let ms: number | string;
      try {
        ms = Math.round(await openPanel(page, panel));
      } catch (e) {
        ms = `timeout after ${Math.round(performance.now() - t)} ms: ${String(e).slice(0, 120)}`;
      }
      const state = await sectionsState(page);
      const rec = { panel, ms, peakMb: takePhasePeak(), load: loadavg()[0].toFixed(1), ...state };
      console.error(JSON.stringify(rec));
      tour.push(rec);
    }
    out.tour = tour;
  }

  if (values.scenarios!.includes('clicks')) {
    if (!(await page.evaluate(() => location.hash.startsWith('#compass')))) await openPanel(page, 'compass');
    await page.waitForTimeout(Number(values.settle));
    const clicks = [];
    for (const [store, label] of [
      [STORES[0], 'fresh'],
      [STORES[1], 'fresh'],
      ['', 'all'],
      [STORES[0], 'cached'],
      ['', 'all cached'],
    ] as const) {
      clicks.push(await click(page, 'store', store, label));
      await page.waitForTimeout(Number(values.settle));
    }
    await page.waitForTimeout(Number(values['channel-settle'] ?? values.settle) - Number(values.settle));
    const channels = await page.$$eval('[data-filter="channel"] option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    for (const [channel, label] of [
      [channels[0], 'fresh'],
      [channels[1] ?? channels[0], 'fresh'],
      ['', 'all'],
      [channels[0], 'cached'],
      ['', 'all cached'],
    ] as const) {
      clicks.push(await click(page, 'channel', channel, label));
      await page.waitForTimeout(Number(values['channel-settle'] ?? values.settle));
    }
    out.clicks = clicks;
    out.clicksPeakMb = takePhasePeak();
  }
} finally {
  clearInterval(sampler);
  out.peakMb = Math.round(Math.max(peak, phasePeak));
  out.loadAfter = loadavg()[0].toFixed(1);
  await context.close();
  await server.close();
  console.log(JSON.stringify(out));
}
