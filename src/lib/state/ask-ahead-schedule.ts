/**
 * When the page asks the engine questions ahead, DOM-free so it can be tested without a page (session 15: one
 * scheduler for what panel-prefetch-schedule.ts and strip-prefetch-schedule.ts each did their own way).
 *
 * scheduleAskAhead: once the view rests `waitMs` (0: at once), ask; when the ask gave way to a real call
 * ('yielded') ask again the same way, as long as the view stays (each ask skips what the engine holds); a stop
 * (the view changed) clears the timer, cancels the engine call in flight and asks nothing more. An ask may make
 * more than one engine call in turn, each under a fresh request id (AskAhead.requestId): a stop cancels the
 * one in flight.
 *
 * Its two callers:
 * - the slow panels' first-paint questions (panel-prefetch.svelte.ts; engine.prefetchPanels), schedulePanelPrefetch:
 *   - while the view rests (sessions 11–12): PANEL_PREFETCH_IDLE_MS after the view settles, and the engine
 *     waits for no real call for 3 s more (EngineOptions.prefetchQuietMs); after giving way to a click it is
 *     asked again the same way.
 *   - at the import report (session 13): straight after an import there was no rest to ask in, and the first
 *     visit of repurchase / churn / segments ran their own SQL (2.9 / 2.0 / 3.6 s at 1M, quiet). While the
 *     report of a new import is shown nothing of ours is loading (the KPI strip and the save's export pieces
 *     are asked once), so the questions are asked at once and `eager` (the engine does not wait for the quiet
 *     period). A real call still goes first: it interrupts the running statement, the prefetch gives way and
 *     is asked again at once, queued behind that call. Once the user leaves the report, the rest rule applies.
 * - the KPI strip's questions by store, then by channel (kpi-strip-query.svelte.ts; engine.prefetchStoreRollups,
 *   engine.prefetchChannels), scheduleStripPrefetch: once the strip is answered, STORE_ROLLUP_IDLE_MS later, the
 *   store roll-ups (a store click is then answered without SQL), then the channels. Either gives way ('yielded')
 *   when another call is queued in the engine. Session 14: after giving way they are asked again
 *   (STRIP_AGAIN_MS later), as long as the view stays. Before, a roll-up that gave way — after a restore, to a
 *   panel's or the dataset status's call queued at that moment — was not asked again until the view changed, so
 *   the first store click after opening a saved dataset ran its strip's SQL (3 statements, 0.7–0.8 s each at
 *   load 20 on 1M orders, against none for the clicks after it).
 * - each panel's questions by channel (metric-query.svelte.ts; engine.prefetchChannels), schedulePanelChannelPrefetch:
 *   PANEL_CHANNELS_IDLE_MS after the panel is answered over every channel (session 15; before, its own timer of
 *   1.5 s, never asked again after giving way).
 */

/** 'yielded': gave way to a real call (asked again); 'replaced': the data changed under it (not asked again). */
export type AskAheadOutcome = 'done' | 'yielded' | 'replaced';

