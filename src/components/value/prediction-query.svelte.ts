/** Runs the model fit in the worker when the options change; then the value-at-risk top list. Stale answers are dropped. */
import { tableFromIPC } from 'apache-arrow';
import { engineClient, newRequestId } from '../../lib/engine/client.ts';
import { isEngineError } from '../../lib/engine/errors.ts';
import type { MemberRow } from '../../lib/members/columns.ts';
import type { PredictionOptions, PredictionResult } from '../../lib/members/prediction.ts';
import { decodeMemberRows } from '../../lib/members/rows.ts';
import type { QueryStatus } from '../../lib/metric-query.svelte.ts';
import type { MetricParams } from '../../lib/metrics/params.ts';

export interface MemberPredictionColumns {
  x: number[];
  recency: number[];
  pAlive: number[];
  clv: (number | null)[];
}

export class PredictionQuery {
  status = $state<QueryStatus>('idle');
  result = $state.raw<PredictionResult | null>(null);
  members = $state.raw<MemberPredictionColumns | null>(null);
  atRisk = $state.raw<MemberRow[]>([]);
  error = $state<string | null>(null);
}

export function usePrediction(request: () => { options: PredictionOptions; params: MetricParams | null; top: number }): PredictionQuery {
  const query = new PredictionQuery();
  let latest = '';
  $effect(() => {
    const { options, params, top } = request();
    if (!params) return;
    const opts = $state.snapshot(options) as PredictionOptions;
    const p = $state.snapshot(params) as MetricParams;
    const id = (latest = newRequestId());
    query.status = 'loading';
    const engine = engineClient();
    (async () => {
      const result = await engine.predict(opts, { requestId: id });
      const list = await engine.memberList({ list: 'value_at_risk' }, p, { requestId: id });
      if (id !== latest) return;
      let members: MemberPredictionColumns | null = null;
      if (result.predictions) {
        const t = tableFromIPC(result.predictions);
        const col = <T>(name: string) => [...(t.getChild(name) ?? [])] as T[];
        members = { x: col<number>('x'), recency: col<number>('recency'), pAlive: col<number>('p_alive'), clv: col<number | null>('clv') };
      }
      query.result = result;
      query.members = members;
      query.atRisk = decodeMemberRows(list).slice(0, top);
      query.error = null;
      query.status = 'ready';
    })().catch((e: unknown) => {
      if (id !== latest || (isEngineError(e) && e.code === 'cancelled')) return;
      query.error = isEngineError(e) ? e.message : String(e);
      query.status = 'error';
      console.error(e);
    });
    return () => {
      if (latest === id) void engine.cancel(id);
    };
  });
  return query;
}
