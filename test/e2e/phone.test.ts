// A store owner on a phone (390×844): every panel is one column with no sideways scroll, tables
// turn into cards, compass tiles are not cut; and on the demo no tile is left empty ("—").
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openHostedApp, type HostedApp } from './harness.ts';

const PANELS = ['compass', 'repurchase', 'satisfaction', 'tiers', 'churn', 'segments', 'value', 'benefits', 'members', 'import', 'report'];
let session: HostedApp;
let page: Page;
beforeAll(async () => {
  session = await openHostedApp('', { width: 390, height: 844 });
  page = session.page;
  await page.waitForSelector('main[data-status="ready"]', { timeout: 120_000 });
}, 150_000);
afterAll(async () => {
  await session?.close();
});

async function open(panel: string) {
  await page.goto(`${session.url}#${panel}`);
  await page.waitForSelector('main[data-status="ready"] :is([data-panel], [data-report])', { timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 90_000 });
}

it('no panel scrolls sideways at 390 px', async () => {
  const wide: Record<string, string[]> = {};
  for (const panel of PANELS) {
    await open(panel);
    await page.waitForFunction(() => document.querySelectorAll('[data-chart] canvas').length > 0 || !document.querySelector('[data-chart]'), undefined, { timeout: 60_000 });
    const r = await page.evaluate(() => ({
      scroll: document.scrollingElement!.scrollWidth,
      w: innerWidth,
      culprits: [...document.querySelectorAll('body *')]
        .filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().right > innerWidth + 1)
        .slice(0, 3)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    }));
    if (r.scroll > r.w) wide[panel] = r.culprits;
  }
  expect(wide).toEqual({});
}, 300_000);

it('tables become cards: each cell on its own line with its column name', async () => {
  await open('satisfaction');
  await page.waitForSelector('[data-list-card="top-tier-detractors"] [data-detractor]');
  const card = await page.$eval('[data-list-card="top-tier-detractors"] table', (t) => {
    const row = t.querySelector('[data-detractor]')!;
    const cells = [...row.querySelectorAll('td')];
    return {
      head: getComputedStyle(t.querySelector('thead')!).display,
      display: getComputedStyle(cells[0]).display,
      label: getComputedStyle(cells[0], '::before').content,
      tops: cells.map((c) => Math.round(c.getBoundingClientRect().top)),
      narrowest: Math.min(...cells.map((c) => c.getBoundingClientRect().width)),
    };
  });
  expect(card.head).toBe('none');
  expect(card.display).toBe('flex');
  expect(card.label).toBe('"日期"');
  expect(new Set(card.tops).size).toBe(card.tops.length); // one line per cell, not one column per cell
  expect(card.narrowest).toBeGreaterThan(300); // never one character per line
});

it('compass tiles show their whole label and value', async () => {
  await open('compass');
  const cut = await page.$$eval('[data-panel="compass"] .tile :is(.label, .value, .note)', (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
  expect(cut).toEqual([]);
});

it('on the demo every panel has real content: no tile shows "—"', async () => {
  const empty: string[] = [];
  for (const panel of ['compass', 'repurchase', 'satisfaction', 'tiers', 'churn', 'segments', 'value']) {
    await open(panel);
    const tiles = await page.$$eval('[data-metric-id]', (els) =>
      els.filter((e) => e.getAttribute('data-value') === '' || /^—/.test(e.querySelector('.value')?.textContent?.trim() ?? '')).map((e) => e.getAttribute('data-metric-id')),
    );
    empty.push(...tiles.map((t) => `${panel}: ${t}`));
  }
  expect(empty).toEqual([]);
  await open('satisfaction');
  expect(Number(await page.getAttribute('[data-panel] [data-metric-id="csat"]', 'data-value'))).toBeGreaterThan(0);
  await open('tiers');
  expect(Number(await page.getAttribute('[data-panel] [data-metric-id="tier_downgrades"]', 'data-value'))).toBeGreaterThan(0);
}, 300_000);

it('the churn and value at-risk tables become cards too (issue 10: no table wrapping one character per line)', async () => {
  for (const [panel, row] of [
    ['churn', '[data-at-risk]'],
    ['value', '[data-at-risk-row]'],
  ] as const) {
    await open(panel);
    await page.waitForSelector(row, { timeout: 90_000 });
    const card = await page.$eval(row, (tr) => {
      const cells = [...tr.querySelectorAll('td')];
      return {
        display: getComputedStyle(cells[1]).display,
        label: getComputedStyle(cells[1], '::before').content,
        lines: new Set(cells.map((c) => Math.round(c.getBoundingClientRect().top))).size,
        cells: cells.length,
        right: Math.max(...cells.map((c) => c.getBoundingClientRect().right)),
      };
    });
    expect(card.display, panel).toBe('flex');
    expect(card.label, panel).not.toBe('none');
    expect(card.lines, panel).toBe(card.cells);
    expect(card.right, panel).toBeLessThanOrEqual(390);
  }
});
