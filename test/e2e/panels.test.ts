// 满意度 / 等级与积分 / 流失预警 on the demo (hosted build): charts drawn, tiles equal the catalogue on
// native DuckDB (default view, another preset, a store filter, a tier cross-filter), comments escaped,
// missing tables show the import hint.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import type { MetricParams } from '../../src/lib/metrics/params.ts';
import { openHostedApp, type HostedApp } from './harness.ts';
import { nativeReference, type NativeReference } from './native-reference.ts';

let native: NativeReference;
let session: HostedApp;
let page: Page;

beforeAll(async () => {
  native = await nativeReference();
  session = await openHostedApp();
  page = session.page;
  await page.waitForSelector('main[data-status="ready"]', { timeout: 90_000 });
}, 120_000);
afterAll(async () => {
  await session?.close();
  native?.close();
});

const nativeValue = async (id: string, p: MetricParams) => (ipcToRows(await native.engine.runMetric(id, p))[0]?.value as number | null) ?? null;
const nativeRows = async (id: string, p: MetricParams) => ipcToRows(await native.engine.runMetric(id, p));

async function open(hash: string) {
  await page.goto(`${session.url}${hash}`);
  await page.waitForSelector('main[data-status="ready"] [data-panel]', { timeout: 60_000 });
  await settle();
}

/** Waits until no panel is computing and the given tiles carry values. */
async function settle() {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 60_000 });
  await page.waitForTimeout(300);
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && document.querySelector('main')?.dataset.status === 'ready', undefined, { timeout: 60_000 });
}

async function period(): Promise<{ from: string; to: string }> {
  const el = await page.waitForSelector('[data-period-from]');
  return { from: (await el.getAttribute('data-period-from'))!, to: (await el.getAttribute('data-period-to'))! };
}

const tileValue = (id: string) =>
  page.$eval(`[data-panel] [data-metric-id="${id}"]`, (t) => {
    const v = t.getAttribute('data-value');
    return v === '' || v === null ? null : Number(v);
  });

function expectClose(actual: number | null, expected: number | null, id: string) {
  if (expected === null) return expect(actual, id).toBeNull();
  expect(actual, id).not.toBeNull();
  expect(Math.abs(actual! - expected), id).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

async function expectTiles(ids: readonly string[], p: MetricParams) {
  for (const id of ids) expectClose(await tileValue(id), await nativeValue(id, p), id);
}

/** Painted (non-background) pixels of each chart card's canvas, by card id. */
const painted = () =>
  page.$$eval('[data-chart-card]', (cards) =>
    Object.fromEntries(
      cards.map((card) => {
        const c = card.querySelector('canvas') as HTMLCanvasElement | null;
        if (!c) return [card.getAttribute('data-chart-card'), 0];
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) n++;
        return [card.getAttribute('data-chart-card'), n];
      }),
    ),
  );

async function expectChartsDrawn(ids: string[]) {
  const px = await painted();
  for (const id of ids) expect(px[id], id).toBeGreaterThan(1_500);
}

describe('满意度 satisfaction', () => {
  it('draws its charts; NPS / CSAT / responses equal the catalogue; comments and detractors listed', async () => {
    await open('#satisfaction');
    await expectChartsDrawn(['satisfaction-trend', 'nps-by-segment', 'repurchase-by-nps-class']);
    const p = await period();
    await expectTiles(['nps', 'csat', 'survey_responses'], p);
    const comments = await nativeRows('latest_comments', p);
    expect(await page.$$eval('[data-comment] .text', (els) => els.map((e) => e.textContent))).toEqual(comments.map((c) => c.comment));
    const detractors = await nativeRows('top_tier_detractors', p);
    expect(await page.locator('[data-detractor]').count()).toBe(Math.min(8, detractors.length));
    expect(await page.getAttribute('[data-link="top-tier-detractors"]', 'href')).toContain('o.list=top_tier_detractors');
  });

  it('after a store filter and another preset, the tiles follow', async () => {
    await page.selectOption('[data-filter="store"]', '社区店');
    await settle();
    await expectTiles(['nps', 'survey_responses'], { ...(await period()), stores: ['社区店'] });
    await page.selectOption('[data-filter="preset"]', 'last_year');
    await settle();
    await expectTiles(['nps', 'survey_responses'], { ...(await period()), stores: ['社区店'] });
  });

  it('a click on a store bar cross-filters the dashboard', async () => {
    await open('#satisfaction');
    const canvas = page.locator('[data-chart-card="nps-by-segment"] canvas');
    await canvas.scrollIntoViewIfNeeded(); // mouse clicks land in the viewport
    const box = (await canvas.boundingBox())!;
    // Three stores top-down 商场店, 旗舰店, 社区店 (sorted), all NPS > 0: walk right along the bottom row until a click hits its bar.
    const y = box.y + 8 + ((box.height - 8 - 24 - 20) / 3) * 2.5; // 20 px of axis labels under the plot (containLabel)
    for (let x = box.x + box.width * 0.4; x < box.x + box.width * 0.95; x += 12) {
      await page.mouse.click(x, y);
      if (await page.waitForSelector('[data-chip="store:社区店"]', { timeout: 300 }).catch(() => null)) break;
    }
    await page.waitForSelector('[data-chip="store:社区店"]');
    await settle();
    await expectTiles(['nps'], { ...(await period()), stores: ['社区店'] });
  });
});

