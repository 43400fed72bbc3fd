/**
 * The repurchase, churn, segments and benefits panels' first-paint questions asked ahead
 * (issue 14, sessions 11–13; engine.prefetchPanels, workers/panel-prefetch.ts): their own SQL takes
 * 1.4–4.1 s at 1M orders, so a visit after a rest of a few seconds reads answers already made.
 * Only on a large dataset (the demo answers at once), never while an import runs, and asked again
 * whenever the view, the page's status or the dataset changes (the one in flight cancelled; a new
 * dataset's swap also drops what was kept). When (ask-ahead-schedule.ts): after the view rests, or
 * at once while the report of an import that brought new data is shown (session 13). A real call goes
 * first: the engine interrupts the prefetch's statement for it, and the page asks again.
 */
import { engineClient, newRequestId } from '../engine/client.ts';
import type { MetricParams } from '../metrics/params.ts';
import { PREFETCH_MIN_ORDERS } from '../models/prefetch.ts';
import type { ViewState } from '../view/view-state.ts';
import type { Dashboard } from './dashboard.svelte.ts';
import { prefetchRequests } from './panel-requests.ts';
import { askAtImportReport, pageAskAheadHost, schedulePanelPrefetch } from './ask-ahead-schedule.ts';

export function usePanelPrefetch(dash: Dashboard): void {
  /** The dataset shown when the last import started, until the user leaves the import panel. */
  let importedOver: { dataset: unknown } | undefined;
  $effect(() => {
    const dataset = dash.dataset;
    const params = dash.params;
    const panel = dash.view.panel;
    if (panel !== 'import') importedOver = undefined;
    if (dash.importing) importedOver ??= { dataset };
    if (!dataset || !params || dash.importing || dataset.tables.orders < PREFETCH_MIN_ORDERS) return;
    // At the import report it does not wait for the KPI strip (queued behind the save's first export piece, 7 s at
    // 1M under load): the prefetch queues behind the strip's calls anyway, and the page's status is not read, so
    // the strip becoming ready does not cancel the prefetch and ask it again.
    const eager = askAtImportReport(panel, dataset, importedOver);
    if (!eager && dash.status !== 'ready') return;
    const requests = prefetchRequests($state.snapshot(params) as MetricParams, $state.snapshot(dash.view) as ViewState, dataset);
    return schedulePanelPrefetch(
      eager,
      (requestId, eager) => engineClient().prefetchPanels(requests, { requestId, eager }),
      pageAskAheadHost((requestId) => engineClient().cancel(requestId), newRequestId),
    );
  });
}
