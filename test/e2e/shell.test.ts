// The app shell in Chromium: language toggle, presentation mode, printable report, formula drawer.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { STORY_PANELS } from '../../src/lib/view/presentation.ts';
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import { openHostedApp, readTiles, type HostedApp } from './harness.ts';
import { nativeReference } from './native-reference.ts';

let session: HostedApp;
beforeAll(async () => {
  session = await openHostedApp();
  await readTiles(session.page);
});
afterAll(async () => {
  await session?.close();
});

const registeredPanels = async () => session.page.$$eval('nav [data-nav]', (links) => links.map((a) => a.getAttribute('data-nav')));

it('the language toggle switches visible labels, chart labels included, and is kept in the URL', async () => {
  const { page } = session;
  expect(await page.textContent('[data-kpi-strip] [data-metric-id="repurchase_rate"]')).toContain('复购率');
  await page.click('[data-action="toggle-language"]');
  await page.waitForFunction(() => location.hash.includes('lang=en'));
  expect(await page.textContent('[data-kpi-strip] [data-metric-id="repurchase_rate"]')).toContain('Repurchase rate');
  expect(await page.textContent('header nav')).toContain('Compass');
  expect(await page.getAttribute('html', 'lang')).toBe('en');
  await page.click('[data-action="toggle-language"]');
  await page.waitForFunction(() => !location.hash.includes('lang=en'));
  expect(await page.textContent('header nav')).toContain('罗盘');
});

it('the ⓘ drawer shows the catalogue formula and the parameters in force', async () => {
  const { page } = session;
  await page.click('[data-kpi-strip] [data-metric-id="repurchase_rate"] [data-action="how-computed"]');
  const drawer = page.locator('[data-kpi-strip] [data-metric-id="repurchase_rate"] dialog[open]');
  await drawer.waitFor();
  expect(await drawer.textContent()).toContain('期内消费≥2天的会员数 ÷ 期内消费会员数');
  expect(await drawer.textContent()).toMatch(/时间: \d{4}\/\d{2}\/\d{2} ~ \d{4}\/\d{2}\/\d{2}/);
  await page.keyboard.press('Escape');
});

it('presentation mode: larger type, arrow keys step through the slides, then the panels, Escape leaves', async () => {
  const { page } = session;
  const panels = (await registeredPanels()).filter((p) => (STORY_PANELS as readonly (string | null)[]).includes(p));
  const normalSize = await page.$eval('.app', (el) => parseFloat(getComputedStyle(el).fontSize));
  await page.click('[data-action="present"]');
  await page.waitForFunction(() => location.hash.includes('present=1'));
  expect(await page.$eval('.app', (el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThan(normalSize);
  await page.waitForSelector('[data-slide-count]');
  const slides = Number(await page.getAttribute('[data-slide-count]', 'data-slide-count'));
  for (let i = 1; i < slides; i++) {
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((n) => document.querySelector('.slide-no')?.textContent?.includes(`第 ${n} /`), i + 1);
  }
  expect(page.url()).toContain('#compass');
  await page.keyboard.press('ArrowRight'); // past the last slide: the next panel
  await page.waitForFunction((next) => location.hash.startsWith(`#${next}`), panels[1 % panels.length]);
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => location.hash.startsWith('#compass'));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !location.hash.includes('present=1'));
});

it('export report: one A4 page per panel, each stating the period and filters', async () => {
  const { page } = session;
  await page.goto(`${session.url}#compass?store=${encodeURIComponent('旗舰店')}`);
  await page.click('[data-action="print"]');
  await page.waitForSelector('[data-report-page]');
  const pages = await page.$$eval('[data-report-page]', (els) => els.map((e) => e.getAttribute('data-report-page')));
  const panels = (await registeredPanels()).filter((p) => (STORY_PANELS as readonly (string | null)[]).includes(p));
  expect(pages).toEqual(panels);
  const scopes = await page.$$eval('[data-report-scope]', (els) => els.map((e) => e.textContent ?? ''));
  for (const scope of scopes) expect(scope).toMatch(/时间: \d{4}\/\d{2}\/\d{2} ~ .*门店: 旗舰店/);
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 60_000 });
  await page.emulateMedia({ media: 'print' });
  const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
  const pdfPages = pdf.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
  expect(pdfPages).toBeGreaterThanOrEqual(pages.length);
  await page.emulateMedia({ media: 'screen' });
});

