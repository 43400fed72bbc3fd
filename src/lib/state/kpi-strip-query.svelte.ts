/**
 * The KPI strip and the sales trend under the filter bar: the strip's metrics for the period and
 * its comparison period, and up to 24 months of monthly trend, asked through useEngineQuery like
 * every panel (superseded requests cancelled, stale answers dropped).
 */
import { engineClient, ipcToRows, newRequestId } from '../engine/client.ts';
import { metricRows } from '../engine/rows.ts';
import type { TrendRow } from '../charts/trend.ts';
import { KPI_STRIP } from '../metrics/index.ts';
import { comparisonPeriod, type MetricParams } from '../metrics/params.ts';
import { LONG_TREND_MONTHS, monthlyWindow, type DataSpan } from '../compass/windows.ts';
import type { ViewState } from '../view/view-state.ts';
import { QueryState, useEngineQuery } from './engine-query.svelte.ts';
import { pageAskAheadHost, scheduleStripPrefetch } from './ask-ahead-schedule.ts';

export interface KpiValue {
  value: number | null;
  previous: number | null;
}

const asNumber = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export class KpiStripQuery extends QueryState {
  kpis = $state.raw<Record<string, KpiValue>>({});
  trend = $state.raw<TrendRow[]>([]);
  /** The [from, to) the trend's rows cover (its partial months are named under the chart). */
  trendWindow = $state.raw<{ from: string; to: string } | null>(null);

  /** Drops the numbers at once (a new dataset: the old one's numbers must not stay on screen). */
  clear(): void {
    this.kpis = {};
    this.trend = [];
    this.trendWindow = null;
  }
}

interface StripInput {
  params: MetricParams;
  comparison: ViewState['comparison'];
  /** The data's first order day: the trend starts there when that is later than two years back. */
  data: DataSpan;
}

/**
 * The strip's three questions: its metrics for the period and the comparison period, and the trend
 * over the month-by-month window every panel uses (whole months, never before the data's first month).
 */
export function stripRequests(params: MetricParams, comparison: ViewState['comparison'], firstOrderDate: string | null): { ids: readonly string[]; params: MetricParams }[] {
  return [
    { ids: KPI_STRIP, params },
    { ids: KPI_STRIP, params: comparisonPeriod(params, comparison) },
    { ids: ['monthly_trend'], params: { ...params, from: monthlyWindow(params, { firstOrderDate }, LONG_TREND_MONTHS).from } },
  ];
}

export { STORE_ROLLUP_IDLE_MS } from './ask-ahead-schedule.ts';

/** Runs the strip whenever `input()` changes (null: no dataset or no period yet). */
export function useKpiStrip(query: KpiStripQuery, input: () => StripInput | null): void {
  const snapshot = () => {
    const i = input();
    return i && { params: $state.snapshot(i.params) as MetricParams, comparison: i.comparison, firstOrderDate: i.data.firstOrderDate };
  };
  useEngineQuery(
    query,
    snapshot,
    async ({ params, comparison, firstOrderDate }, requestId) => {
      const engine = engineClient();
      // Asked at once: the worker runs calls in the order they arrive, so the strip's three questions
      // queue together, ahead of what the panel asks on the same click (main[data-status] waits for them).
      const [cur, prev, tr] = stripRequests(params, comparison, firstOrderDate);
      const [current, previous, trend] = await Promise.all([
        engine.runMetrics(cur.ids, cur.params, { requestId }),
        engine.runMetrics(prev.ids, prev.params, { requestId }),
        engine.runMetric('monthly_trend', tr.params, { requestId }),
      ]);
      return { current, previous, trend, trendWindow: { from: tr.params.from, to: tr.params.to } };
    },
    ({ current, previous, trend, trendWindow }) => {
      query.kpis = Object.fromEntries(KPI_STRIP.map((m) => [m, { value: asNumber(ipcToRows(current[m])[0]?.value), previous: asNumber(ipcToRows(previous[m])[0]?.value) }]));
      query.trend = metricRows('monthly_trend', trend);
      query.trendWindow = trendWindow;
    },
  );
  // Once the strip is answered and the view rests: the same questions by store, ahead (the store filter
  // left out, so whichever store is picked next, or none, they hold), then by channel; asked again after
  // giving way to another call (ask-ahead-schedule.ts). Any change of view cancels it.
  $effect(() => {
    const i = snapshot();
    if (!i || query.status !== 'ready') return;
    const engine = engineClient();
    return scheduleStripPrefetch(
      {
        // The store roll-ups first (a store click needs them), then the strip's own questions for each channel.
        rollups: (requestId) => engine.prefetchStoreRollups(stripRequests({ ...i.params, stores: [] }, i.comparison, i.firstOrderDate), { requestId }),
        channels: i.params.channels?.length ? null : (requestId) => engine.prefetchChannels(stripRequests(i.params, i.comparison, i.firstOrderDate), { requestId }),
      },
      pageAskAheadHost((requestId) => engine.cancel(requestId), newRequestId),
    );
  });
}
