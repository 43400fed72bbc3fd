// Session 13: the page asks the slow panels' first-paint questions at once when the report of an import is
// shown (schedulePanelPrefetch in src/lib/state/ask-ahead-schedule.ts, used by panel-prefetch.svelte.ts), instead of waiting for the
// view to rest (1.5 s, then 3 s without a real call in the engine). Checked with a recording client (when
// and how it asks), and end to end against an engine whose quiet wait would never let a rest-time prefetch
// run: right after an import the questions are answered, and a real call still interrupts them.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import {
  askAtImportReport,
  pageAskAheadHost,
  PANEL_PREFETCH_IDLE_MS,
  schedulePanelPrefetch,
  type AskAheadHost,
  type AskAheadOutcome as PanelPrefetchOutcome,
} from '../../../src/lib/state/ask-ahead-schedule.ts';
import { panelRequests } from '../../../src/lib/state/panel-requests.ts';
import { DEFAULT_VIEW, viewParams } from '../../../src/lib/view/view-state.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { TEST_DUCKDB } from '../../test-duckdb.ts';
import { recording as recordingHost, settled } from './ask-ahead-recording.ts';
import { holdStatements, type HeldStatements } from './held-statements.ts';

/** The recording host with the panels' ask; `schedule(eager)` starts the schedule on it. */
function recording() {
  const r = recordingHost();
  const schedule = (eager: boolean) => schedulePanelPrefetch(eager, r.asker('panels'), r.host);
  return { ...r, schedule };
}

describe('when the page asks the panels ahead', () => {
  it('eagerly only on the import panel, once an import brought a dataset other than the one shown when it started', () => {
    const before = { label: 'old' };
    const after = { label: 'new' };
    expect(askAtImportReport('import', after, { dataset: before })).toBe(true);
    expect(askAtImportReport('import', before, { dataset: before })).toBe(false); // the import failed or was cancelled: same data
    expect(askAtImportReport('import', after, undefined)).toBe(false); // no import seen (the import panel opened on loaded data)
    expect(askAtImportReport('compass', after, { dataset: before })).toBe(false); // the user left the report: the rest rule
  });

  it('at the import report: at once and eager, no timer; after giving way, at once again', async () => {
    const { schedule, asks, timers } = recording();
    const stop = schedule(true);
    expect(asks.map((a) => [a.id, a.eager])).toEqual([['r1', true]]);
    expect(timers).toEqual([]);
    asks[0].settle('yielded'); // a real call came (the save's next piece): asked again behind it
    await settled();
    expect(asks.map((a) => [a.id, a.eager])).toEqual([
      ['r1', true],
      ['r2', true],
    ]);
    asks[1].settle('done');
    await settled();
    expect(asks).toHaveLength(2);
    stop();
  });

  it('while the view rests: after PANEL_PREFETCH_IDLE_MS, not eager; after giving way, after the rest again', async () => {
    const { schedule, asks, timers } = recording();
    schedule(false);
    expect(asks).toEqual([]);
    expect(timers.map((t) => t.ms)).toEqual([PANEL_PREFETCH_IDLE_MS]);
    timers[0].run();
    expect(asks.map((a) => [a.id, a.eager])).toEqual([['r1', false]]);
    asks[0].settle('yielded');
    await settled();
    expect(asks).toHaveLength(1);
    expect(timers.map((t) => t.ms)).toEqual([PANEL_PREFETCH_IDLE_MS, PANEL_PREFETCH_IDLE_MS]);
  });

  it('a view change stops it: the ask in flight is cancelled and a yielded one is not asked again', async () => {
    const { schedule, asks, cancelled } = recording();
    const stop = schedule(true);
    stop();
    expect(cancelled).toEqual(['r1']);
    asks[0].settle('yielded');
    await settled();
    expect(asks).toHaveLength(1);
  });

  it('the page uses them: the import panel and the dataset an import started over decide, the schedule asks', () => {
    const src = readFileSync('src/lib/state/panel-prefetch.svelte.ts', 'utf8');
    expect(src).toContain('if (dash.importing) importedOver ??= { dataset };');
    expect(src).toContain("if (panel !== 'import') importedOver = undefined;");
    expect(src).toContain('const eager = askAtImportReport(panel, dataset, importedOver);');
    expect(src).toContain("if (!eager && dash.status !== 'ready') return;"); // at the report it does not wait for the strip
    expect(src).toContain('return schedulePanelPrefetch(');
    expect(src).toContain('(requestId, eager) => engineClient().prefetchPanels(requests, { requestId, eager }),');
  });
});

