/**
 * The scale bench's in-tab measures after the import (issue 14), on the page bench/scale.ts imported into:
 *  - long tasks: a PerformanceObserver('longtask') in the page from before the import; each task is
 *    attributed to the phase (import, refresh, panels) whose page-clock interval holds its start;
 *  - `panel_first_paint`: a hash link to each dashboard panel → the old panel is gone and every
 *    `[data-panel]` section of the new one has left `loading` (its tiles carry data-value);
 *  - `members_list_open`: `#members?o.list=all` → the list's row count is shown;
 *  - `compass` / `five_metrics`: engine.runMetrics over every catalogue id, and over the five core
 *    metrics the peers compute, with PEER_PARAMS, timed in the page;
 *  - `fit`: the value panel's model fit (engine.predict, its default horizon and discount) in the
 *    worker, with an explicit calibration end one day before the data's last day so the fit the
 *    value panel's visit cached is not reused (the work is the same size).
 */
import type { Page } from 'playwright-core';
import { METRICS } from '../src/lib/metrics/index.ts';
import type { MetricParams } from '../src/lib/metrics/params.ts';
import { FIVE_IDS, PEER_PARAMS } from './peers/five-metrics.ts';
import { YEAR } from './synthetic-orders.ts';

/** Dashboard panels a user reaches by a hash link (import, members, report are not dashboard panels). */
export const BENCH_PANELS = ['repurchase', 'satisfaction', 'tiers', 'churn', 'segments', 'value', 'benefits', 'compass'] as const;
export const ALL_IDS = METRICS.map((m) => m.id);
/** The value panel's defaults (ValuePanel.svelte: 12 months, 1 % a month; unit week), calibration end a day before the data's end. */
export const FIT_OPTIONS = { calibrationEnd: `${YEAR}-12-30`, unit: 'week', months: 12, monthlyDiscount: 0.01 } as const;

export type Phase = 'import' | 'refresh' | 'panels';
export interface LongTasks {
  longestMs: number;
  over50: number;
}

interface BenchGlobals {
  __benchLongTasks?: { start: number; duration: number }[];
  __benchPhases?: [string, number][];
}

/**
 * Starts the long-task observer (once) and opens a phase at the page's current time; `null` closes
 * the open phase. Same-document hash navigations keep the observer; a reload would lose it (checked in longTasksByPhase).
 */
export async function markPhase(page: Page, phase: Phase | null): Promise<void> {
  await page.evaluate((phase) => {
    const g = globalThis as unknown as BenchGlobals;
    if (!g.__benchLongTasks) {
      g.__benchLongTasks = [];
      g.__benchPhases = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) g.__benchLongTasks!.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    }
    g.__benchPhases!.push([phase ?? '', performance.now()]);
  }, phase);
}

/** Longest main-thread task and tasks over 50 ms per phase. */
export async function longTasksByPhase(page: Page): Promise<Record<Phase, LongTasks>> {
  const { tasks, phases } = await page.evaluate(() => {
    const g = globalThis as unknown as BenchGlobals;
    return { tasks: g.__benchLongTasks ?? null, phases: g.__benchPhases ?? [] };
  });
  if (!tasks) throw new Error('the long-task observer is gone: the page reloaded during the bench');
  return attributeLongTasks(tasks, phases);
}

/**
 * Each task counts for the phase opened last at or before its start (phases in time order; '' = a
 * closed phase, e.g. the bench's own raw read_csv between import and refresh, not counted).
 */
export function attributeLongTasks(tasks: { start: number; duration: number }[], phases: [string, number][]): Record<Phase, LongTasks> {
  const out: Record<Phase, LongTasks> = { import: { longestMs: 0, over50: 0 }, refresh: { longestMs: 0, over50: 0 }, panels: { longestMs: 0, over50: 0 } };
  for (const task of tasks) {
    let phase = '';
    for (const [name, at] of phases) if (at <= task.start) phase = name;
    if (!(phase in out)) continue;
    const p = phase as Phase;
    out[p].longestMs = Math.max(out[p].longestMs, task.duration);
    if (task.duration > 50) out[p].over50++;
  }
  return out;
}

/**
 * Hash link → the new view painted; ms on the bench's clock (what a user waits, polling every 16 ms).
 * `panel`: every `[data-panel]` section left `loading`; `members`: the list shows its row count (> 0).
 */
async function openByHash(page: Page, hash: string, until: 'panel' | 'members', timeout = 600_000): Promise<number> {
  await page.evaluate(() => document.querySelectorAll('[data-panel]').forEach((e) => e.setAttribute('data-bench-old', '')));
  const t = performance.now();
  await page.evaluate((hash) => (location.hash = hash), hash);
  await page.waitForFunction(
    (until) => {
      if (document.querySelector('[data-bench-old]') || document.querySelector('main')?.getAttribute('data-status') !== 'ready') return false;
      if (until === 'members') return Number(document.querySelector('[data-panel="members"][data-status="ready"] [data-member-count]')?.getAttribute('data-member-count')) > 0;
      const sections = [...document.querySelectorAll('#content [data-panel]')];
      return sections.length > 0 && sections.every((e) => e.getAttribute('data-status') !== 'loading');
    },
    until,
    { timeout, polling: 16 },
  );
  return performance.now() - t;
}

/** Every dashboard panel once by hash link: ms per panel (the slowest is the `panel_first_paint` row). */
export async function panelFirstPaints(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const panel of BENCH_PANELS) {
    out[panel] = await openByHash(page, `#${panel}`, 'panel');
    const failed = await page.$$eval('#content [data-panel][data-status="error"]', (s) => s.map((e) => e.textContent?.trim().slice(0, 200)));
    if (failed.length) throw new Error(`panel ${panel} failed: ${failed.join(' | ')}`);
  }
  return out;
}

/** `#members?o.list=all` → the list shows its row count. */
export const membersListOpen = (page: Page) => openByHash(page, '#members?o.list=all', 'members');

/** In-page engine timings: all catalogue ids, the five core metrics, the value panel's fit. */
export async function engineTimings(page: Page): Promise<{ compassMs: number; fiveMs: number; fitMs: number; fitStatus: string }> {
  return page.evaluate(
    async ({ all, five, params, fit }) => {
      const engine = (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine;
      let t = performance.now();
      await engine.runMetrics(all, params);
      const compassMs = performance.now() - t;
      t = performance.now();
      await engine.runMetrics(five, params);
      const fiveMs = performance.now() - t;
      t = performance.now();
      const result = await engine.predict(fit);
      return { compassMs, fiveMs, fitMs: performance.now() - t, fitStatus: String(result.status) };
    },
    { all: ALL_IDS, five: [...FIVE_IDS], params: PEER_PARAMS as MetricParams, fit: FIT_OPTIONS },
  );
}

export interface PageMeasures {
  panelsMs: Record<string, number>;
  membersListMs: number;
  compassMs: number;
  fiveMs: number;
  fitMs: number;
  fitStatus: string;
  longTasks: Record<Phase, LongTasks>;
}

/** Everything above, in the order a user would meet it after the import and the filter clicks. */
export async function pageMeasures(page: Page): Promise<PageMeasures> {
  await markPhase(page, 'panels');
  const panelsMs = await panelFirstPaints(page);
  const membersListMs = await membersListOpen(page);
  await markPhase(page, null);
  const longTasks = await longTasksByPhase(page);
  return { panelsMs, membersListMs, ...(await engineTimings(page)), longTasks };
}
