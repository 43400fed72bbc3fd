// 权益与营销 in the hosted build: a benefits + campaigns pair (with their members and orders) imported through the
// real file chooser; the panel draws the funnel and the campaign effect from it (values from
// test/fixtures/metrics-benefits/README.md, read from the DOM, not pixels), the ranking shows, and the
// "did not come back" link opens the member list with exactly those members.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST_DIR, openBrowser, serveStatic, type BrowserSession, type StaticServer } from './harness.ts';

const FILES = ['members', 'orders', 'benefits', 'campaigns'].map((t) => resolve(`test/fixtures/metrics-benefits/${t}.csv`));
const SHOTS = 'test/e2e/screenshots';

let server: StaticServer;
let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  server = await serveStatic(resolve(DIST_DIR), '/');
  session = await openBrowser(new URL(server.url).origin);
  page = session.page;
}, 60_000);
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('benefits & campaigns panel on the demo (before any import)', () => {
  it('tells the demo story: the member-day coupon does not pay back (aim it at dormant members), the 社区店 SMS win-back does', async () => {
    await page.goto(`${server.url}#benefits`);
    await page.waitForSelector('[data-card="what-to-change"] [data-change]', { timeout: 120_000 });
    const changes = await page.$$eval('[data-card="what-to-change"] [data-change]', (els) => els.map((e) => e.getAttribute('data-change')));
    // workers/demo/README.md: MD202609 wholly below 1, WB202608 wholly above 1 (test/unit/campaigns/demo-story.test.ts)
    expect(changes).toEqual(expect.arrayContaining(['loses:MD202609', 'pays:WB202608']));
    expect(await page.getAttribute('[data-change="loses:MD202609"] a', 'href')).toContain('o.list=lifecycle');
  }, 150_000);

  it('predicted CLV in the community comparison: "not fitted" until the value model runs, then community vs matched with an interval', async () => {
    const row = page.locator('[data-community-comparison] [data-measure="clv"]');
    await row.waitFor({ timeout: 60_000 });
    expect(await row.getAttribute('data-clv')).toBe('not-fitted'); // nothing fitted the value model yet
    expect(await row.textContent()).toContain('拟合价值模型后才有');
    await row.locator('[data-link="fit-value"]').click();
    await page.waitForFunction(() => location.hash.startsWith('#value'));
    await page.waitForSelector('[data-prediction-status="ok"]', { timeout: 120_000 });
    await page.goto(`${server.url}#benefits`);
    await page.waitForSelector('[data-community-comparison] [data-measure="clv"][data-difference]:not([data-difference=""])', { timeout: 120_000 });
    const clv = page.locator('[data-community-comparison] [data-measure="clv"]');
    expect(await clv.getAttribute('data-clv')).toBeNull();
    const cells = await clv.locator('td').allTextContents();
    expect(cells[0]).toContain('2026-10-31 起未来 12 个月'); // the default fit: from the last day of data, 12 months
    expect(cells[1]).toMatch(/^¥/);
    expect(cells[2]).toMatch(/^¥/);
    expect(cells[3]).toMatch(/^−?¥.* \[−?¥.*, −?¥.*\]$/);
    expect(Number.isFinite(Number(await clv.getAttribute('data-difference')))).toBe(true);
    await page.locator('[data-community-comparison]').screenshot({ path: `${SHOTS}/benefits-demo-clv.png` });
  }, 240_000);
});

