/**
 * `useMetrics(() => ({ ids, params }))` inside a component: runs the metrics in the worker whenever
 * the inputs change, drops stale answers, cancels the superseded request, and exposes
 * status / data (decoded rows per metric id) / error for the panel shell.
 */
import { engineClient, ipcToRows, newRequestId } from './engine/client.ts';
import { isEngineError } from './engine/errors.ts';
import type { MetricParams } from './metrics/params.ts';

export type Row = Record<string, unknown>;
export type QueryStatus = 'idle' | 'loading' | 'ready' | 'error';

export class MetricsQuery {
  status = $state<QueryStatus>('idle');
  data = $state.raw<Record<string, Row[]>>({});
  error = $state<string | null>(null);

  /** First row's `value` of a scalar metric, or null. */
  value(id: string): number | null {
    const v = this.data[id]?.[0]?.value;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
}

export interface MetricsRequest {
  ids: readonly string[];
  params: MetricParams | null;
}

export function useMetrics(request: () => MetricsRequest | null): MetricsQuery {
  const query = new MetricsQuery();
  let latest = '';
  $effect(() => {
    const req = request();
    if (!req?.params || req.ids.length === 0) return;
    const params = $state.snapshot(req.params) as MetricParams;
    const ids = [...req.ids];
    const id = (latest = newRequestId());
    query.status = 'loading';
    engineClient()
      .runMetrics(ids, params, { requestId: id })
      .then((results) => {
        if (id !== latest) return;
        query.data = Object.fromEntries(Object.entries(results).map(([k, ipc]) => [k, ipcToRows(ipc)]));
        query.error = null;
        query.status = 'ready';
      })
      .catch((e: unknown) => {
        if (id !== latest || (isEngineError(e) && e.code === 'cancelled')) return;
        query.error = isEngineError(e) ? e.message : String(e);
        query.status = 'error';
        console.error(e);
      });
    return () => {
      if (latest === id) void engineClient().cancel(id);
    };
  });
  return query;
}
