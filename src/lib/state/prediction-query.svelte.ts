/**
 * Runs the model fit in the worker when the options or filters change (the fit itself is cached per
 * options; the filters choose which members' predictions come back), then the value-at-risk top
 * list (useEngineQuery: stale answers dropped). The 口径 zero-amount switch reaches the fit too.
 */
import { tableFromIPC } from 'apache-arrow';
import { engineClient } from '../engine/client.ts';
import { QueryState, useEngineQuery } from './engine-query.svelte.ts';
import type { MemberRow } from '../members/columns.ts';
import type { PredictionOptions, PredictionResult } from '../members/prediction.ts';
import { decodeMemberRows } from '../members/rows.ts';
import type { MetricParams } from '../metrics/params.ts';

export interface MemberPredictionColumns {
  x: number[];
  recency: number[];
  pAlive: number[];
  clv: (number | null)[];
}

export class PredictionQuery extends QueryState {
  result = $state.raw<PredictionResult | null>(null);
  members = $state.raw<MemberPredictionColumns | null>(null);
  atRisk = $state.raw<MemberRow[]>([]);
}

/**
 * The per-member columns of a fit, for the charts: straight from the Arrow buffers (an element-wise
 * iteration of 200k members was a long task on the main thread); nulls kept where a column has them.
 */
function predictionColumns(ipc: Uint8Array | null): MemberPredictionColumns | null {
  if (!ipc) return null;
  const t = tableFromIPC(ipc);
  const col = (name: string): (number | null)[] => {
    const v = t.getChild(name);
    if (!v) return [];
    const values = Array.from(v.toArray() as Float64Array);
    if (v.nullCount > 0) for (let i = 0; i < values.length; i++) if (!v.isValid(i)) values[i] = null as unknown as number;
    return values;
  };
  return { x: col('x') as number[], recency: col('recency') as number[], pAlive: col('p_alive') as number[], clv: col('clv') };
}

export function usePrediction(request: () => { options: PredictionOptions; params: MetricParams | null; top: number }): PredictionQuery {
  const query = new PredictionQuery();
  useEngineQuery(
    query,
    () => {
      const { options, params, top } = request();
      if (!params) return null;
      const fitOptions = { ...($state.snapshot(options) as PredictionOptions), includeZeroAmount: params.countZeroAmount ?? false };
      return { options: fitOptions, params: $state.snapshot(params) as MetricParams, top };
    },
    async ({ options, params, top }, requestId) => {
      const engine = engineClient();
      const result = await engine.predict(options, { requestId }, params);
      // Only the top rows cross to the page: the list's first window, paged in the worker.
      const list = await engine.memberListPage({ list: 'value_at_risk' }, params, { offset: 0, limit: top }, { requestId });
      return { result, atRisk: decodeMemberRows(list.rows) };
    },
    ({ result, atRisk }) => {
      query.result = result;
      query.members = predictionColumns(result.predictions);
      query.atRisk = atRisk;
    },
  );
  return query;
}
