// Session 12 (issue 14, main-thread long tasks on a panel switch), on the demo (hosted build):
//  - a chart's ECharts instance is made in a task after its panel mounts (EChart.svelte via draw-queue.ts),
//    not in the mount's own flush: a MutationObserver sees every chart host still without its ECharts
//    instance (`_echarts_instance_`, the renderer's root) at the end of the task that inserted it;
//  - every chart of each panel is still made and drawn after the switch (canvas, data-drawn);
//  - (session 13) a heat map with more than HEATMAP_STEP cells paints only the axes and the first HEATMAP_STEP
//    cell labels in the task that sets its option; the other cells follow in later tasks (animation frames);
//    (session 14) so does the value panel's P(alive) heat map;
//  - the value panel's CLV histogram and top-20 % takeaway (now by selection, from typed columns) equal
//    a plain sort over the same fit on native DuckDB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import { HEATMAP_STEP } from '../../src/lib/charts/cohort-heatmap.ts';
import { openHostedApp, type HostedApp } from './harness.ts';
import { nativeReference, type NativeReference } from './native-reference.ts';

let native: NativeReference;
let session: HostedApp;

beforeAll(async () => {
  native = await nativeReference();
  session = await openHostedApp();
  await session.page.addInitScript(() => {
    const g = globalThis as unknown as { __chartHosts: { panel: string; made: boolean }[] };
    g.__chartHosts = [];
    new MutationObserver((records) => {
      for (const r of records)
        for (const node of r.addedNodes) {
          if (!(node instanceof Element)) continue;
          const hosts = node.matches('[data-chart]') ? [node] : [...node.querySelectorAll('[data-chart]')];
          // Looked at after 200 more microtasks, still in the task that inserted it: a Svelte flush's
          // effects (where a chart used to be made) have run by then; a task queued for later has not.
          const panel = location.hash;
          const later = (n: number, f: () => void): void => (n ? queueMicrotask(() => later(n - 1, f)) : f());
          for (const h of hosts) later(200, () => g.__chartHosts.push({ panel, made: h.hasAttribute('_echarts_instance_') || h.childElementCount > 0 }));
        }
      // Session 14: a removed chart host's instance is disposed in a later task, not in the task that removes it
      // (ECharts' dispose empties the host's `_echarts_instance_`).
      const gone = (g as unknown as { __goneHosts: { atRemoval: boolean; host: Element }[] }).__goneHosts ?? [];
      (g as unknown as { __goneHosts: unknown }).__goneHosts = gone;
      for (const r of records)
        for (const node of r.removedNodes) {
          if (!(node instanceof Element)) continue;
          const hosts = node.matches('[data-chart]') ? [node] : [...node.querySelectorAll('[data-chart]')];
          const later = (n: number, f: () => void): void => (n ? queueMicrotask(() => later(n - 1, f)) : f());
          for (const h of hosts) if (h.getAttribute('_echarts_instance_')) later(200, () => gone.push({ atRemoval: !!h.getAttribute('_echarts_instance_'), host: h }));
        }
    }).observe(document, { childList: true, subtree: true });
  });
  await session.page.addInitScript(() => {
    // Which task paints each text on a chart card's canvas. A group is one task: it ends when a message
    // posted in it arrives (never inside the task that posted it) or when an animation frame callback starts
    // (a frame may come before the message; ECharts draws its progressive steps in frame callbacks).
    const g = globalThis as unknown as { __texts: { card: string; group: number }[] };
    g.__texts = [];
    let group = 0;
    let open = false;
    const close = new MessageChannel();
    close.port1.onmessage = () => (open = false);
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) =>
      raf((t) => {
        open = false;
        cb(t);
      });
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, ...args: Parameters<CanvasRenderingContext2D['fillText']>) {
      if (!open) {
        open = true;
        group++;
        close.port2.postMessage(null);
      }
      const card = this.canvas instanceof HTMLCanvasElement ? this.canvas.closest('[data-chart-card]')?.getAttribute('data-chart-card') : null;
      if (card) g.__texts.push({ card, group });
      return fillText.apply(this, args);
    };
  });
  await session.page.reload(); // the observer from the first document on (panel switches are hash changes in it)
}, 120_000);
afterAll(async () => {
  await session?.close();
  native?.close();
});

async function openPanel(hash: string): Promise<void> {
  const { page } = session;
  await page.goto(`${session.url}${hash}`);
  await page.waitForSelector('main[data-status="ready"] [data-panel]', { timeout: 90_000 });
  if (hash === '#value') await page.waitForSelector('[data-panel="value"] [data-prediction-status="ok"]', { timeout: 90_000 });
  await page.waitForFunction(
    () => {
      const sections = [...document.querySelectorAll('#content [data-panel]')];
      const charts = [...document.querySelectorAll('#content [data-chart]')];
      return (
        sections.length > 0 &&
        sections.every((s) => s.getAttribute('data-status') !== 'loading') &&
        charts.length > 0 &&
        charts.every((c) => c.getAttribute('data-drawn') === 'true')
      );
    },
    undefined,
    { timeout: 90_000, polling: 50 },
  );
}

