/**
 * When the page asks the slow panels' first-paint questions ahead (panel-prefetch.svelte.ts; engine.prefetchPanels),
 * DOM-free so it can be tested without a page.
 *
 * - While the view rests (sessions 11–12): PANEL_PREFETCH_IDLE_MS after the view settles, and the engine
 *   waits for no real call for 3 s more (EngineOptions.prefetchQuietMs); after giving way to a click it is
 *   asked again the same way.
 * - At the import report (session 13): straight after an import there was no rest to ask in, and the first
 *   visit of repurchase / churn / segments ran their own SQL (2.9 / 2.0 / 3.6 s at 1M, quiet). While the
 *   report of a new import is shown nothing of ours is loading (the KPI strip and the save's export pieces
 *   are asked once), so the questions are asked at once and `eager` (the engine does not wait for the quiet
 *   period). A real call still goes first: it interrupts the running statement, the prefetch gives way and
 *   is asked again at once, queued behind that call. Once the user leaves the report, the rest rule applies.
 */

/** How long the view rests (page ready) before the panels are asked ahead: after the store roll-ups' second (kpi-strip-query). */
export const PANEL_PREFETCH_IDLE_MS = 1500;

export type PanelPrefetchOutcome = 'done' | 'yielded' | 'replaced';

export interface PanelPrefetchClient {
  /** engine.prefetchPanels of this view's questions under `requestId`, `eager` or not. */
  prefetch(requestId: string, eager: boolean): Promise<PanelPrefetchOutcome>;
  cancel(requestId: string): void;
  newRequestId(): string;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

/**
 * Whether the questions are asked eagerly: the view is the import panel and the dataset shown is the one
 * an import has just brought in (its report is on screen). `importedOver` is the dataset shown when the
 * last import started (undefined: none seen since the user left the import panel).
 */
export function askAtImportReport(panel: string, dataset: unknown, importedOver: { dataset: unknown } | undefined): boolean {
  return panel === 'import' && importedOver !== undefined && importedOver.dataset !== dataset;
}

/** Asks for one view (eager: at once, see above; else after the rest) until stopped; returns the stop function. */
export function schedulePanelPrefetch(eager: boolean, client: PanelPrefetchClient): () => void {
  let requestId = '';
  let timer: unknown;
  let stopped = false;
  const ask = () => {
    const id = (requestId = client.newRequestId());
    client
      .prefetch(id, eager)
      .then((outcome) => {
        if (requestId === id) requestId = '';
        // Gave way to a real call (or the user is not resting yet): asked again, as long as the view stays
        // (each ask skips what is held). Eager: at once, queued behind the call it gave way to.
        if (outcome === 'yielded' && !stopped) {
          if (eager) ask();
          else timer = client.setTimeout(ask, PANEL_PREFETCH_IDLE_MS);
        }
      })
      .catch(() => {
        if (requestId === id) requestId = ''; // cancelled by a view change, or a dataset change: asked again when the view rests
      });
  };
  if (eager) ask();
  else timer = client.setTimeout(ask, PANEL_PREFETCH_IDLE_MS);
  return () => {
    stopped = true;
    client.clearTimeout(timer);
    if (requestId) client.cancel(requestId);
  };
}
