// A store click on the compass panel (issue 14, session 9): the page posts at most five engine calls
// (the panel's tiles and its footfall card, the strip's period and comparison, the trend), the compass tiles show each
// KPI's own SQL result for that store (run here through engine.query, past the result cache and the
// store-compass roll-up the worker answers them with), and the radar and trend keep their ECharts
// instances (updated in place, not rebuilt) while the trend shows the store's months.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import { getMetric } from '../../src/lib/metrics/index.ts';
import type { MetricParams } from '../../src/lib/metrics/params.ts';
import { COMPASS_KPIS } from '../../src/lib/metrics/store-compass.ts';
import { DIST_DIR, openBrowser, readTiles, serveStatic, type BrowserSession, type StaticServer } from './harness.ts';

interface Call {
  method: string;
  args: unknown[];
}
let server: StaticServer;
let session: BrowserSession;

beforeAll(async () => {
  server = await serveStatic(resolve(DIST_DIR), '/');
  session = await openBrowser(new URL(server.url).origin);
  await session.page.addInitScript(() => {
    const calls: { method: string; args: unknown[] }[] = [];
    (globalThis as unknown as { __engineCalls: typeof calls }).__engineCalls = calls;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      const m = message as { type?: string; path?: string[]; argumentList?: { value?: unknown }[] } | null;
      if (m && m.type === 'APPLY' && Array.isArray(m.path)) calls.push({ method: m.path.join('.'), args: (m.argumentList ?? []).map((a) => a?.value) });
      return (post as (...a: unknown[]) => void).call(this, message, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
  await session.page.goto(`${server.url}#compass`);
  await readTiles(session.page);
  await session.page.waitForSelector('#content [data-panel="compass"][data-status="ready"]', { timeout: 90_000 });
  await session.page.waitForSelector('[data-chart-card="monthly-trend"] [data-chart][data-drawn="true"]', { timeout: 90_000 });
}, 300_000);
afterAll(async () => {
  await session?.close();
  await server?.close();
});

const RADAR = '[data-chart-card="compass-radar"] [data-chart]';
const TREND = '[data-chart-card="monthly-trend"] [data-chart]';

describe('a store click on the compass panel', () => {
  it('posts at most five calls, shows each KPI’s own SQL result, and updates the charts in place', async () => {
    const { page } = session;
    const instances = async () => [await page.getAttribute(RADAR, '_echarts_instance_'), await page.getAttribute(TREND, '_echarts_instance_')];
    const before = await instances();
    expect(before.every(Boolean)).toBe(true);
    const series = await page.getAttribute('[data-chart-card="monthly-trend"]', 'data-series');
    await page.evaluate(() => (globalThis as unknown as { __engineCalls: Call[] }).__engineCalls.splice(0));

    const store = (await page.$$eval('[data-filter="store"] option', (os) => os.map((o) => (o as HTMLOptionElement).value))).find(Boolean)!;
    const orders = await page.getAttribute('[data-kpi-strip] [data-metric-id="orders"]', 'data-value');
    await page.selectOption('[data-filter="store"]', store);
    await page.waitForFunction(
      (prev) =>
        document.querySelector('[data-kpi-strip] [data-metric-id="orders"]')?.getAttribute('data-value') !== prev &&
        document.querySelector('main')?.getAttribute('data-status') === 'ready' &&
        document.querySelector('#content [data-panel="compass"]')?.getAttribute('data-status') === 'ready',
      orders,
      { timeout: 90_000 },
    );
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-drawn') === 'true', TREND, { timeout: 90_000 });
    await page.waitForTimeout(500); // anything late is still recorded

    const calls = await page.evaluate(() => (globalThis as unknown as { __engineCalls: Call[] }).__engineCalls.splice(0));
    const asked = calls.filter((c) => c.method !== 'cancel').map((c) => `${c.method}(${JSON.stringify(c.args[0])})`);
    expect(asked.length, asked.join(' ')).toBeLessThanOrEqual(5);
    expect(await instances()).toEqual(before); // the same ECharts instances: updated, not recreated
    expect(await page.getAttribute('[data-chart-card="monthly-trend"]', 'data-series')).not.toBe(series);

    const tileCall = calls.find((c) => c.method === 'runMetrics' && (c.args[0] as string[]).includes('return_to_store_rate'))!;
    const params = tileCall.args[1] as MetricParams;
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
