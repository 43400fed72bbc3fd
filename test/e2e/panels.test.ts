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

/** Waits until no panel is computing and the dashboard is ready, twice in a row a frame apart (a new query may start right after one ends). */
async function settle() {
  const idle = () => !document.querySelector('[aria-busy="true"]') && document.querySelector('main')?.dataset.status === 'ready';
  for (let i = 0; i < 2; i++) {
    await page.waitForFunction(idle, undefined, { timeout: 60_000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  await page.waitForFunction(idle, undefined, { timeout: 60_000 });
}

/**
 * Clicks the middle of the pixels drawn in `hex` inside a region of a chart's canvas (fractions
 * of its width and height), found by reading the canvas rather than by guessing layout offsets.
 */
async function clickColour(card: string, hex: string, region = { x0: 0, x1: 1, y0: 0, y1: 1 }) {
  const canvas = page.locator(`[data-chart-card="${card}"] canvas`).first();
  await canvas.scrollIntoViewIfNeeded(); // mouse clicks land in the viewport
  const point = await canvas.evaluate(
    (c: HTMLCanvasElement, { hex, region }) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const { data, width, height } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let n = 0,
        sx = 0,
        sy = 0;
      for (let y = Math.floor(region.y0 * height); y < region.y1 * height; y++) {
        for (let x = Math.floor(region.x0 * width); x < region.x1 * width; x++) {
          const i = (y * width + x) * 4;
          if (Math.abs(data[i] - r) < 6 && Math.abs(data[i + 1] - g) < 6 && Math.abs(data[i + 2] - b) < 6) {
            n++;
            sx += x;
            sy += y;
          }
        }
      }
      const scale = c.width / c.clientWidth;
      return n ? { x: sx / n / scale, y: sy / n / scale } : null;
    },
    { hex, region },
  );
  expect(point, `${hex} drawn in ${card}`).not.toBeNull();
  const box = (await canvas.boundingBox())!;
  await page.mouse.click(box.x + point!.x, box.y + point!.y);
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
    // Three stores top-down 商场店, 旗舰店, 社区店 (sorted), NPS > 0 drawn blue (#0072B2): 社区店 is the bottom third.
    await clickColour('nps-by-segment', '#0072B2', { x0: 0, x1: 1, y0: 0.6, y1: 1 });
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
    // 4 tiers left to right; the 金卡 group is the third quarter; its sales-share bar is blue (#0072B2).
    await clickColour('tier-mix', '#0072B2', { x0: 0.5, x1: 0.75, y0: 0, y1: 1 });
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
