// A filter click asks the worker each question once (issue 14): every Comlink call the page posts to
// the engine worker is recorded (a wrapper on Worker.prototype.postMessage installed before the app
// loads), then a store is picked on the compass panel. The store-independent store compass is not
// asked again, and the panel's tiles, the KPI strip and its trend are asked once each, although the
// click changes the view twice (the state at once, then the hash change re-reads it), and the
// strip's three questions reach the worker one after another, not with the panel's in between.
// A second store click (issue 14, session 9): at most five calls, the compass tiles show each KPI's own
// SQL result for that store (run here through engine.query, past the result cache and the store-compass
// roll-up the worker answers them with), and the radar and trend keep their ECharts instances (updated
// in place, not rebuilt) while the trend shows the store's months, each drawn once (session 10: the
// trend was drawn twice, its option derived again with new formatter closures and the same content).
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import { getMetric } from '../../src/lib/metrics/index.ts';
import type { MetricParams } from '../../src/lib/metrics/params.ts';
import { COMPASS_KPIS } from '../../src/lib/metrics/store-compass.ts';
import { DIST_DIR, openBrowser, readTiles, serveStatic, type BrowserSession, type StaticServer } from './harness.ts';

interface Call {
  method: string;
  args: string;
}
let server: StaticServer;
let session: BrowserSession;