describe('benefits & campaigns panel', () => {
  it('imports the benefits + campaigns pair: detected kinds and row counts in the report', async () => {
    await page.goto(`${server.url}#import`);
    await page.waitForSelector('[data-action="choose-files"]', { timeout: 120_000 }); // the engine starts first (~30 s on a loaded machine)
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-action="choose-files"]')]);
    await chooser.setFiles(FILES);
    await page.waitForFunction(
      () => {
        const cards = document.querySelectorAll('[data-import-file]');
        return cards.length === 4 && [...cards].every((c) => c.getAttribute('data-status') === 'ready');
      },
      undefined,
      { timeout: 60_000 },
    );
    expect(await page.getAttribute('[data-import-file="benefits.csv"]', 'data-kind')).toBe('benefits');
    expect(await page.getAttribute('[data-import-file="campaigns.csv"]', 'data-kind')).toBe('campaigns');
    await page.click('[data-action="import"]');
    await page.waitForSelector('[data-import-outcome="done"]', { timeout: 60_000 });
    const reports = await page.$$eval('[data-import-report]', (els) => els.map((e) => [e.getAttribute('data-file'), Number(e.getAttribute('data-rows-loaded'))]));
    expect(reports).toEqual(
      expect.arrayContaining([
        ['benefits.csv', 7],
        ['campaigns.csv', 7],
      ]),
    );
  }, 90_000);

  it('the panel draws the funnel, the campaign effect with its interval and verdict, and the ranking', async () => {
    await page.goto(`${server.url}#benefits?from=2024-03-01&to=2024-04-01`);
    await page.waitForSelector('[data-campaign-effects] tr[data-campaign="C1"]', { timeout: 60_000 });
    const funnel = page.locator('[data-chart-card="benefit-funnel"]');
    await funnel.locator('[data-action="toggle-table"]').click();
    const rows = await funnel.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 6).map((td) => td.textContent?.trim() ?? '')));
    // type, issued, used, use rate, used with a purchase, expired unused (README: 生日礼 3/3/2, 优惠券 2/0/0 with 1 expired, 会员日 1/1/0)
    expect(rows.map((r) => [r[0], r[1], r[2], r[4], r[5]])).toEqual([
      ['生日礼', '3', '3', '2', '0'],
      ['优惠券', '2', '0', '0', '1'],
      ['会员日', '1', '1', '0', '0'],
    ]);
    const c1 = page.locator('tr[data-campaign="C1"]');
    expect(await c1.getAttribute('data-verdict')).toBe('undecided');
    expect(Number(await c1.getAttribute('data-uplift'))).toBe(0);
    expect(Number(await c1.getAttribute('data-uplift-lower'))).toBeCloseTo(-0.535609608, 8);
    expect(await page.getAttribute('tr[data-campaign="C2"]', 'data-verdict')).toBe('none'); // no control group
    const ranking = page.locator('[data-chart-card="campaign-ranking"]');
    await ranking.locator('[data-action="toggle-table"]').click();
    const ranked = await ranking.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    // C1: 100 × 0.4 ÷ 27; the 生日礼 DiD estimate (README): 45 × 0.4 ÷ ¥25 — campaigns and benefits in one ranking
    expect(ranked.map((r) => r.slice(0, 2))).toEqual([
      ['召回短信', '1.48'],
      ['生日礼（估计）', '0.72'],
    ]);
    await page.screenshot({ path: `${SHOTS}/benefits-imported.png`, fullPage: true });
  }, 90_000);

  it('the response window is part of the view: o.rw in the URL sets it, a new value goes into the URL, and the lapsed list follows it', async () => {
    await page.goto(`${server.url}#benefits?from=2024-03-01&to=2024-04-01&o.rw=7`);
    await page.waitForSelector('[data-campaign-effects] tr[data-campaign="C1"]', { timeout: 60_000 });
    expect(await page.inputValue('[data-input="response-days"]')).toBe('7');
    await page.fill('[data-input="response-days"]', '14');
    await page.press('[data-input="response-days"]', 'Enter');
    await page.waitForFunction(() => location.hash.includes('o.rw=14'));
    expect(await page.getAttribute('tr[data-campaign="C1"] [data-link="campaign-lapsed"]', 'href')).toContain('o.days=14'); // the lapsed list reads the same window
    await page.goto(`${server.url}#benefits?from=2024-03-01&to=2024-04-01`);
    await page.waitForSelector('[data-campaign-effects] tr[data-campaign="C1"]', { timeout: 60_000 });
    expect(await page.inputValue('[data-input="response-days"]')).toBe('30');
  }, 90_000);

  it('"did not come back" leads to the member list of C1’s contacted members without a purchase in 30 days (b3, b4)', async () => {
    await page.click('tr[data-campaign="C1"] [data-link="campaign-lapsed"]');
    await page.waitForFunction(() => location.hash.startsWith('#members') && document.querySelectorAll('[data-member-row]').length > 0, undefined, { timeout: 60_000 });
    const ids = await page.$$eval('[data-member-row]', (els) => els.map((e) => e.getAttribute('data-member-row')));
    expect(ids.sort()).toEqual(['b3', 'b4']);
  }, 90_000);

  it('"what to change" gives one action per ranked item, no stronger than its interval, and C1’s opens its lapsed members (b3, b4)', async () => {
    await page.goto(`${server.url}#benefits?from=2024-03-01&to=2024-04-01`);
    await page.waitForSelector('[data-card="what-to-change"] [data-change]', { timeout: 60_000 });
    const ranking = page.locator('[data-chart-card="campaign-ranking"]');
    await ranking.locator('[data-action="toggle-table"]').click();
    const intervals = await ranking.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    const changes = await page.$$eval('[data-card="what-to-change"] [data-change]', (els) => els.map((e) => [e.getAttribute('data-change'), e.getAttribute('data-verdict')]));
    // one action per ranked row, in the ranking's order; the verdict is what the shown interval allows
    expect(changes.map(([id]) => id!.replace(/^[a-z]+:/, ''))).toEqual(['C1', 'benefit:生日礼']);
    intervals.forEach(([, , lower, upper], i) => expect(changes[i][1]).toBe(Number(lower) > 1 ? 'pays' : Number(upper) < 1 ? 'loses' : 'unclear'));
    expect(changes[0][1]).not.toBe('loses'); // C1's estimate 1.48 lies inside its interval, so it cannot be wholly below 1
    await page.click('[data-change^="unclear:C1"] a, [data-change^="pays:C1"] a');
    await page.waitForFunction(() => location.hash.startsWith('#members') && document.querySelectorAll('[data-member-row]').length > 0, undefined, { timeout: 60_000 });
    expect(decodeURIComponent(await page.evaluate(() => location.hash))).toContain('o.list=campaign_lapsed');
    const ids = await page.$$eval('[data-member-row]', (els) => els.map((e) => e.getAttribute('data-member-row')));
    expect(ids.sort()).toEqual(['b3', 'b4']);
  }, 90_000);
});
