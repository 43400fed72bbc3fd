/**
 * The repurchase, benefits and segments panels' first-paint questions asked while the view rests
 * (issue 14, session 11; engine.prefetchPanels, workers/panel-prefetch.ts): their own SQL takes
 * 1.4–4.1 s at 1M orders, so a visit after a rest of a few seconds reads answers already made.
 * Only on a large dataset (the demo answers at once), never while an import runs, and asked again
 * whenever the view, the page's status or the dataset changes (the one in flight cancelled; a new
 * dataset's swap also drops what was kept). A real call goes first: the engine interrupts the
 * prefetch's statement for it, and the page asks again once the view rests.
 */
import { engineClient, newRequestId } from '../engine/client.ts';
import type { MetricParams } from '../metrics/params.ts';
import { PREFETCH_MIN_ORDERS } from '../models/prefetch.ts';
import type { ViewState } from '../view/view-state.ts';
import type { Dashboard } from './dashboard.svelte.ts';
import { prefetchRequests } from './panel-requests.ts';

/** How long the view rests (page ready) before the panels are asked ahead: after the store roll-ups' second (kpi-strip-query). */
export const PANEL_PREFETCH_IDLE_MS = 1500;

export function usePanelPrefetch(dash: Dashboard): void {
  $effect(() => {
    const dataset = dash.dataset;
    const params = dash.params;
    if (!dataset || !params || dash.status !== 'ready' || dash.importing || dataset.tables.orders < PREFETCH_MIN_ORDERS) return;
    const requests = prefetchRequests($state.snapshot(params) as MetricParams, $state.snapshot(dash.view) as ViewState, dataset);
    let requestId = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const ask = () => {
      requestId = newRequestId();
      engineClient()
        .prefetchPanels(requests, { requestId })
        .then((outcome) => {
          requestId = '';
          // Gave way to a real call (or the user is not resting yet): asked again, as long as the view stays (each ask skips what is held).
          if (outcome === 'yielded' && !stopped) timer = setTimeout(ask, PANEL_PREFETCH_IDLE_MS);
        })
        .catch(() => (requestId = '')); // cancelled by a view change, or a dataset change: asked again when the view rests
    };
    timer = setTimeout(ask, PANEL_PREFETCH_IDLE_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
      if (requestId) void engineClient().cancel(requestId);
    };
  });
}
