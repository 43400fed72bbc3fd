// Two places on screen never disagree (demo, hosted build): the KPI strip's buyers and the buyers list,
// each lifecycle tile and its list, under several periods and filters; a breakdown below its headline
// says why; a filter the data cannot honour is named on its chip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHostedApp, readTiles, type HostedApp } from './harness.ts';

let app: HostedApp;
beforeAll(async () => {
  app = await openHostedApp('#compass');
}, 120_000);
afterAll(() => app?.close());

async function memberCount(): Promise<number> {
  const el = await app.page.waitForSelector('[data-panel="members"][data-status="ready"] [data-member-count]:not([data-member-count=""])', { timeout: 90_000 });
  return Number(await el.getAttribute('data-member-count'));
}

/** Opens `hash` and waits until the view (period attribute) reflects it. */
async function open(hash: string) {
  await app.page.evaluate((h) => (location.hash = h), hash);
  await app.page.waitForFunction((h) => decodeURIComponent(location.hash) === h, hash);
}

describe('counts agree across places', () => {
  for (const query of ['', 'preset=last30', 'preset=last30&store=社区店', 'preset=last180&channel=online']) {
    it(`regression: the buyers KPI equals the buyers list (${query || 'default view'})`, async () => {
      await open(`#compass${query ? `?${query}` : ''}`);
      const tiles = await readTiles(app.page);
      expect(tiles.buyers).toBeGreaterThan(0);
      // Under a store filter the buyers KPI counts everyone who bought there: the list's "shopped here" scope.
      const scoped = query.includes('store=') ? '&o.scope=shopped' : '';
      await open(`#members?${query}${scoped}`);
      expect(await memberCount()).toBe(tiles.buyers);
      expect(await app.page.textContent('[data-member-target]')).toBe('期内消费会员');
    });
  }

  it("a store's list holds its own members by default (home store), with the shopped-here count one click away", async () => {
    await open('#members?preset=last30&store=社区店&o.scope=shopped');
    const shopped = await memberCount();
    await app.page.click('[data-action="switch-scope"]');
    await app.page.waitForSelector('[data-member-scope="home"]');
    await app.page.waitForFunction(() => !location.hash.includes('scope'));
    const home = await memberCount();
    expect(home).toBeGreaterThan(0);
    expect(home).toBeLessThan(shopped);
    const homeStores = await app.page.$$eval('[data-member-row] [data-col="home_store"]', (cells) => [...new Set(cells.map((c) => c.textContent?.trim()))]);
    expect(homeStores).toEqual(['社区店']);
  });

  it('each lifecycle stage tile opens a list of exactly that many members', async () => {
    await open('#churn');
    await app.page.waitForSelector('[data-panel="churn"][data-status="ready"] [data-metric-id="lifecycle_stages"][data-key="at_risk"]');
    const tiles = await app.page.$$eval('[data-metric-id="lifecycle_stages"][data-key]', (els) =>
      els.map((e) => ({ stage: e.getAttribute('data-key')!, members: Number(e.getAttribute('data-value')), href: e.getAttribute('href')! })),
    );
    expect(tiles.map((t) => t.stage)).toEqual(['new', 'active', 'at_risk', 'dormant', 'churned']);
    for (const t of tiles.filter((x) => x.stage === 'at_risk' || x.stage === 'churned')) {
      await open(t.href);
      expect(await memberCount(), t.stage).toBe(t.members);
    }
  });
});

describe('a breakdown below its headline says why', () => {
  it('the by-store card states the rule with the share of buyers in two or more stores', async () => {
    await open('#repurchase');
    const note = await app.page.waitForSelector('[data-note="cross-store"]', { timeout: 90_000 });
    expect(await note.textContent()).toMatch(/本期 \d+(\.\d+)?% 的消费会员（[\d,]+ 人）在两家及以上门店消费/);
  });
});

describe('which store is weakest', () => {
  it('the compass ranks every store by its mean shortfall, largest first, with the rule shown', async () => {
    await open('#compass');
    await app.page.waitForSelector('[data-store-rank="1"]', { timeout: 90_000 });
    const ranks = await app.page.$$eval('[data-store-rank]', (els) =>
      els.map((e) => ({ store: e.getAttribute('data-store'), shortfall: Number(e.getAttribute('data-shortfall')) })),
    );
    expect(ranks.map((r) => r.store).sort()).toEqual(['商场店', '旗舰店', '社区店']);
    expect(ranks.map((r) => r.shortfall)).toEqual([...ranks.map((r) => r.shortfall)].sort((a, b) => b - a));
    expect(await app.page.textContent('.ranking .rule')).toContain('排序规则');
  });
});

describe('filters the data cannot honour', () => {
  it('regression: a store the data does not have is named on its chip instead of silent zeros', async () => {
    await open('#compass?store=浦东店');
    const notice = await app.page.waitForSelector('[data-filter-notice="store:浦东店"]', { timeout: 30_000 });
    expect(await notice.textContent()).toContain('数据中没有门店为“浦东店”的记录');
    expect(await app.page.getAttribute('[data-chip="store:浦东店"]', 'data-chip-warning')).toBe('true');
    await open('#compass?store=社区店');
    await app.page.waitForSelector('[data-chip="store:社区店"]');
    expect(await app.page.$('[data-filter-notice]')).toBeNull();
  });
  it('had no console error', () => expect(app.consoleErrors).toEqual([]));
});
