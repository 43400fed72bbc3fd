/**
 * The KPI strip and the sales trend under the filter bar: the strip's metrics for the period and
 * its comparison period, and up to 24 months of monthly trend, asked through useEngineQuery like
 * every panel (superseded requests cancelled, stale answers dropped).
 */
import { engineClient, ipcToRows } from '../engine/client.ts';
import { metricRows } from '../engine/rows.ts';
import type { TrendRow } from '../charts/trend.ts';
import { KPI_STRIP } from '../metrics/index.ts';
import { comparisonPeriod, type MetricParams } from '../metrics/params.ts';
import { LONG_TREND_MONTHS, monthlyWindow, type DataSpan } from '../compass/windows.ts';
import type { ViewState } from '../view/view-state.ts';
import { QueryState, useEngineQuery } from './engine-query.svelte.ts';

export interface KpiValue {
  value: number | null;
  previous: number | null;
}

const asNumber = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export class KpiStripQuery extends QueryState {
  kpis = $state.raw<Record<string, KpiValue>>({});
  trend = $state.raw<TrendRow[]>([]);

  /** Drops the numbers at once (a new dataset: the old one's numbers must not stay on screen). */
  clear(): void {
    this.kpis = {};
    this.trend = [];
  }
}

interface StripInput {
  params: MetricParams;
  comparison: ViewState['comparison'];
  /** The data's first order day: the trend starts there when that is later than two years back. */
  data: DataSpan;
}

/** Runs the strip whenever `input()` changes (null: no dataset or no period yet). */
export function useKpiStrip(query: KpiStripQuery, input: () => StripInput | null): void {
  useEngineQuery(
    query,
    () => {
      const i = input();
      return i && { params: $state.snapshot(i.params) as MetricParams, comparison: i.comparison, firstOrderDate: i.data.firstOrderDate };
    },
    async ({ params, comparison, firstOrderDate }, requestId) => {
      const engine = engineClient();
      // Asked at once: the worker runs calls in the order they arrive, so the strip's three questions
      // queue together, ahead of what the panel asks on the same click (main[data-status] waits for them).
      const [current, previous, trend] = await Promise.all([
        engine.runMetrics(KPI_STRIP, params, { requestId }),
        engine.runMetrics(KPI_STRIP, comparisonPeriod(params, comparison), { requestId }),
        // The month-by-month window every panel uses (whole months, never before the data's first month).
        engine.runMetric('monthly_trend', { ...params, from: monthlyWindow(params, { firstOrderDate }, LONG_TREND_MONTHS).from }, { requestId }),
      ]);
      return { current, previous, trend };
    },
    ({ current, previous, trend }) => {
      query.kpis = Object.fromEntries(KPI_STRIP.map((m) => [m, { value: asNumber(ipcToRows(current[m])[0]?.value), previous: asNumber(ipcToRows(previous[m])[0]?.value) }]));
      query.trend = metricRows('monthly_trend', trend);
    },
  );
}
