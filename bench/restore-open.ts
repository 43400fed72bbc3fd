/**
 * Reopening a saved dataset (issue 14, session 13 `restore`): a persistent Chromium profile holds an imported
 * dataset in OPFS (seeded here through the UI when it holds fewer than --rows orders), and each run opens the
 * page on it and times the restore to the compass ready, with the renderers' peak RSS over the open (sampled
 * every 250 ms, summed over renderer processes as bench/scale.ts does). Several builds (`--dist a,b`) are
 * alternated run by run, so their times compare back to back; each build opens its own profile
 * (`--profile pa,pb`, seeded by that build: a build restores what it saved itself) or all the same one.
 * Lines the worker logs that start with `[restore]` (a build instrumented for the breakdown) are printed.
 *
 *   nice npx tsx bench/restore-open.ts --dist dist-a,dist-b --profile /tmp/pa,/tmp/pb --file bench/.data/orders-1m.csv --rows 1000000 --runs 3
 *
 * Last line: one JSON object.
 */
import { chromium } from 'playwright-core';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM_PATH, serveStatic } from '../test/e2e/harness.ts';
import { rendererRssMb } from './renderer-memory.ts';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    file: { type: 'string', default: 'bench/.data/orders-1m.csv' },
    rows: { type: 'string', default: '1000000' },
    port: { type: 'string', default: '4837' },
    profile: { type: 'string', default: '/tmp/restore-profile-1m' },
    runs: { type: 'string', default: '1' },
    /** Which profiles (indexes into --profile) to check and seed first: 'all' (default), or e.g. '1' (the others are known to hold the data). */
    seed: { type: 'string', default: 'all' },
  },
});

const LONG = 3_600_000;
const READY = 'main[data-status="ready"] [data-kpi-strip] [data-metric-id="orders"][data-value]:not([data-value=""])';
const dists = values.dist!.split(',');

/** One open of the profile with build `dist`; seeds the profile first when it holds too few orders. */
const profiles = values.profile!.split(',');
const profileOf = (i: number) => profiles[Math.min(i, profiles.length - 1)];
/** One port per profile (`--port 4838,4839`) when they were seeded on different ports: the saved copy is per origin. */
const ports = values.port!.split(',').map(Number);
const portOf = (profile: string) => ports[Math.min(profiles.indexOf(profile), ports.length - 1)];

async function open(dist: string, profile: string, seed: boolean) {
  const server = await serveStatic(resolve(dist), '/', portOf(profile));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    serviceWorkers: 'block',
  });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rendererRssMb())), 250);
  const lines: string[] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const t0 = performance.now();
    page.on('console', (m) => {
      const text = m.text();
      if (text.startsWith('[restore]')) lines.push(`${Math.round(performance.now() - t0)} ${text}`);
    });
    page.on('pageerror', (e) => console.error('pageerror', String(e).slice(0, 300)));
    const load = loadavg()[0].toFixed(1);
    await page.goto(`${server.url}#compass`);
    await page.waitForSelector(READY, { timeout: LONG });
    const stripMs = Math.round(performance.now() - t0);
    await page.waitForSelector('#content [data-panel="compass"][data-status="ready"]', { timeout: LONG });
    const compassMs = Math.round(performance.now() - t0);
    const info = await page.evaluate(async () => {
      const d = await (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine.dataset();
      return { orders: d.tables.orders as number, label: d.label as string, restoreError: (d.restoreError as string) ?? null };
    });
    const rec = { dist, profile, stripMs, compassMs, peakMb: Math.round(Math.max(peak, rendererRssMb())), load, loadAfter: loadavg()[0].toFixed(1), ...info, lines };
    if (seed && info.orders < Number(values.rows) * 0.9) {
      await page.goto(`${server.url}#import`);
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-action="choose-files"]')]);
      await chooser.setFiles([resolve(values.file!)]);
      await page.waitForSelector('[data-import-file][data-status="ready"]', { timeout: LONG });
      const t = performance.now();
      await page.click('[data-action="import"]');
      await page.waitForSelector('[data-import-outcome="done"]', { timeout: LONG });
      console.error(`seeded: imported in ${Math.round(performance.now() - t)} ms; waiting for the save`);
      await page.waitForSelector('[data-saving="false"][data-saved-storage]:not([data-saved-storage=""])', { timeout: LONG });
      console.error(`seeded and saved in ${Math.round(performance.now() - t)} ms`);
      return null;
    }
    return rec;
  } finally {
    clearInterval(sampler);
    await context.close();
    await server.close();
  }
}

const out: Record<string, unknown>[] = [];
const seeded = (i: number) => values.seed === 'all' || values.seed!.split(',').includes(String(i));
for (const [i, dist] of dists.entries())
  if (i < profiles.length && seeded(i) && (await open(dist, profileOf(i), true)) === null) console.error(`${profileOf(i)} seeded by ${dist}`);
for (let run = 0; run < Number(values.runs); run++)
  for (const [i, dist] of dists.entries()) {
    const rec = (await open(dist, profileOf(i), false))!;
    console.error(JSON.stringify({ ...rec, lines: undefined }));
    for (const l of rec.lines) console.error('    ' + l);
    out.push(rec);
  }
console.log(JSON.stringify({ profiles, rows: Number(values.rows), runs: out }));
