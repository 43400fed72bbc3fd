/**
 * `npx tsx bench/benefits-panel.ts [--runs 3]`: the 权益与营销 panel on the demo in headless Chromium
 * (hosted build in dist/): a hash link from the compass → the first card (campaign effects) and every card
 * drawn (the panel left `loading`, no card `data-pending`), cold and after the compass; then each engine
 * call the panel makes, timed in the page. Prints one JSON object.
 */
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { openBrowser, serveStatic } from '../test/e2e/harness.ts';
import type { MetricParams } from '../src/lib/metrics/params.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, dist: { type: 'string', default: 'dist' } } });
const RUNS = Math.max(1, Number(values.runs));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * From the compass, the engine idle (its queue drained: `dataset()` answers after all work queued before
 * it), a hash link to the benefits panel → ms to the first campaign row and to every card drawn. A
 * response window of `rw` days: a window no visit asked before is a cold question (no cached answer).
 */
async function openBenefits(page: Page, rw: number): Promise<{ firstCardMs: number; drawnMs: number }> {
  await page.evaluate(() => (location.hash = '#compass'));
  await page.waitForFunction(() => document.querySelector('[data-panel="compass"]')?.getAttribute('data-status') === 'ready', undefined, { timeout: 120_000 });
  await page.evaluate(() => (globalThis as unknown as { storeCompass: { engine: { dataset(): Promise<unknown> } } }).storeCompass.engine.dataset());
  await page.evaluate(() => document.querySelectorAll('[data-panel]').forEach((e) => e.setAttribute('data-bench-old', '')));
  const t = performance.now();
  await page.evaluate((rw) => (location.hash = `#benefits?o.rw=${rw}`), rw);
  await page.waitForFunction(() => !document.querySelector('[data-bench-old]') && document.querySelector('[data-campaign-effects] tr[data-campaign]'), undefined, {
    timeout: 120_000,
    polling: 16,
  });
  const firstCardMs = performance.now() - t;
  await page.waitForFunction(
    () => {
      const p = document.querySelector('[data-panel="benefits"]');
      return p?.getAttribute('data-status') === 'ready' && !p.querySelector('[data-pending]') && p.querySelector('[data-card="what-to-change"]');
    },
    undefined,
    { timeout: 120_000, polling: 16 },
  );
  return { firstCardMs, drawnMs: performance.now() - t };
}

/** Each engine call of the panel, timed in the page, with the panel's default params. */
async function engineCalls(page: Page, params: MetricParams): Promise<Record<string, number>> {
  return page.evaluate(async (params) => {
    // No named functions in here: tsx would wrap them in a __name helper the page does not have.
    const engine = (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine;
    const panelIds = ['benefit_funnel', 'channel_effectiveness', 'member_day_sales', 'birthday_gift_sales'];
    const calls: [string, string, unknown][] = [
      ['metrics_4', 'runMetrics', panelIds],
      ['campaignEffects', 'campaignEffects', null],
      ['did_member_outcomes_sql', 'runMetrics', ['did_member_outcomes']],
      ['community_member_outcomes_sql', 'runMetrics', ['community_member_outcomes']],
      ['matchedEffects', 'matchedEffects', null],
    ];
    const out: Record<string, number> = {};
    for (const [name, method, ids] of calls) {
      const t = performance.now();
      await (ids ? engine[method](ids, params) : engine[method](params));
      out[name] = Math.round(performance.now() - t);
    }
    return out;
  }, params);
}

const server = await serveStatic(resolve(values.dist), '/');
const session = await openBrowser(new URL(server.url).origin);
const { page } = session;
await page.goto(server.url);
await page.waitForSelector('main[data-status="ready"]', { timeout: 120_000 });
const load = loadavg()[0].toFixed(1);
// Cold: windows of 29, 28, … days, asked for the first time. Then the default 30 days, which the compass's
// "what to change" has already asked for on its own first paint (the worker keeps that answer).
const cold: { firstCardMs: number; drawnMs: number }[] = [];
for (let i = 0; i < RUNS; i++) cold.push(await openBenefits(page, 29 - i));
const fromCompass = await openBenefits(page, 30);
const from = (await page.getAttribute('[data-period-from]', 'data-period-from'))!;
const to = (await page.getAttribute('[data-period-to]', 'data-period-to'))!;
const calls = await engineCalls(page, { from, to, responseDays: 30 });
await session.close();
await server.close();
const row = {
  benefits_first_card_ms: Math.round(median(cold.map((r) => r.firstCardMs))),
  benefits_panel_drawn_ms: Math.round(median(cold.map((r) => r.drawnMs))),
  cold_runs_ms: cold.map((r) => Math.round(r.drawnMs)),
  benefits_panel_from_compass_ms: Math.round(fromCompass.drawnMs),
  engine_ms: calls,
  load_average: load,
};
console.log(JSON.stringify(row, null, 1));
