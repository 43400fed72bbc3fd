// The value panel in Chromium on the demo: the worker's fit equals the same fit on native DuckDB,
// charts draw, the holdout check states its error in words, the split date re-runs it, and a
// calibration end with too little history shows the plain "too thin" message instead of numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetPeriod } from '../../src/lib/view/periods.ts';
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import type { PredictionResult } from '../../src/lib/members/prediction.ts';
import { openHostedApp, type HostedApp } from './harness.ts';
import { nativeReference, type NativeReference } from './native-reference.ts';

let native: NativeReference;
let session: HostedApp;
let expected: PredictionResult;

beforeAll(async () => {
  native = await nativeReference();
  expected = await native.engine.predict({});
  session = await openHostedApp('#value');
}, 120_000);
afterAll(async () => {
  await session?.close();
  native?.close();
});

const ready = () => session.page.waitForSelector('[data-panel="value"][data-status="ready"] [data-prediction-status]', { timeout: 90_000 });
const painted = (id: string) =>
  session.page.$eval(`[data-chart-card="${id}"] canvas`, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) n++;
    return n;
  });

describe('value panel (hosted build, demo data)', () => {
  it('fits in the worker and shows the same parameters as native DuckDB', async () => {
    expect(expected.status).toBe('ok');
    await ready();
    expect(await session.page.getAttribute('[data-prediction-status]', 'data-prediction-status')).toBe('ok');
    const text = (await session.page.textContent('[data-param="bgnbd"]'))!;
    expect(text).toContain(`r = ${expected.fit!.bgnbd.r.toPrecision(4)} ± ${expected.fit!.bgnbd.se.r!.toPrecision(4)}`);
    expect(text).toContain(`b = ${expected.fit!.bgnbd.b.toPrecision(4)}`);
    expect(await session.page.textContent('[data-param="gg"]')).toContain(`q = ${expected.fit!.gammaGamma!.q.toPrecision(4)} ± `);
  });

  it('shows all three models with their holdout errors, the one used and why (issue 9.3)', async () => {
    const card = '[data-fit-params]';
    expect(await session.page.getAttribute(card, 'data-model-chosen')).toBe(expected.choice!.chosen);
    expect(await session.page.$$eval(`${card} [data-model-row]`, (rows) => rows.map((r) => r.getAttribute('data-model-row')))).toEqual(['bgnbd', 'mbgnbd', 'pareto_nbd']);
    expect(await session.page.$$eval(`${card} tr.chosen`, (rows) => rows.map((r) => r.getAttribute('data-model-row')))).toEqual([expected.choice!.chosen]);
    for (const m of expected.holdout.models) {
      const shown = await session.page.getAttribute(`${card} [data-model-row="${m.model}"] [data-total-error]`, 'data-total-error');
      if (m.totalError === null) expect(shown).toBe('');
      else expect(Math.abs(Number(shown) - m.totalError) / Math.max(1, m.totalError)).toBeLessThan(1e-5);
    }
    expect(await session.page.textContent(`${card} [data-model-choice-rule]`)).toMatch(/^选用 (BG\/NBD|MBG\/NBD|Pareto\/NBD)：/);
  });

  it('draws the CLV histogram and the P(alive) heatmap: every member with a value counted once', async () => {
    expect(await painted('value-clv')).toBeGreaterThan(1_000);
    expect(await painted('value-palive')).toBeGreaterThan(1_000);
    const series = async (id: string) => JSON.parse((await session.page.getAttribute(`[data-chart-card="${id}"]`, 'data-series'))!) as { points: number; sum: number }[];
    const rows = ipcToRows(expected.predictions!);
    // the histogram's bars add up to the members with a CLV (native fit, same data)
    expect((await series('value-clv'))[0].sum).toBe(rows.filter((r) => r.clv !== null).length);
    expect((await series('value-palive'))[0].points).toBeGreaterThan(10);
  });

  it('lists the top 20 by value at risk with masked phones, as the native member list ranks them', async () => {
    const ids = await session.page.$$eval('[data-at-risk-row]', (rows) => rows.map((r) => r.getAttribute('data-at-risk-row')));
    const period = presetPeriod('last90', (await native.engine.dataset()).lastOrderDate!);
    const nativeTop = ipcToRows(await native.engine.memberList({ list: 'value_at_risk' }, period))
      .slice(0, 20)
      .map((r) => r.member_id);
    expect(ids).toEqual(nativeTop);
    for (const p of await session.page.$$eval('[data-value-at-risk] [data-col="phone"]', (c) => c.map((x) => x.textContent ?? ''))) {
      if (p) expect(p).toMatch(/^\d{3}\*{4}\d{4}$/);
    }
  });

  it('states the holdout error in words, equal to the native check', async () => {
    expect(expected.holdout.status).toBe('ok');
    const el = await session.page.waitForSelector('[data-holdout="ok"] [data-holdout-error]');
    // Wasm and native optimisers stop within their convergence tolerance of the same optimum: agree to 1e-6.
    expect(Number(await el.getAttribute('data-holdout-error'))).toBeCloseTo(expected.holdout.relativeError!, 6);
    expect(await el.textContent()).toBe(
      `模型在你过去的数据上预测误差 ${Math.round(Math.abs(expected.holdout.relativeError!) * 100)}%${expected.holdout.relativeError! > 0 ? '（多估）' : '（少估）'}`,
    );
    expect(await painted('value-holdout')).toBeGreaterThan(1_000);
  });

  it('a new split date re-runs the check', async () => {
    const split = '2026-01-31';
    const other = await native.engine.predict({ splitDate: split });
    const before = await session.page.getAttribute('[data-holdout-error]', 'data-holdout-error');
    await session.page.fill('[data-input="split-date"]', split); // fill fires input and change
    await session.page.waitForFunction((v) => document.querySelector('[data-holdout-error]')?.getAttribute('data-holdout-error') !== v, before, { timeout: 60_000 });
    const after = Number(await session.page.getAttribute('[data-holdout-error]', 'data-holdout-error'));
    expect(after).toBeCloseTo(other.holdout.relativeError!, 6);
  });

  it('the value-at-risk link opens the member list with the same members', async () => {
    await session.page.click('[data-link="value-at-risk"]');
    const el = await session.page.waitForSelector('[data-panel="members"][data-status="ready"] [data-member-count]:not([data-member-count=""])', { timeout: 60_000 });
    const period = presetPeriod('last90', (await native.engine.dataset()).lastOrderDate!);
    const all = ipcToRows(await native.engine.memberList({ list: 'value_at_risk' }, period));
    expect(Number(await el.getAttribute('data-member-count'))).toBe(all.length);
  });

  it('too little history: the plain thin-data message, no numbers', async () => {
    await session.page.goto(`${session.url}#value`);
    await ready();
    const first = (await native.engine.dataset()).firstOrderDate!;
    const early = new Date(Date.parse(first) + 86_400_000).toISOString().slice(0, 10); // two days of history
    expect((await native.engine.predict({ calibrationEnd: early })).status).toBe('thin');
    await session.page.fill('[data-input="calibration-end"]', early);
    const note = await session.page.waitForSelector('[data-prediction-status="thin"]', { timeout: 60_000 });
    expect(await note.textContent()).toMatch(/^数据太少：只有 \d+ 位会员有过复购，至少需要 100 位/);
    expect(await session.page.$('[data-param="bgnbd"]')).toBeNull();
  });

  it('paints its plain-SQL tiles before the fit is done, with the fit’s progress in its place (issue 14)', async () => {
    const { page } = session;
    // Recorded from the page's first paint on: when the four tiles first all hold a value, and whether the fit was still running then.
    await page.addInitScript(() => {
      const g = globalThis as unknown as { __valueOrder: string[]; __endWhileFitting?: string };
      g.__valueOrder = [];
      new MutationObserver(() => {
        const tiles = [...document.querySelectorAll('[data-value-basis] [data-metric-id]')];
        const filled = tiles.length === 4 && tiles.every((t) => t.getAttribute('data-value') !== '');
        const step = filled
          ? document.querySelector('[data-prediction-status]')
            ? 'tiles+fit'
            : document.querySelector('[data-fit-progress]')
              ? 'tiles+progress'
              : 'tiles'
          : null;
        if (step && !g.__valueOrder.includes(step)) g.__valueOrder.push(step);
        // The calibration end the fit uses, shown while it runs (session 11: it was empty until the fit answered).
        if (document.querySelector('[data-fit-progress]')) g.__endWhileFitting = (document.querySelector('[data-input="calibration-end"]') as HTMLInputElement | null)?.value;
      }).observe(document, { childList: true, subtree: true, attributes: true });
    });
    await page.goto(`${session.url}#value`);
    await page.reload(); // a fresh worker: the fit is not cached
    await ready();
    const order = await page.evaluate(() => (globalThis as unknown as { __valueOrder: string[] }).__valueOrder);
    expect(order[0]).toBe('tiles+progress');
    const endWhileFitting = await page.evaluate(() => (globalThis as unknown as { __endWhileFitting?: string }).__endWhileFitting);
    expect(endWhileFitting).toBe(expected.options.calibrationEnd); // the last order day: the default calibration end
    expect(order).toContain('tiles+fit');
    const period = presetPeriod('last90', (await native.engine.dataset()).lastOrderDate!);
    const buyers = ipcToRows(await native.engine.runMetric('buyers', period))[0].value as number;
    expect(Number(await page.getAttribute('[data-value-basis] [data-metric-id="buyers"]', 'data-value'))).toBe(buyers);
  });

  it('had no console error', () => {
    expect(session.consoleErrors).toEqual([]);
  });
});