/** Heat map `card` painted in steps: at most `axis` texts outside the cells plus HEATMAP_STEP cell labels in its first painting task, every cell painted. */
async function expectStepped(page: HostedApp['page'], card: string, axis: number): Promise<void> {
  const [{ points }] = JSON.parse((await page.getAttribute(`[data-chart-card="${card}"]`, 'data-series'))!) as { points: number }[];
  const texts = await page.evaluate(
    (card) => (globalThis as unknown as { __texts: { card: string; group: number }[] }).__texts.filter((t) => t.card === card).map((t) => t.group),
    card,
  );
  const groups = [...new Set(texts)];
  const first = texts.filter((g) => g === groups[0]).length;
  expect(points, card).toBeGreaterThan(HEATMAP_STEP); // the demo's maps are big enough to be stepped
  expect(groups.length, card).toBeGreaterThan(1);
  expect(first, card).toBeLessThanOrEqual(axis + HEATMAP_STEP);
  expect(texts.length, card).toBeGreaterThanOrEqual(points);
}

describe('charts are made after their panel mounts, and still drawn', () => {
  for (const hash of ['#compass', '#repurchase', '#churn', '#segments', '#value'])
    it(`${hash}: no chart is made in the task that inserts its host; each is made and drawn afterwards`, async () => {
      await openPanel(hash);
      const { page } = session;
      const hosts = await page.evaluate(
        (hash) => (globalThis as unknown as { __chartHosts: { panel: string; made: boolean }[] }).__chartHosts.filter((h) => h.panel === hash),
        hash,
      );
      expect(hosts.length).toBeGreaterThan(0);
      expect(hosts.filter((h) => h.made)).toEqual([]);
      const drawn = await page.$$eval('#content [data-chart]', (charts) => charts.map((c) => !!c.querySelector('canvas') && c.getAttribute('data-drawn') === 'true'));
      expect(drawn.length).toBeGreaterThan(0);
      expect(drawn.every(Boolean)).toBe(true);
    });
});

describe('a panel switch disposes the old charts after the switch task (session 14)', () => {
  it('every chart host removed by the switches above still held its instance when removed, and is disposed since', async () => {
    const { page } = session;
    await page.waitForTimeout(500); // the queued disposes run
    const gone = await page.evaluate(() =>
      ((globalThis as unknown as { __goneHosts?: { atRemoval: boolean; host: Element }[] }).__goneHosts ?? []).map((g) => ({
        atRemoval: g.atRemoval,
        now: g.host.getAttribute('_echarts_instance_') ?? '',
      })),
    );
    expect(gone.length).toBeGreaterThan(0);
    expect(gone.filter((g) => !g.atRemoval)).toEqual([]); // not disposed in the task that removed it
    expect(gone.filter((g) => g.now !== '')).toEqual([]); // disposed afterwards
  });
});

describe('a chart let go while it still draws (session 14)', () => {
  it('reports nothing to the page: slides stepped back and forth, then another panel, as a presenter does', async () => {
    const { page } = session;
    const before = session.consoleErrors.length;
    for (const panel of ['segments', 'value', 'segments']) {
      await page.goto(`${session.url}#${panel}?present=1`);
      await page.waitForSelector('[data-slide-count]', { timeout: 90_000 });
      await page.waitForTimeout(400);
      for (let i = 0; i < 2; i++) {
        await page.keyboard.press('ArrowRight');
        await page.waitForTimeout(300);
      }
      for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowLeft');
    }
    await page.goto(`${session.url}#compass`);
    await page.waitForTimeout(1500); // the old charts' queued disposes and any draw still in flight
    expect(session.consoleErrors.slice(before)).toEqual([]);
  });
});

describe('segments heat maps paint their cells over several tasks', () => {
  it('the migration and cohort heat maps: at most HEATMAP_STEP cell labels in the first painting task, every cell painted', async () => {
    await openPanel('#segments');
    const { page } = session;
    // Texts outside the cells, at most: 12 categories on each axis (the demo's 11 groups and "not scored";
    // 12 cohorts by 12 months) and the two axis names.
    const axis = 2 * 12 + 2;
    for (const card of ['segments-migration', 'segments-cohort']) await expectStepped(page, card, axis);
  });
});

describe('the value panel P(alive) heat map paints its cells over several tasks (session 14)', () => {
  it('at most HEATMAP_STEP cell labels in the first painting task, every cell painted', async () => {
    await openPanel('#value');
    const { page } = session;
    // Texts outside the cells, at most: 11 repeat-purchase buckets, 7 recency buckets, two axis names and the
    // colour scale's two end labels.
    const axis = 11 + 7 + 2 + 2;
    await expectStepped(page, 'value-palive', axis);
  });
});

describe('value panel readings equal a plain sort of the native fit', () => {
  it('CLV histogram bar sum and the top-20 % takeaway', async () => {
    await openPanel('#value');
    const expected = await native.engine.predict({});
    const clv = ipcToRows(expected.predictions!)
      .map((r) => r.clv as number | null)
      .filter((v): v is number => v !== null && Number.isFinite(v));
    const positive = clv.filter((v) => v > 0).sort((a, b) => b - a);
    const k = Math.max(1, Math.round(positive.length * 0.2));
    const share = positive.slice(0, k).reduce((a, b) => a + b, 0) / positive.reduce((a, b) => a + b, 0);
    const { page } = session;
    const takeaway = (await page.textContent('[data-chart-card="value-clv"] [data-takeaway]'))!;
    expect(takeaway).toBe(`预测价值最高的 20% 会员贡献 ${Math.round(share * 100)}% 的未来消费`);
    const series = JSON.parse((await page.getAttribute('[data-chart-card="value-clv"]', 'data-series'))!) as { sum: number }[];
    expect(series[0].sum).toBe(clv.length);
  });
});
