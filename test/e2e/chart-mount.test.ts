// Session 12 (issue 14, main-thread long tasks on a panel switch), on the demo (hosted build):
//  - a chart's ECharts instance is made in a task after its panel mounts (EChart.svelte via draw-queue.ts),
//    not in the mount's own flush: a MutationObserver sees every chart host still without its ECharts
//    instance (`_echarts_instance_`, the renderer's root) at the end of the task that inserted it;
//  - every chart of each panel is still made and drawn after the switch (canvas, data-drawn);
//  - the value panel's CLV histogram and top-20 % takeaway (now by selection, from typed columns) equal
//    a plain sort over the same fit on native DuckDB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../src/lib/engine/rows.ts';
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
    }).observe(document, { childList: true, subtree: true });
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
