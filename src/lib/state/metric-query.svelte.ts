/**
 * `useMetrics(() => ({ ids, params }))` inside a component: runs the metrics in the worker whenever
 * the inputs change (through useEngineQuery: stale answers dropped, superseded requests cancelled)
 * and exposes status / data (decoded rows per metric id) / error for the panel shell.
 */
import { engineClient, newRequestId } from '../engine/client.ts';
import { metricRows } from '../engine/rows.ts';
import { pageAskAheadHost, schedulePanelChannelPrefetch } from './ask-ahead-schedule.ts';
import { QueryState, useEngineQuery } from './engine-query.svelte.ts';
import type { MetricId, MetricRow } from '../metrics/index.ts';
import type { MetricParams } from '../metrics/params.ts';

export type { QueryStatus } from './engine-query.svelte.ts';
export type Row = Record<string, unknown>;
/** Each answered metric's rows, typed from its declared columns. */
export type MetricResults = { [Id in MetricId]?: MetricRow<Id>[] };

export class MetricsQuery extends QueryState {
  data = $state.raw<MetricResults>({});

  /** A metric's rows (empty until answered). */
  rows<Id extends MetricId>(id: Id): MetricRow<Id>[] {
    return (this.data[id] as MetricRow<Id>[] | undefined) ?? [];
  }

  /** First row's `value` of a scalar metric, or null. */
  value(id: MetricId): number | null {
    const v = (this.data[id]?.[0] as { value?: unknown } | undefined)?.value;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
}

export interface MetricsRequest {
  ids: readonly MetricId[];
  params: MetricParams | null;
}

export function useMetrics(request: () => MetricsRequest | null): MetricsQuery {
  const query = new MetricsQuery();
  const snapshot = () => {
    const req = request();
    if (!req?.params || req.ids.length === 0) return null;
    return { ids: [...req.ids], params: $state.snapshot(req.params) as MetricParams };
  };
  useEngineQuery(
    query,
    snapshot,
    ({ ids, params }, requestId) => engineClient().runMetrics(ids, params, { requestId }),
    (results) => {
      query.data = Object.fromEntries(Object.entries(results).map(([k, ipc]) => [k, metricRows(k as MetricId, ipc)])) as MetricResults;
    },
  );
  // Once answered over every channel and the view rests (PANEL_CHANNELS_IDLE_MS): the same metrics for each
  // channel, ahead (a channel picked after that is answered with no SQL); asked again after giving way; any change
  // of view cancels it (ask-ahead-schedule.ts).
  $effect(() => {
    const req = snapshot();
    if (!req || req.params.channels?.length || query.status !== 'ready') return;
    return schedulePanelChannelPrefetch(
      (requestId) => engineClient().prefetchChannels([req], { requestId }),
      pageAskAheadHost((requestId) => engineClient().cancel(requestId), newRequestId),
    );
  });
  return query;
}