describe('等级与积分 tiers & points', () => {
  it('draws tier mix, monthly changes, migration and points; tiles equal the catalogue', async () => {
    await open('#tiers');
    await expectChartsDrawn(['tier-mix', 'tier-changes-monthly', 'tier-migration', 'points-monthly']);
    const p = await period();
    await expectTiles(['tier_upgrades', 'tier_downgrades', 'points_earned', 'points_redeemed', 'points_expired', 'points_redemption_rate', 'points_liability'], p);
  });

  it('the point value and migration dates are kept in the hash and used', async () => {
    await page.fill('[data-opt="pv"]', '0.05');
    await page.press('[data-opt="pv"]', 'Enter');
    await page.waitForFunction(() => location.hash.includes('o.pv=0.05'));
    await settle();
    expectClose(await tileValue('points_liability'), await nativeValue('points_liability', { ...(await period()), pointValue: 0.05 }), 'liability at 0.05');
    await page.fill('[data-opt="mfrom"]', '2025-01-31');
    await page.waitForFunction(() => location.hash.includes('o.mfrom=2025-01-31'));
    await settle();
    const p = await period();
    const rows = await nativeRows('tier_migration', { ...p, migrationFrom: '2025-01-31' });
    await page.click('[data-chart-card="tier-migration"] [data-action="toggle-table"]');
    const shown = await page.$$eval('[data-chart-card="tier-migration"] tbody tr', (trs) => trs.length);
    expect(shown).toBe(rows.filter((r) => (r.members as number) > 0).length);
  });

  it('a click on a tier bar filters every panel: chip, and the KPI strip equals the catalogue for that tier', async () => {
    await open('#tiers');
    const canvas = page.locator('[data-chart-card="tier-mix"] canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const plotLeft = box.x + 48;
    const plotWidth = box.width - 48 - 16;
    // 4 tiers; the 金卡 group (3rd) is centred at 2.5 quarters; its second bar sits just right of centre.
    await page.mouse.click(plotLeft + plotWidth * (2.5 / 4) + 15, box.y + box.height - 40);
    await page.waitForSelector('[data-chip="tier:金卡"]');
    await settle();
    const p = { ...(await period()), tiers: ['金卡'] };
    expectClose(await page.$eval('[data-metric-id="sales"]', (t) => Number(t.getAttribute('data-value'))), await nativeValue('sales', p), 'sales 金卡');
    await page.goto(`${session.url}${(await page.evaluate(() => location.hash)).replace('#tiers', '#churn')}`);
    await settle();
    const stages = await nativeRows('lifecycle_stages', p);
    const shown = await page.$$eval('[data-metric-id="lifecycle_stages"]', (ts) => ts.map((t) => [t.getAttribute('data-key'), Number(t.getAttribute('data-value'))]));
    expect(shown).toEqual(stages.map((r) => [r.stage, r.members]));
  });
});

describe('流失预警 churn warning', () => {
  it('draws stages, flows and churn trend; stage tiles equal the catalogue and link to the member list', async () => {
    await open('#churn');
    await expectChartsDrawn(['lifecycle-stages', 'lifecycle-flow', 'churn-trend']);
    const p = await period();
    const stages = await nativeRows('lifecycle_stages', p);
    const shown = await page.$$eval('[data-metric-id="lifecycle_stages"]', (ts) => ts.map((t) => [t.getAttribute('data-key'), Number(t.getAttribute('data-value'))]));
    expect(shown).toEqual(stages.map((r) => [r.stage, r.members]));
    // demo orders start 2024-11-01: churn (365 quiet days) is observable from 2025-11
    expect(await page.textContent('[data-note="churn-start"]')).toContain('2025-11');
    expect(await page.getAttribute('[data-key="at_risk"]', 'href')).toMatch(/^#members\?.*o\.list=lifecycle&o\.stage=at_risk/);
  });

  it('lists the top members at risk with masked phones (unmasked on request, masked again when presenting)', async () => {
    const p = await period();
    const rows = await nativeRows('members_at_risk', p);
    expect(rows.length).toBe(20);
    const ids = await page.$$eval('[data-at-risk]', (trs) => trs.map((t) => t.getAttribute('data-at-risk')));
    expect(ids).toEqual(rows.map((r) => r.member_id));
    const phones = () => page.$$eval('[data-at-risk] .phone', (tds) => tds.map((t) => t.textContent));
    expect((await phones())[0]).toBe(`${String(rows[0].phone).slice(0, 3)}****${String(rows[0].phone).slice(-4)}`);
    await page.click('[data-action="toggle-phones"]');
    expect((await phones())[0]).toBe(rows[0].phone);
    await page.evaluate(() => (location.hash = `${location.hash}${location.hash.includes('?') ? '&' : '?'}present=1`));
    await page.waitForSelector('[data-present="true"]');
    expect((await phones())[0]).toContain('****');
    expect(await page.getAttribute('[data-link="members-at-risk"]', 'href')).toContain('o.stage=at_risk');
  });
});

const ORDERS = 'order_id,order_time,member_id,store,channel,amount\no1,2026-01-05 10:00:00,m1,店X,offline,100\no2,2026-02-05 10:00:00,m2,店X,offline,50\n';
const MEMBERS = 'member_id,join_date,tier\nm1,2025-01-01,金卡\nm2,2025-01-01,普通\n';
const EVIL = '<img src=x onerror="globalThis.__pwned=1"><b>bold</b>';
const SURVEYS = `member_id,survey_time,score,scale,comment,store\nm1,2026-02-01 10:00:00,3,nps,"${EVIL.replaceAll('"', '""')}",店X\n`;

/** Imports files through the worker's import API (as the import page does), then reloads: the saved dataset opens. */
async function importAndReload(files: Record<string, string>) {
  const outcome = await page.evaluate(async (files) => {
    const engine = (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine;
    const items = Object.entries(files).map(([kind, text]) => ({ file: new File([text], `${kind}.csv`, { type: 'text/csv' }), kind }));
    const r = await engine.importFiles(items);
    return r.status;
  }, files);
  expect(outcome).toBe('done');
  await page.reload();
  await page.waitForSelector('main[data-status="ready"]', { timeout: 60_000 });
}

describe('own data with tables missing', () => {
  it('shows comments as text, never HTML; points and tier changes ask for an import', async () => {
    await importAndReload({ orders: ORDERS, members: MEMBERS, surveys: SURVEYS });
    await open('#satisfaction?preset=this_year');
    await page.waitForSelector('[data-comment]');
    expect(await page.$eval('[data-comment] .text', (e) => e.textContent)).toBe(EVIL);
    expect(await page.$$eval('[data-list-card] img, [data-list-card] b', (els) => els.length)).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    await open('#tiers?preset=this_year');
    expect(await page.getAttribute('[data-panel="tiers-points"]', 'data-status')).toBe('missing');
    expect(await page.textContent('[data-panel="tiers-points"]')).toContain('导入积分流水以查看此面板');
    expect(await page.getAttribute('[data-panel="tiers-changes"]', 'data-status')).toBe('missing');
    await expectChartsDrawn(['tier-mix']);
  });

  it('without surveys, the satisfaction panel shows the import hint', async () => {
    await importAndReload({ orders: ORDERS, members: MEMBERS });
    await open('#satisfaction');
    expect(await page.getAttribute('[data-panel="satisfaction"]', 'data-status')).toBe('missing');
    expect(await page.textContent('[data-panel="satisfaction"]')).toContain('导入满意度调查以查看此面板');
    expect(await page.locator('[data-panel="satisfaction"] a[href="#import"]').count()).toBe(1);
  });
});

describe('console', () => {
  it('had no console error in any of the above', () => {
    expect(session.consoleErrors).toEqual([]);
  });
});
