/**
 * Screenshots of panels for people to look at: every panel (or --panels a,b) at 1366×768 and
 * 1024×768, in zh and en, from the hosted build (--dist, default dist/).
 *   npx tsx scripts/screenshots.ts [--dist dir] [--panels compass,satisfaction] [--out test-results/screenshots]
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openBrowser, serveStatic } from '../test/e2e/harness.ts';
import { PANELS } from '../src/lib/view-state.ts';

const { values } = parseArgs({
  options: { dist: { type: 'string', default: process.env.STORE_COMPASS_DIST ?? 'dist' }, panels: { type: 'string' }, out: { type: 'string', default: 'test-results/screenshots' }, full: { type: 'boolean' } },
});
const panels = values.panels ? values.panels.split(',') : PANELS;
mkdirSync(values.out, { recursive: true });
const server = await serveStatic(resolve(values.dist), '/');
for (const viewport of [{ width: 1366, height: 768 }, { width: 1024, height: 768 }]) {
  const session = await openBrowser(new URL(server.url).origin, viewport);
  await session.page.goto(server.url);
  await session.page.waitForSelector('main[data-status="ready"]', { timeout: 120_000 });
  for (const lang of ['zh', 'en']) {
    for (const panel of panels) {
      await session.page.goto(`${server.url}#${panel}${lang === 'en' ? '?lang=en' : ''}`);
      await session.page.waitForSelector(`[data-panel]`, { timeout: 60_000 }).catch(() => undefined);
      await session.page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 60_000 }).catch(() => undefined);
      await session.page.waitForTimeout(600); // let charts finish their first paint
      const file = `${values.out}/${panel}-${lang}-${viewport.width}.png`;
      await session.page.screenshot({ path: file, fullPage: values.full ?? false });
      console.log(file);
    }
  }
  if (session.consoleErrors.length) console.error('console errors:', session.consoleErrors);
  await session.close();
}
await server.close();
