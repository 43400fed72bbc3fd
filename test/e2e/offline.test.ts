// Issue 13 point 8: the hosted build's service worker caches the shell and the engine, so a reload
// with the network off still shows the demo KPIs; a newly deployed version is offered with a
// banner, and the page is not reloaded until the user asks.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST_DIR, openBrowser, readTiles, serveStatic, type BrowserSession, type StaticServer } from './harness.ts';

let deployed: string;
let server: StaticServer;
let session: BrowserSession;

beforeAll(async () => {
  // A private copy of the build, so the test can "deploy" a changed version into it.
  deployed = mkdtempSync(join(tmpdir(), 'store-compass-deploy-'));
  cpSync(resolve(DIST_DIR), deployed, { recursive: true });
  server = await serveStatic(deployed, '/');
  session = await openBrowser(new URL(server.url).origin);
});

afterAll(async () => {
  await session?.close();
  await server?.close();
  rmSync(deployed, { recursive: true, force: true });
});

const controlled = () => session.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 120_000 });

describe('offline (service worker)', () => {
  it('the build lists every file in sw.js, the wasm included', () => {
    const sw = readFileSync(join(deployed, 'sw.js'), 'utf8');
    expect(sw).toMatch(/const VERSION = "[0-9a-f]{16}"/);
    expect(sw).toMatch(/\.\/assets\/duckdb-eh-[\w-]+\.wasm/);
    expect(sw).toMatch(/\.\/assets\/engine\.worker-[\w-]+\.js/);
    expect(sw).toContain('"./index.html"');
  });

  it('a reload with the network off still shows the demo KPIs, served by the service worker', async () => {
    const { page, context } = session;
    await page.goto(server.url);
    const online = await readTiles(page);
    await controlled();
    // The cache is filled at install; wait for it to hold the wasm before going offline.
    await page.waitForFunction(
      async () => {
        for (const key of await caches.keys()) {
          const requests = await (await caches.open(key)).keys();
          if (requests.some((r) => r.url.endsWith('.wasm'))) return true;
        }
        return false;
      },
      undefined,
      { timeout: 120_000, polling: 500 },
    );

    await context.setOffline(true);
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    const offline = await readTiles(page);
    expect(Object.keys(offline).length).toBeGreaterThan(0);
    expect(offline).toEqual(online);
    await context.setOffline(false);
  });

  it('a new deployment is offered with a banner, and the page is not reloaded by itself', async () => {
    const { page, context } = session;
    // The page the test above left (reloaded through the service worker) is a page of the current
    // version: it starts here, back online, without booting the app once more.
    await context.setOffline(false);
    if (page.url() !== server.url) await page.goto(server.url);
    await readTiles(page);
    await controlled();
    expect(await page.locator('[data-update-banner]').count()).toBe(0);

    // Deploy a different version: the service worker script changes.
    const swFile = join(deployed, 'sw.js');
    writeFileSync(swFile, readFileSync(swFile, 'utf8').replace(/const VERSION = "[0-9a-f]+"/, 'const VERSION = "0000000000000001"'));
    await page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));

    const banner = page.locator('[data-update-banner]');
    await banner.waitFor({ timeout: 120_000 });
    expect(await banner.innerText()).toMatch(/新版本可用/);
    await page.screenshot({ path: 'test-results/screenshots/update-banner-zh.png' });
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);

    // Accepting the offer reloads into the new version.
    await Promise.all([page.waitForEvent('load'), banner.getByRole('button').click()]);
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBeUndefined();
    await readTiles(page);
  });
});