beforeAll(async () => {
  server = await serveStatic(resolve(DIST_DIR), '/');
  session = await openBrowser(new URL(server.url).origin);
  await session.page.addInitScript(() => {
    const calls: { method: string; args: string }[] = [];
    (globalThis as unknown as { __engineCalls: typeof calls }).__engineCalls = calls;
    const post = Worker.prototype.postMessage;
    const listening = new WeakSet<Worker>();
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      // Replies are recorded too (as '<reply>'), in order with the calls.
      if (!listening.has(this)) {
        listening.add(this);
        this.addEventListener('message', () => calls.push({ method: '<reply>', args: '' }));
      }
      const m = message as { type?: string; path?: string[]; argumentList?: unknown[] } | null;
      if (m && m.type === 'APPLY' && Array.isArray(m.path)) {
        let args: string;
        try {
          args = JSON.stringify(m.argumentList);
        } catch {
          args = '(not JSON)';
        }
        calls.push({ method: m.path.join('.'), args });
      }
      return (post as (...a: unknown[]) => void).call(this, message, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
  await session.page.goto(`${server.url}#compass`);
  await readTiles(session.page);
  await session.page.waitForSelector('#content [data-panel="compass"][data-status="ready"]', { timeout: 90_000 });
  await session.page.waitForSelector(`${TREND}[data-drawn="true"]`, { timeout: 90_000 });
}, 300_000);
afterAll(async () => {
  await session?.close();
  await server?.close();
});

/** A call's arguments as the page passed them (Comlink wire values). */
const argValues = (c: Call): unknown[] => (JSON.parse(c.args) as { value?: unknown }[]).map((a) => a?.value);
/**
 * Request ids of every prefetch posted so far (by store and by channel: kpi-strip-query, metric-query; the slow
 * panels' first questions: panel-prefetch): a click may cancel one. Since session 12 a prefetch's statements
 * yield between polls in the tab, so one may still be running when the click comes.
 */
const prefetchIds = new Set<string>();
const PREFETCHES = new Set(['prefetchStoreRollups', 'prefetchChannels', 'prefetchPanels']);
const calls = async () => {
  const all = await session.page.evaluate(() => (globalThis as unknown as { __engineCalls: Call[] }).__engineCalls.splice(0));
  for (const c of all) if (PREFETCHES.has(c.method)) prefetchIds.add((argValues(c)[1] as { requestId: string }).requestId);
  return all;
};
const metricCalls = (all: Call[], id: string) => all.filter((c) => (c.method === 'runMetrics' || c.method === 'runMetric') && c.args.includes(`"${id}"`));
const RADAR = '[data-chart-card="compass-radar"] [data-chart]';
const TREND = '[data-chart-card="monthly-trend"] [data-chart]';
const storeOptions = (page: Page) => page.$$eval('[data-filter="store"] option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));

/** Picks a store and waits for the strip's new orders value with the page and the compass panel ready. */
async function pickStore(page: Page, store: string) {
  const before = await page.getAttribute('[data-kpi-strip] [data-metric-id="orders"]', 'data-value');
  await page.selectOption('[data-filter="store"]', store);
  await page.waitForFunction(
    (prev) =>
      document.querySelector('[data-kpi-strip] [data-metric-id="orders"]')?.getAttribute('data-value') !== prev &&
      document.querySelector('main')?.getAttribute('data-status') === 'ready' &&
      document.querySelector('#content [data-panel="compass"]')?.getAttribute('data-status') === 'ready',
    before,
    { timeout: 90_000 },
  );
}

describe('a store click asks each question once', () => {
  it('store compass not re-asked; tiles, strip and trend once each', async () => {
    const { page } = session;
    await calls(); // what loading the panel asked
    await pickStore(page, (await storeOptions(page))[0]);
    await page.waitForTimeout(500); // anything late would still be recorded
    const after = await calls();
    expect(metricCalls(after, 'store_compass')).toEqual([]);
    // The strip asks its metrics for the period and the comparison period: two runMetrics calls with "orders".
    expect(metricCalls(after, 'orders').length).toBe(2);
    expect(metricCalls(after, 'monthly_trend').length).toBe(1);
    // The panel's own tiles (repurchase rate among them): one call.
    expect(metricCalls(after, 'return_to_store_rate').length).toBe(1);
    // Nothing the strip or a panel asked is superseded; a prefetch still running when the click came
    // (by store, by channel, the slow panels' first questions) is the one kind of call a click may cancel.
    expect(after.filter((c) => c.method === 'cancel' && !prefetchIds.has(argValues(c)[0] as string))).toEqual([]);
    // The strip's three questions are posted together (the worker runs calls in arrival order), so
    // the panel's tiles do not queue between the period and its comparison (main[data-status] waits for the strip).
    const strip = after.flatMap((c, i) =>
      (c.method === 'runMetrics' && c.args.includes('"orders"')) || (c.method === 'runMetric' && c.args.includes('"monthly_trend"')) ? [i] : [],
    );
    expect(strip).toHaveLength(3);
    expect(after.slice(strip[0], strip[2] + 1).map((c) => c.method)).toEqual(['runMetrics', 'runMetrics', 'runMetric']); // no reply in between
  });
});

describe('a second store click on the compass panel', () => {
  it('posts at most five calls, shows each KPI’s own SQL result, and updates the charts in place', async () => {
    const { page } = session;
    const instances = async () => [await page.getAttribute(RADAR, '_echarts_instance_'), await page.getAttribute(TREND, '_echarts_instance_')];
    const before = await instances();
    expect(before.every(Boolean)).toBe(true);
    const series = await page.getAttribute('[data-chart-card="monthly-trend"]', 'data-series');
    const draws = async () => [Number(await page.getAttribute(RADAR, 'data-draws')), Number(await page.getAttribute(TREND, 'data-draws'))];
    const drawsBefore = await draws();
    await calls();

    const store = (await storeOptions(page))[1]; // not the store the first click picked: its tiles are not cached
    await pickStore(page, store);
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-drawn') === 'true', TREND, { timeout: 90_000 });
    await page.waitForTimeout(500); // anything late is still recorded

    // The by-store and by-channel prefetches the rest after the first click may have started are not the click's.
    const posted = (await calls()).filter((c) => c.method !== '<reply>' && c.method !== 'cancel' && c.method !== 'prefetchStoreRollups' && c.method !== 'prefetchChannels');
    expect(posted.length, posted.map((c) => `${c.method}(${c.args})`).join(' ')).toBeLessThanOrEqual(5);
    expect(await instances()).toEqual(before); // the same ECharts instances: updated, not recreated
    // One draw each: the radar for the store picked (at once), the trend for its months (when answered). The
    // options the click derives again with the same content (the hash read back) are not drawn again.
    expect(await draws()).toEqual([drawsBefore[0] + 1, drawsBefore[1] + 1]);
    expect(await page.getAttribute('[data-chart-card="monthly-trend"]', 'data-series')).not.toBe(series);

    const tileCall = posted.find((c) => c.method === 'runMetrics' && (argValues(c)[0] as string[]).includes('return_to_store_rate'))!;
    const params = argValues(tileCall)[1] as MetricParams;
    expect(params.stores).toEqual([store]);
    const shown = await page.$$eval('[data-compass-tiles] [data-metric-id]', (ts) => ts.map((t) => [t.getAttribute('data-metric-id'), t.getAttribute('data-value')]));
    expect(shown.map(([id]) => id)).toEqual(COMPASS_KPIS.map((k) => k.id));
    for (const [id, value] of shown) {
      const stmt = getMetric(id as never).sql(params);
      const bytes = await page.evaluate(async (s) => [...((await (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine.query(s)) as Uint8Array)], {
        text: stmt.text,
        params: [...stmt.params],
      });
      const own = ipcToRows(Uint8Array.from(bytes))[0].value as number | null;
      expect(value, id!).toBe(own === null ? '' : String(own));
    }
  });
});

describe('the KPI strip after store clicks with its by-store answers held', () => {
  it('the strip (period and comparison) and the trend show each metric’s own SQL result for the store', async () => {
    const { page } = session;
    const stores = await storeOptions(page);
    await page.selectOption('[data-filter="store"]', '');
    await page.waitForSelector('main[data-status="ready"]', { timeout: 90_000 });
    // The view rests on every store: the strip's questions by store are asked ahead (a second or so), once.
    await page.waitForFunction(() => (globalThis as unknown as { __engineCalls: Call[] }).__engineCalls.some((c) => c.method === 'prefetchStoreRollups'), undefined, {
      timeout: 30_000,
    });
    await page.waitForTimeout(3000);
    await calls();
    const store = stores[2];
    await pickStore(page, store);
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-drawn') === 'true', TREND, { timeout: 90_000 });
    const posted = await calls();
    const strip = posted.filter((c) => c.method === 'runMetrics' && (argValues(c)[0] as string[]).includes('orders'));
    expect(strip).toHaveLength(2);
    const own = async (id: string, params: MetricParams) => {
      const stmt = getMetric(id as never).sql(params);
      const bytes = await page.evaluate(async (s) => [...((await (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine.query(s)) as Uint8Array)], {
        text: stmt.text,
        params: [...stmt.params],
      });
      return ipcToRows(Uint8Array.from(bytes));
    };
    const [current, previous] = strip.map((c) => argValues(c)[1] as MetricParams);
    expect(current.stores).toEqual([store]);
    const tiles = await page.$$eval('[data-kpi-strip] [data-metric-id]', (ts) =>
      ts.map((t) => [t.getAttribute('data-metric-id'), t.getAttribute('data-value'), t.getAttribute('data-previous-value')]),
    );
    expect(tiles.length).toBeGreaterThan(0);
    const text = (v: unknown) => (v === null ? '' : String(v));
    for (const [id, value, prev] of tiles) {
      expect(value, id!).toBe(text((await own(id!, current))[0].value));
      expect(prev, `${id} comparison`).toBe(text((await own(id!, previous))[0].value));
    }
    const trendCall = posted.find((c) => c.method === 'runMetric' && argValues(c)[0] === 'monthly_trend')!;
    const trendRows = await own('monthly_trend', argValues(trendCall)[1] as MetricParams);
    // The chart's series (ChartCard data-series: points and sum per series): net sales, then buyers.
    const shown = JSON.parse((await page.getAttribute('[data-chart-card="monthly-trend"]', 'data-series'))!) as { points: number; sum: number }[];
    const sum = (k: string) => trendRows.reduce((a, r) => a + (r[k] as number), 0);
    expect(trendRows.length).toBeGreaterThan(0);
    expect(shown.map((x) => x.points)).toEqual([trendRows.length, trendRows.length]);
    expect(shown[0].sum).toBeCloseTo(sum('sales'), 6);
    expect(shown[1].sum).toBeCloseTo(sum('buyers'), 6);
  });
});

// Session 11: with the view resting on every channel, the strip and each panel query ask their questions
// ahead for each channel (engine.prefetchChannels); a channel click then shows each metric's own SQL result.
describe('a channel click after the view rests on every channel', () => {
  it('the strip and the compass panel ask ahead per channel, and the click shows each metric’s own SQL result', async () => {
    const { page } = session;
    await page.selectOption('[data-filter="store"]', '');
    await page.waitForSelector('main[data-status="ready"] #content [data-panel="compass"][data-status="ready"]', { timeout: 90_000 });
    await calls();
    // Asked once the view rests: the panel's store compass and tiles, and the strip's questions (after its by-store ones).
    const asked = (c: Call, id: string) => c.method === 'prefetchChannels' && (argValues(c)[0] as { ids: string[] }[]).some((r) => r.ids.includes(id));
    const prefetched: Call[] = [];
    const deadline = Date.now() + 60_000;
    while (!['store_compass', 'return_to_store_rate', 'orders'].every((id) => prefetched.some((c) => asked(c, id))) && Date.now() < deadline) {
      prefetched.push(...(await calls()));
      await page.waitForTimeout(250);
    }
    const requests = prefetched.filter((c) => c.method === 'prefetchChannels').flatMap((c) => argValues(c)[0] as { ids: string[]; params: MetricParams }[]);
    for (const id of ['store_compass', 'return_to_store_rate', 'orders'])
      expect(
        requests.some((r) => r.ids.includes(id)),
        id,
      ).toBe(true);
    expect(requests.every((r) => !r.params.channels?.length)).toBe(true);
    await page.waitForTimeout(3000); // the prefetch ends (the demo is small)

    const before = await page.getAttribute('[data-kpi-strip] [data-metric-id="orders"]', 'data-value');
    await page.selectOption('[data-filter="channel"]', 'online');
    await page.waitForFunction(
      (prev) =>
        document.querySelector('[data-kpi-strip] [data-metric-id="orders"]')?.getAttribute('data-value') !== prev &&
        document.querySelector('main')?.getAttribute('data-status') === 'ready' &&
        document.querySelector('#content [data-panel="compass"]')?.getAttribute('data-status') === 'ready',
      before,
      { timeout: 90_000 },
    );
    const posted = await calls();
    const tileCall = posted.find((c) => c.method === 'runMetrics' && (argValues(c)[0] as string[]).includes('return_to_store_rate'))!;
    const stripCall = posted.find((c) => c.method === 'runMetrics' && (argValues(c)[0] as string[]).includes('orders'))!;
    const own = async (id: string, params: MetricParams) => {
      const stmt = getMetric(id as never).sql(params);
      const bytes = await page.evaluate(async (s) => [...((await (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine.query(s)) as Uint8Array)], {
        text: stmt.text,
        params: [...stmt.params],
      });
      return ipcToRows(Uint8Array.from(bytes))[0].value as number | null;
    };
    const text = (v: unknown) => (v === null ? '' : String(v));
    for (const [sel, call] of [
      ['[data-compass-tiles] [data-metric-id]', tileCall],
      ['[data-kpi-strip] [data-metric-id]', stripCall],
    ] as const) {
      const params = argValues(call)[1] as MetricParams;
      expect(params.channels).toEqual(['online']);
      const shown = await page.$$eval(sel, (ts) => ts.map((t) => [t.getAttribute('data-metric-id'), t.getAttribute('data-value')]));
      expect(shown.length).toBeGreaterThan(0);
      for (const [id, value] of shown) expect(value, id!).toBe(text(await own(id!, params)));
    }
    await page.selectOption('[data-filter="channel"]', '');
  });
});
