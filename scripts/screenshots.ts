/**
 * Screenshots of panels for people to look at: every panel (or --panels a,b) in zh and en, from
 * the hosted build (--dist, default dist/), at the viewports named in --viewports (default
 * 1366x768,1280x720p,390x844; a trailing "p" means presentation mode, one PNG per slide).
 *   npx tsx scripts/screenshots.ts [--dist dir] [--panels compass,satisfaction] [--viewports 390x844] [--langs zh] [--out dir] [--full]
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openBrowser, serveStatic } from '../test/e2e/harness.ts';
import { PANELS } from '../src/lib/view/view-state.ts';
import { STORY_PANELS } from '../src/lib/view/presentation.ts';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: process.env.STORE_COMPASS_DIST ?? 'dist' },
    panels: { type: 'string' },
    viewports: { type: 'string', default: '1366x768,1280x720p,390x844' },
    langs: { type: 'string', default: 'zh,en' },
    out: { type: 'string', default: 'test-results/screenshots' },
    full: { type: 'boolean' },
  },
});
const panels = values.panels ? values.panels.split(',') : PANELS;
mkdirSync(values.out, { recursive: true });
const server = await serveStatic(resolve(values.dist), '/');
for (const spec of values.viewports.split(',')) {
  const present = spec.endsWith('p');
  const [width, height] = spec.replace(/p$/, '').split('x').map(Number);
  const session = await openBrowser(new URL(server.url).origin, { width, height });
  const { page } = session;
  const settle = async () => {
    await page.waitForSelector(`[data-panel]`, { timeout: 60_000 }).catch(() => undefined);
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 60_000 }).catch(() => undefined);
    await page.waitForTimeout(600); // let charts finish their first paint
  };
  await page.goto(server.url);
  await page.waitForSelector('main[data-status="ready"]', { timeout: 120_000 });
  for (const lang of values.langs.split(',')) {
    for (const panel of panels) {
      if (present && !(STORY_PANELS as readonly string[]).includes(panel)) continue;
      const q = [lang === 'en' ? 'lang=en' : '', present ? 'present=1' : ''].filter(Boolean).join('&');
      await page.goto(`${server.url}#${panel}${q ? `?${q}` : ''}`);
      await settle();
      if (!present) {
        const file = `${values.out}/${panel}-${lang}-${width}.png`;
        await page.screenshot({ path: file, fullPage: values.full ?? false });
        console.log(file);
        continue;
      }
      const count = Number((await page.getAttribute('[data-slide-count]', 'data-slide-count').catch(() => '1')) ?? 1);
      for (let i = 0; i < count; i++) {
        const file = `${values.out}/${panel}-${lang}-${width}-slide${i + 1}.png`;
        await page.screenshot({ path: file });
        console.log(file);
        if (i < count - 1) {
          await page.keyboard.press('ArrowRight');
          await page.waitForTimeout(500);
        }
      }
      // The slide index outlives a language switch (same panel): walk back so the next pass starts at slide 1.
      for (let i = 0; i < count - 1; i++) await page.keyboard.press('ArrowLeft');
    }
  }
  if (session.consoleErrors.length) console.error('console errors:', session.consoleErrors);
  await session.close();
}
await server.close();