/** What every schedule needs from the page: request ids, the engine's cancel, timers. */
export interface AskAheadHost {
  cancel(requestId: string): void;
  newRequestId(): string;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

/** An ask's handle on its schedule. */
export interface AskAhead {
  /** A fresh request id for the ask's next engine call: the one a stop cancels. */
  requestId(): string;
  /** The schedule was stopped (the view changed): ask nothing more. */
  readonly stopped: boolean;
}

/** The page's host: real timers, the engine's cancel (its promise not awaited). */
export const pageAskAheadHost = (cancel: (requestId: string) => unknown, newRequestId: () => string): AskAheadHost => ({
  cancel: (requestId) => void cancel(requestId),
  newRequestId,
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
});

/**
 * Asks for one view `waitMs` after it settles (0: at once), again `againMs` (default: the same) after each time it
 * gives way, until stopped; returns the stop function.
 */
export function scheduleAskAhead(waitMs: number, ask: (ahead: AskAhead) => Promise<AskAheadOutcome>, host: AskAheadHost, againMs = waitMs): () => void {
  let requestId = '';
  let timer: unknown;
  let stopped = false;
  const ahead: AskAhead = {
    requestId: () => (requestId = host.newRequestId()),
    get stopped() {
      return stopped;
    },
  };
  const later = (ms: number) => {
    if (ms > 0) timer = host.setTimeout(run, ms);
    else run();
  };
  const run = () => {
    // The ask starts in this task (a throw rejects); what it answers decides whether it is asked again.
    new Promise<AskAheadOutcome>((resolve) => resolve(ask(ahead))).then(
      (outcome) => {
        requestId = '';
        if (outcome === 'yielded' && !stopped) later(againMs);
      },
      () => (requestId = ''), // cancelled by a view change, or a dataset change: asked again when the view rests
    );
  };
  later(waitMs);
  return () => {
    stopped = true;
    host.clearTimeout(timer);
    if (requestId) host.cancel(requestId);
  };
}

/** How long the view rests (page ready) before the panels are asked ahead: after the store roll-ups (STORE_ROLLUP_IDLE_MS). */
export const PANEL_PREFETCH_IDLE_MS = 1500;

/**
 * Whether the panels' questions are asked eagerly: the view is the import panel and the dataset shown is the one
 * an import has just brought in (its report is on screen). `importedOver` is the dataset shown when the
 * last import started (undefined: none seen since the user left the import panel).
 */
export function askAtImportReport(panel: string, dataset: unknown, importedOver: { dataset: unknown } | undefined): boolean {
  return panel === 'import' && importedOver !== undefined && importedOver.dataset !== dataset;
}

/** The panels' questions for one view (`prefetch`: engine.prefetchPanels under the id, `eager` or not): eager at once and again at once, else after the rest. */
export function schedulePanelPrefetch(eager: boolean, prefetch: (requestId: string, eager: boolean) => Promise<AskAheadOutcome>, host: AskAheadHost): () => void {
  return scheduleAskAhead(eager ? 0 : PANEL_PREFETCH_IDLE_MS, (ahead) => prefetch(ahead.requestId(), eager), host);
}

/**
 * How long the strip's answer stays on screen, unchanged, before the engine is asked for the same questions by
 * store, then by channel. Session 15 (issue 14, the filter click at 1M): 1000 → 300 ms. At 1 s the by-channel
 * questions of a store view (2 channels × 11 statements, the monthly trend by channel the longest: 0.1–0.6 s at 1M
 * by load) still ran 2.5 s after a store click, and the next click waited for the DuckDB task running (137–241 ms
 * in `bench/click-dev.ts --gap 2500` logs at load 11); asked sooner they end before such a click. A click while
 * they run still interrupts them.
 */
export const STORE_ROLLUP_IDLE_MS = 300;

/**
 * After the strip's questions gave way (a call was queued, or a panel still loading): asked again this much later,
 * not every STORE_ROLLUP_IDLE_MS while a long call (a fit the value panel waits for) keeps the engine busy.
 */
export const STRIP_AGAIN_MS = 1000;

export interface StripAsks {
  /** engine.prefetchStoreRollups of this view's strip questions under the id. */
  rollups(requestId: string): Promise<AskAheadOutcome>;
  /** engine.prefetchChannels of this view's strip questions, or null when the view's filter has channels (nothing to ask). */
  channels: ((requestId: string) => Promise<AskAheadOutcome>) | null;
}

/** The strip's questions for one view: the store roll-ups, then (once they are done) the channels, each under its own request id. */
export function scheduleStripPrefetch(asks: StripAsks, host: AskAheadHost): () => void {
  return scheduleAskAhead(
    STORE_ROLLUP_IDLE_MS,
    async (ahead) => {
      const outcome = await asks.rollups(ahead.requestId());
      if (outcome !== 'done' || !asks.channels || ahead.stopped) return outcome;
      return asks.channels(ahead.requestId());
    },
    host,
    STRIP_AGAIN_MS,
  );
}

/**
 * How long a panel's answer over every channel stays on screen before the engine is asked its questions for each
 * channel: the panels' rest (PANEL_PREFETCH_IDLE_MS) plus the engine's quiet period before a panel prefetch
 * (PREFETCH_QUIET_MS, 3 s), as for the slow panels' questions. Session 15 (issue 14, the filter click at 1M): at
 * 1.5 s, the compass panel's store_compass for a channel (0.9–1.2 s at 1M under load, the same question for every
 * store view) started after each store click and was interrupted by the next one 2.5 s later: 5 of 8 clicks of
 * `bench/click-dev.ts --gap 2500` waited 92–312 ms for the DuckDB task it was running, and it never finished. After
 * a rest of this length it runs once and is held (until the next dataset) for every view after it.
 */
export const PANEL_CHANNELS_IDLE_MS = 4500;

/** A panel's questions for each channel (`prefetch`: engine.prefetchChannels under the id), PANEL_CHANNELS_IDLE_MS after the panel is answered, again after giving way. */
export function schedulePanelChannelPrefetch(prefetch: (requestId: string) => Promise<AskAheadOutcome>, host: AskAheadHost): () => void {
  return scheduleAskAhead(PANEL_CHANNELS_IDLE_MS, (ahead) => prefetch(ahead.requestId()), host);
}