it('definitions: switching the repurchase variant and the lifecycle limits recomputes with them', async () => {
  const { page } = session;
  const native = await nativeReference();
  try {
    await page.goto(`${session.url}#compass`);
    await readTiles(page);
    const period = await page.$eval('[data-period-from]', (el) => ({ from: el.getAttribute('data-period-from')!, to: el.getAttribute('data-period-to')! }));
    await page.click('[data-filter="definitions"] summary');
    await page.selectOption('[data-filter="basis"]', 'orders');
    await page.waitForFunction(() => location.hash.includes('basis=orders'));
    const [byOrders] = ipcToRows(await native.engine.runMetric('repurchase_rate', { ...period, repurchaseBasis: 'orders' }));
    await page.waitForFunction(
      (v) => Number(document.querySelector('[data-kpi-strip] [data-metric-id="repurchase_rate"]')?.getAttribute('data-value')) === v,
      byOrders.value as number,
    );
    // the drawer states the variant in force (a click elsewhere closes the definitions popover)
    await page.click('h1');
    await page.waitForFunction(() => !(document.querySelector('[data-filter="definitions"]') as HTMLDetailsElement).open);
    await page.click('[data-kpi-strip] [data-metric-id="repurchase_rate"] [data-action="how-computed"]');
    expect(await page.textContent('[data-kpi-strip] [data-metric-id="repurchase_rate"] dialog[open]')).toContain('复购口径: 订单数≥2');
    await page.keyboard.press('Escape');

    await page.goto(`${session.url}#churn?lc=60,120,240`);
    const lifecycle = { active: 60, atRisk: 120, dormant: 240 };
    const expected = ipcToRows(await native.engine.runMetric('lifecycle_stages', { ...period, lifecycle }));
    for (const row of expected) {
      await page.waitForFunction(
        ({ stage, members }) => Number(document.querySelector(`[data-metric-id="lifecycle_stages"][data-key="${stage}"]`)?.getAttribute('data-value')) === members,
        { stage: row.stage as string, members: row.members as number },
        { timeout: 30_000 },
      );
    }
    expect(await page.inputValue('[data-filter="lifecycle-active"]')).toBe('60');
  } finally {
    native.close();
    await page.goto(`${session.url}#compass`);
  }
});

it('no console error and no request to another origin', () => {
  expect(session.consoleErrors).toEqual([]);
  expect(session.foreignRequests).toEqual([]);
});

it('skip link: the first Tab stop, and Enter moves focus past the header and filters into the panel', async () => {
  const { page } = session;
  await page.goto('about:blank'); // a fresh document: Tab starts from the top
  await page.goto(`${session.url}#satisfaction`);
  await page.waitForSelector('main[data-status="ready"] [data-panel="satisfaction"] [data-chart]', { timeout: 90_000 });
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('skip');
  expect(await page.$eval('[data-action="skip"]', (a) => a.getBoundingClientRect().top >= 0)).toBe(true); // shown when focused
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('content');
  expect(page.url()).toContain('#satisfaction'); // the view did not change
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('[data-panel="satisfaction"]'))).toBe(true);
});

it('every chart has an accessible description of what it shows (ECharts aria)', async () => {
  const { page } = session;
  await page.goto(`${session.url}#satisfaction`);
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && document.querySelectorAll('[data-chart-card] [data-chart] canvas').length >= 3, undefined, {
    timeout: 60_000,
  });
  const labels = await page.$$eval('[data-chart-card]', (cards) =>
    cards
      .filter((c) => c.querySelector('[data-chart]'))
      .map((c) => ({ title: c.querySelector('h3')!.textContent!.trim(), label: c.querySelector('[data-chart]')!.getAttribute('aria-label') ?? '' })),
  );
  expect(labels.length).toBeGreaterThanOrEqual(3);
  for (const { title, label } of labels) {
    expect(label.startsWith(`${title}：`), label).toBe(true);
    expect(label, title).toMatch(/折线图|柱状图/);
  }
  const trend = labels.find((l) => l.title.startsWith('月度满意度'))!;
  for (const store of ['旗舰店', '社区店', '商场店']) expect(trend.label).toContain(store); // the series it shows
  expect(trend.label).toMatch(/横轴 \d{4}-\d{2} 至 \d{4}-\d{2}/);
});

it('the KPI deltas (▲ blue, ▼ vermilion) reach 4.5:1 contrast on their tile', async () => {
  const { page } = session;
  await page.goto(`${session.url}#compass`);
  await readTiles(page);
  const ratios = await page.$$eval('[data-kpi-strip] .delta:is(.good, .bad)', (els) =>
    els.map((el) => {
      const rgb = (c: string) =>
        c
          .match(/\d+(\.\d+)?/g)!
          .slice(0, 3)
          .map(Number);
      const lum = (c: number[]) => {
        const [r, g, b] = c.map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      let bg = el as Element | null;
      while (bg && getComputedStyle(bg).backgroundColor.match(/rgba\(.*, 0\)|transparent/)) bg = bg.parentElement;
      const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(getComputedStyle(bg ?? document.body).backgroundColor))].sort((x, y) => y - x);
      return { cls: el.className, ratio: (a + 0.05) / (b + 0.05) };
    }),
  );
  expect(ratios.some((r) => r.cls.includes('bad'))).toBe(true); // the demo has falling KPIs
  for (const r of ratios) expect(r.ratio, r.cls).toBeGreaterThanOrEqual(4.5);
});
