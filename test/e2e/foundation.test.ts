// Both builds in the system Chromium: (a) dist/ from a static server under a sub-path, (b) the
// portable index.html as file://. Demo KPIs must equal the catalogue on native DuckDB.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPI_STRIP } from '../../src/lib/metrics/index.ts';
import { DIST_DIR, openBrowser, readTiles, serveStatic, type BrowserSession, type StaticServer } from './harness.ts';
import { nativeReference, type NativeReference } from './native-reference.ts';

const SHOTS = resolve('test-results/screenshots');
mkdirSync(SHOTS, { recursive: true });

let native: NativeReference;
beforeAll(async () => {
  native = await nativeReference();
});
afterAll(() => native?.close());

/** Counts the trend chart's painted (non-background) pixels. */
async function paintedPixels(session: BrowserSession): Promise<number> {
  await session.page.waitForSelector('[data-chart-card="monthly-trend"] canvas', { timeout: 30_000 });
  return session.page.$eval('[data-chart-card="monthly-trend"] canvas', (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) painted++;
    return painted;
  });
}

/** Equal up to float summation order (native DuckDB sums in parallel): 1e-9 relative. */
function expectSameNumbers(actual: Record<string, number>, expected: Record<string, number | null>) {
  for (const id of KPI_STRIP) {
    const e = expected[id];
    if (e === null) expect(actual[id], id).toBeNaN();
    else expect(Math.abs(actual[id] - e), id).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
  }
}

async function periodOf(session: BrowserSession) {
  const el = await session.page.waitForSelector('[data-period-from]', { state: 'attached' });
  return { from: (await el.getAttribute('data-period-from'))!, to: (await el.getAttribute('data-period-to'))! };
}

/** The checks both builds must pass. */
function firstViewChecks(name: string, open: () => Promise<{ session: BrowserSession; url: string }>) {
  describe(name, () => {
    let session: BrowserSession;
    let url: string;
    beforeAll(async () => {
      ({ session, url } = await open());
    });
    afterAll(() => session?.close());

    it('opens on the demo data with numeric KPI tiles equal to the catalogue on native DuckDB', async () => {
      const tiles = await readTiles(session.page);
      expect(Object.keys(tiles).sort()).toEqual([...KPI_STRIP].sort());
      for (const id of KPI_STRIP) expect(Number.isFinite(tiles[id]), id).toBe(true);
      expect(await session.page.locator('[data-dataset="demo"]').count()).toBe(1);
      expect(await session.page.textContent('[data-dataset]')).toBe('示例数据');
      const expected = await native.kpis(await periodOf(session));
      expectSameNumbers(tiles, expected);
    });

    it("draws the monthly trend chart from month rows that reach the period's last month", async () => {
      expect(await paintedPixels(session)).toBeGreaterThan(2_000);
      await session.page.screenshot({ path: `${SHOTS}/${name}-overview.png`, fullPage: true });
      // Pixels alone pass for an empty chart with axes: read the series data through the card's table view.
      const card = session.page.locator('[data-chart-card="monthly-trend"]');
      await card.locator('[data-action="toggle-table"]').click();
      const rows = await card.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
      await card.locator('[data-action="toggle-table"]').click();
      const months = rows.map((r) => r[0]);
      expect(months.length).toBeGreaterThanOrEqual(2);
      expect([...months].sort()).toEqual(months);
      expect(new Set(months).size).toBe(months.length);
      const { to } = await periodOf(session);
      const lastDay = new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString();
      expect(months.at(-1)).toBe(lastDay.slice(0, 7));
      for (const r of rows) expect(r[1], `sales of ${r[0]}`).toMatch(/\d/);
    });

    it('keeps the view in the URL hash: a bookmarked filtered view reopens with its own numbers', async () => {
      await session.page.goto(`${url}#compass?preset=last30&store=${encodeURIComponent('社区店')}`);
      await session.page.reload();
      // The reload boots the app again: as long as readTiles allows (Playwright's default 30 s failed at load 15).
      await session.page.waitForFunction(() => (document.querySelector('[data-filter="store"]') as HTMLSelectElement | null)?.value === '社区店', undefined, { timeout: 90_000 });
      const period = await periodOf(session);
      const tiles = await readTiles(session.page);
      const expected = await native.kpis({ ...period, stores: ['社区店'] });
      expectSameNumbers(tiles, expected);
      expect(await session.page.$eval('[data-filter="preset"]', (s) => (s as HTMLSelectElement).value)).toBe('last30');
    });

    it('fits the value models in the fit worker (the engine worker has no fit of its own): the demo fit is ok, with predictions', async () => {
      const r = await session.page.evaluate(async () => {
        const engine = (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine;
        const p = await engine.predict({ months: 12, monthlyDiscount: 0.01, includeZeroAmount: false });
        return { status: p.status, converged: p.fit?.models.bgnbd.converged, chosen: p.choice?.chosen, predictions: p.predictions?.byteLength ?? 0 };
      });
      expect(r.status).toBe('ok');
      expect(r.converged).toBe(true);
      expect(r.chosen).toMatch(/^(bgnbd|mbgnbd|pareto_nbd)$/);
      expect(r.predictions).toBeGreaterThan(10_000);
    });

    it('had no console error and made no request to any other origin', () => {
      expect(session.consoleErrors).toEqual([]);
      expect(session.foreignRequests).toEqual([]);
    });
  });
}

firstViewChecks('hosted', async () => {
  if (!existsSync(`${DIST_DIR}/index.html`)) throw new Error('dist/ is missing: run `npm run build` first');
  const server: StaticServer = await serveStatic(resolve(DIST_DIR), '/store-compass/');
  const session = await openBrowser(new URL(server.url).origin);
  const close = session.close;
  session.close = async () => {
    await close();
    await server.close();
  };
  await session.page.goto(server.url);
  return { session, url: server.url };
});

firstViewChecks('portable', async () => {
  const file = resolve('dist-portable/index.html');
  if (!existsSync(file)) throw new Error('dist-portable/index.html is missing: run `npm run build:portable` first');
  expect(statSync(file).size).toBeLessThanOrEqual(12_000_000);
  const session = await openBrowser('file://');
  const url = pathToFileURL(file).href;
  await session.page.goto(url);
  return { session, url };
});