describe('churn warning panel: the model view', () => {
  it("shows the fit's mean P(alive) and likely-lost count, equal to the same fit on native DuckDB", async () => {
    const { page } = session;
    await page.goto(`${session.url}#churn`);
    await page.waitForSelector('[data-p-alive-card][data-prediction-status="ok"] [data-metric-id="model_mean_p_alive"]', { timeout: 90_000 });
    const period = presetPeriod('last90', (await native.engine.dataset()).lastOrderDate!);
    const all = await native.engine.predict({}, undefined, period);
    const pAlive = ipcToRows(all.predictions!).map((r) => r.p_alive as number);
    const mean = pAlive.reduce((a, b) => a + b, 0) / pAlive.length;
    const shownMean = Number(await page.getAttribute('[data-metric-id="model_mean_p_alive"]', 'data-value'));
    expect(Math.abs(shownMean - mean)).toBeLessThan(1e-6); // within the optimisers' convergence tolerance
    expect(Number(await page.getAttribute('[data-metric-id="model_likely_lost"]', 'data-value'))).toBe(pAlive.filter((p) => p < 0.5).length);
    expect(await page.$$eval('[data-p-alive-card] [data-value-at-risk] tbody tr', (rows) => rows.length)).toBeGreaterThan(0);
  });

  it('follows the store filter: the tiles count only that store’s members, as the same fit on native DuckDB (issue 9.3)', async () => {
    const { page } = session;
    const period = presetPeriod('last90', (await native.engine.dataset()).lastOrderDate!);
    const scoped = await native.engine.predict({}, undefined, { ...period, stores: ['社区店'] });
    const pAlive = ipcToRows(scoped.predictions!).map((r) => r.p_alive as number);
    const before = await page.getAttribute('[data-metric-id="model_likely_lost"]', 'data-value');
    await page.goto(`${session.url}#churn?store=${encodeURIComponent('社区店')}`);
    await page.waitForFunction((n) => document.querySelector('[data-p-alive-card] [data-model-scope]')?.getAttribute('data-model-scope') === String(n), pAlive.length, {
      timeout: 90_000,
    });
    const lost = Number(await page.getAttribute('[data-metric-id="model_likely_lost"]', 'data-value'));
    expect(lost).toBe(pAlive.filter((p) => p < 0.5).length);
    expect(String(lost)).not.toBe(before);
    expect(await page.textContent('[data-p-alive-card]')).toContain('大概率不再光顾');
  });
});
