/**
 * Browser test harness: a plain static server on 127.0.0.1 and the system Chromium driven by
 * playwright-core, recording console errors and every request that leaves the page's origin.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { serveStatic } from '../../scripts/static-server.ts';

export { serveStatic, type StaticServer } from '../../scripts/static-server.ts';

/** The hosted build under test (helpers building in parallel point this at a private folder). */
export const DIST_DIR = process.env.STORE_COMPASS_DIST ?? 'dist';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  /** Requests whose origin differs from the page's (file:// pages: anything not file:, blob: or data:). */
  foreignRequests: string[];
  close(): Promise<void>;
}

export async function openBrowser(pageOrigin: string, viewport = { width: 1366, height: 768 }): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const allowed = (url: string) =>
    url.startsWith('blob:') || url.startsWith('data:') || (pageOrigin === 'file://' ? url.startsWith('file://') : new URL(url).origin === pageOrigin);
  context.on('request', (r) => {
    if (!allowed(r.url())) foreignRequests.push(r.url());
  });
  return {
    browser,
    context,
    page,
    consoleErrors,
    foreignRequests,
    async close() {
      await browser.close(); // playwright launches each browser on a fresh temporary profile
    },
  };
}

export interface HostedApp extends BrowserSession {
  /** The app's URL on the local static server (no hash). */
  url: string;
}

/**
 * The hosted build (DIST_DIR) on a local static server, open in a fresh browser at `hash`;
 * `close()` stops both. Every e2e file that drives the dashboard starts here.
 */
export async function openHostedApp(hash = '', viewport?: { width: number; height: number }): Promise<HostedApp> {
  if (!existsSync(`${DIST_DIR}/index.html`)) throw new Error(`${DIST_DIR}/ is missing: run \`npm run build\` first`);
  const server = await serveStatic(resolve(DIST_DIR), '/');
  const session = await openBrowser(new URL(server.url).origin, viewport);
  await session.page.goto(`${server.url}${hash}`);
  return {
    ...session,
    url: server.url,
    async close() {
      await session.close();
      await server.close();
    },
  };
}

/** Waits until the KPI strip's tiles carry numeric values, then returns them by metric id (panels have tiles of their own). */
export async function readTiles(page: Page, timeout = 90_000): Promise<Record<string, number>> {
  await page.waitForSelector('main[data-status="ready"] [data-kpi-strip] [data-metric-id][data-value]:not([data-value=""])', { timeout });
  return page.$$eval('[data-kpi-strip] [data-metric-id]', (tiles) =>
    Object.fromEntries(tiles.map((t) => [t.getAttribute('data-metric-id'), t.getAttribute('data-value') === '' ? Number.NaN : Number(t.getAttribute('data-value'))])),
  );
}
