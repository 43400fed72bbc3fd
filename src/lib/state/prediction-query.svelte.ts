/**
 * Runs the model fit in the worker when the options or filters change (the fit itself is cached per
 * options; the filters choose which members' predictions come back), then the value-at-risk top
 * list (useEngineQuery: stale answers dropped). The 口径 zero-amount switch reaches the fit too.
 */
import { engineClient } from '../engine/client.ts';
import { QueryState, useEngineQuery } from './engine-query.svelte.ts';
import type { MemberRow } from '../members/columns.ts';
import type { PredictionOptions, PredictionResult } from '../members/prediction.ts';
import { decodeMemberRows } from '../members/rows.ts';
import type { MetricParams } from '../metrics/params.ts';
import { histogram, type HistogramBin } from '../charts/clv.ts';
import { pAliveGridOf, type PAliveCell } from '../charts/palive.ts';
import { UNIT_DAYS } from '../models/calibration.ts';
import { valueConcentrationShare } from '../view/takeaway.ts';
import { readPredictionColumns, type MemberPredictionColumns } from './prediction-columns.ts';

export type { MemberPredictionColumns };

/** The value panel's readings of every member in scope (its CLV histogram, P(alive) grid and top-20 % share). */
export interface MemberSummaries {
  clvBins: HistogramBin[];
  pAliveCells: PAliveCell[];
  clvTopShare: number | null;
}

export class PredictionQuery extends QueryState {
  result = $state.raw<PredictionResult | null>(null);
  members = $state.raw<MemberPredictionColumns | null>(null);
  /** Set with `members` when usePrediction was asked for them (`summaries: true`). */
  summaries = $state.raw<MemberSummaries | null>(null);
  atRisk = $state.raw<MemberRow[]>([]);
}

/** A macrotask boundary (MessageChannel: no 4 ms timer clamp): work before and after it are separate main-thread tasks. */
const nextTask = () =>
  new Promise<void>((resolve) => {
    if (typeof MessageChannel === 'undefined') return void setTimeout(resolve, 0);
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });

/**
 * `summaries`: also read every member's CLV and P(alive) into the value panel's histogram, grid and
 * share. The per-member work runs in `run`, one piece per main-thread task (the columns, the
 * histogram, the share and the grid), and the panel renders the answer in a task of its own: all of
 * it in the render's flush was one 170–420 ms task at 1M orders (session 11, panel switch to value).
 */
export function usePrediction(
  request: () => { options: PredictionOptions; params: MetricParams | null; top: number },
  { summaries = false }: { summaries?: boolean } = {},
): PredictionQuery {
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
      // The decode and each column in a task of its own (prediction-columns.ts), not in the reply's task.
      const members = await readPredictionColumns(result.predictions, nextTask);
      let read: MemberSummaries | null = null;
      if (summaries && members) {
        await nextTask();
        const clvBins = histogram(members.clv);
        await nextTask();
        const clvTopShare = valueConcentrationShare(members.clv);
        await nextTask();
        read = { clvBins, clvTopShare, pAliveCells: pAliveGridOf(members, UNIT_DAYS[result.options.unit]) };
      }
      await nextTask();
      return { result, members, summaries: read, atRisk: decodeMemberRows(list.rows) };
    },
    ({ result, members, summaries, atRisk }) => {
      query.result = result;
      query.members = members;
      query.summaries = summaries;
      query.atRisk = atRisk;
    },
  );
  return query;
}
