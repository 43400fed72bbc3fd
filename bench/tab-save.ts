/**
 * One import through the UI of the hosted build (dist/ or the folder given) until its background save is done:
 * import time, save time, renderer RSS peak over both, and whether the save reported an error (issue 14: 10M).
 * `npx tsx bench/tab-save.ts bench/.data/orders-10m.csv [dist]`
 */
import { readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { openBrowser, readTiles, serveStatic } from '../test/e2e/harness.ts';
const file = realpathSync(process.argv[2]);
const dist = process.argv[3] ?? 'dist';
const kids = (p: number): number[] => {
  try {
    return readFileSync(`/proc/${p}/task/${p}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number)
      .flatMap((c) => [c, ...kids(c)]);
  } catch {
    return [];
  }
};
const rss = () => {
  let kb = 0;
  for (const pid of kids(process.pid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // the process ended between the listing and the read
    }
  }
  return Math.round(kb / 1024);
};
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, rss())), 1000);
const server = await serveStatic(resolve(dist), '/');
const s = await openBrowser(new URL(server.url).origin);
s.page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text().slice(0, 300)));
try {
  await s.page.goto(server.url);
  await readTiles(s.page, 300_000);
  console.log('demo loaded, renderer RSS MB', rss());
  peak = 0;
  await s.page.goto(`${server.url}#import`);
  const t0 = performance.now();
  const [chooser] = await Promise.all([s.page.waitForEvent('filechooser'), s.page.click('[data-action="choose-files"]')]);
  await chooser.setFiles([file]);
  await s.page.waitForSelector('[data-import-file][data-status="ready"]', { timeout: 600_000 });
  await s.page.click('[data-action="import"]');
  await s.page.waitForSelector('[data-import-outcome="done"], [data-import-outcome="failed"]', { timeout: 3_600_000 });
  const t1 = performance.now();
  console.log('import outcome', await s.page.getAttribute('[data-import-outcome]', 'data-import-outcome'), ((t1 - t0) / 1000).toFixed(1), 's, peak MB', peak);
  await s.page.waitForSelector('[data-saving="false"]', { timeout: 3_600_000 });
  const t2 = performance.now();
  const alerts = await s.page.locator('[role="alert"]').allTextContents();
  const storage = await s.page.getAttribute('[data-saving]', 'data-saved-storage');
  console.log('save done after', ((t2 - t1) / 1000).toFixed(1), 's; storage', storage, '; alerts', JSON.stringify(alerts), '; peak MB over import + save', peak);
} finally {
  clearInterval(timer);
  await s.close();
  await server.close();
}