// Against the engine: test/fixtures/metrics-rfm (answers worked by hand in its README.md).
const ORDERS = readFileSync('test/fixtures/metrics-rfm/orders.csv', 'utf8');
const P: MetricParams = viewParams(DEFAULT_VIEW, { from: '2024-04-01', to: '2024-07-01' });
const DATA = { firstOrderDate: '2023-06-01' };

describe('straight after an import, against an engine that waits 10 minutes for quiet', () => {
  let driver: NativeDriver;
  let engine: Engine;
  let held: HeldStatements;
  beforeAll(async () => {
    driver = await openNativeDriver(':memory:', TEST_DUCKDB);
    held = holdStatements(driver);
    engine = await createEngine(driver, { prefetchQuietMs: 600_000 });
  }, 120_000);
  afterAll(() => driver?.close());

  /** The page's ask for `requests` and host, on this engine (timers real; the rest ones never fire within a test). */
  const engineClient = (
    requests: ReturnType<typeof panelRequests>,
    outcomes: PanelPrefetchOutcome[],
  ): [(requestId: string, eager: boolean) => Promise<PanelPrefetchOutcome>, AskAheadHost] => {
    let n = 0;
    return [
      async (requestId, eager) => {
        const o = await engine.prefetchPanels(requests, { requestId, eager });
        outcomes.push(o);
        return o;
      },
      pageAskAheadHost(
        (id) => engine.cancel(id),
        () => `ahead-${++n}`,
      ),
    ];
  };

  it('the questions are answered at once after the import (no rest), each the metric’s own result; a visit runs no SQL', async () => {
    const shown = { label: 'before' };
    await engine.loadCsvTable('orders', ORDERS); // the import: a real call that has just ended
    const imported = { label: 'imported' };
    const requests = panelRequests(P, DEFAULT_VIEW, DATA, ['repurchase']);
    const outcomes: PanelPrefetchOutcome[] = [];
    const q0 = held.queries();
    const stop = schedulePanelPrefetch(askAtImportReport('import', imported, { dataset: shown }), ...engineClient(requests, outcomes));
    while (!outcomes.length) await new Promise((r) => setTimeout(r, 5));
    stop();
    expect(outcomes).toEqual(['done']);
    expect(held.queries() - q0).toBeGreaterThan(0);
    const q1 = held.queries();
    const rate = ipcToRows((await engine.runMetrics(['repurchase_rate'], requests[0].params)).repurchase_rate);
    expect(rate).toEqual([{ value: 0.5 }]); // a1 (3 days) and a2 (1 day) bought in the period: one repurchaser of two
    for (const r of requests) await engine.runMetrics(r.ids, r.params);
    expect(held.queries() - q1).toBe(0);
  });

  it('off the import report the same view asks nothing (the quiet wait): what the eager ask changes', async () => {
    await engine.loadCsvTable('orders', ORDERS);
    const requests = panelRequests(P, DEFAULT_VIEW, DATA, ['repurchase']);
    const q0 = held.queries();
    expect(await engine.prefetchPanels(requests, { requestId: 'rest' })).toBe('yielded');
    expect(held.queries() - q0).toBe(0);
  });

  it('a real call interrupts the eager statement running; the page asks again at once, behind it, and the answers are then held', async () => {
    await engine.loadCsvTable('orders', ORDERS);
    const requests = panelRequests(P, DEFAULT_VIEW, DATA, ['segments']);
    const outcomes: PanelPrefetchOutcome[] = [];
    const running = held.holdNext();
    const stop = schedulePanelPrefetch(true, ...engineClient(requests, outcomes));
    await running; // its first statement is running
    const i0 = held.interrupts();
    const click = engine.runMetric('buyers', P);
    expect(ipcToRows(await click)).toEqual([{ value: 2 }]); // a1, a2
    expect(held.interrupts() - i0).toBe(1);
    while (outcomes.length < 2) await new Promise((r) => setTimeout(r, 5));
    stop();
    expect(outcomes).toEqual(['yielded', 'done']);
    const q0 = held.queries();
    for (const r of requests) await engine.runMetrics(r.ids, r.params);
    expect(held.queries() - q0).toBe(0);
  });
});
