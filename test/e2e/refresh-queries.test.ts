// A filter click asks the worker each question once (issue 14): every Comlink call the page posts to
// the engine worker is recorded (a wrapper on Worker.prototype.postMessage installed before the app
// loads), then a store is picked on the compass panel. The store-independent store compass is not
// asked again, and the panel's tiles, the KPI strip and its trend are asked once each, although the
// click changes the view twice (the state at once, then the hash change re-reads it), and the
// strip's three questions reach the worker one after another, not with the panel's in between.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
}, 300_000);
afterAll(async () => {
  await session?.close();
  await server?.close();
});

const calls = () => session.page.evaluate(() => (globalThis as unknown as { __engineCalls: Call[] }).__engineCalls.splice(0));
const metricCalls = (all: Call[], id: string) => all.filter((c) => (c.method === 'runMetrics' || c.method === 'runMetric') && c.args.includes(`"${id}"`));

describe('a store click asks each question once', () => {
  it('store compass not re-asked; tiles, strip and trend once each', async () => {
    const { page } = session;
    await calls(); // what loading the panel asked
    const store = (await page.$$eval('[data-filter="store"] option', (os) => os.map((o) => (o as HTMLOptionElement).value))).find(Boolean)!;
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
    await page.waitForTimeout(500); // anything late would still be recorded
    const after = await calls();
    expect(metricCalls(after, 'store_compass')).toEqual([]);
    // The strip asks its metrics for the period and the comparison period: two runMetrics calls with "orders".
    expect(metricCalls(after, 'orders').length).toBe(2);
    expect(metricCalls(after, 'monthly_trend').length).toBe(1);
    // The panel's own tiles (repurchase rate among them): one call.
    expect(metricCalls(after, 'return_to_store_rate').length).toBe(1);
    expect(after.filter((c) => c.method === 'cancel')).toEqual([]);
    // The strip's three questions are posted together (the worker runs calls in arrival order), so
    // the panel's tiles do not queue between the period and its comparison (main[data-status] waits for the strip).
    const strip = after.flatMap((c, i) => ((c.method === 'runMetrics' && c.args.includes('"orders"')) || c.args.includes('"monthly_trend"') ? [i] : []));
    expect(strip).toHaveLength(3);
    expect(after.slice(strip[0], strip[2] + 1).map((c) => c.method)).toEqual(['runMetrics', 'runMetrics', 'runMetric']); // no reply in between
  });
});
