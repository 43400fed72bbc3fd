/**
 * `useMetrics(() => ({ ids, params }))` inside a component: runs the metrics in the worker whenever
 * the inputs change (through useEngineQuery: stale answers dropped, superseded requests cancelled)
 * and exposes status / data (decoded rows per metric id) / error for the panel shell.
 */
import { engineClient, newRequestId } from '../engine/client.ts';
import { metricRows } from '../engine/rows.ts';
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

/**
 * How long a panel's answer over every channel stays on screen before the engine asks the same metrics
 * for each channel (engine.prefetchChannels): a channel picked after that is answered with no SQL. Later
 * than the strip's by-store prefetch (STORE_ROLLUP_IDLE_MS), which a store click needs; a click while it
 * runs cancels it.
 */
export const CHANNEL_PREFETCH_IDLE_MS = 1500;

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
  // Once answered over every channel and the view rests: the same metrics for each channel, ahead.
  $effect(() => {
    const req = snapshot();
    if (!req || req.params.channels?.length || query.status !== 'ready') return;
    let requestId = '';
    const timer = setTimeout(() => {
      requestId = newRequestId();
      void engineClient()
        .prefetchChannels([req], { requestId })
        .catch(() => undefined) // cancelled by the next click, or a dataset change: asked again when the view rests
        .finally(() => (requestId = ''));
    }, CHANNEL_PREFETCH_IDLE_MS);
    return () => {
      clearTimeout(timer);
      if (requestId) void engineClient().cancel(requestId);
    };
  });
  return query;
}
