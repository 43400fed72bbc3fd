/**
 * The dashboard's state: the view (mirrored in the URL hash), the dataset, and the results of
 * the metrics the current view needs. Every request carries an id; stale answers are dropped.
 */
import type { DatasetInfo } from '../engine/api.ts';
import { engineClient, ipcToRows, newRequestId } from '../engine/client.ts';
import { isEngineError } from '../engine/errors.ts';
import { KPI_STRIP } from '../metrics/index.ts';
import { addMonths, comparisonPeriod, type MetricParams } from '../metrics/params.ts';
import { presetPeriod, type Period } from '../view/periods.ts';
import type { TrendRow } from '../charts/trend.ts';
import { DEFAULT_VIEW, parseHash, toHash, type ViewState } from '../view/view-state.ts';

export interface KpiValue {
  value: number | null;
  previous: number | null;
}

const asNumber = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export class Dashboard {
  view = $state<ViewState>(DEFAULT_VIEW);
  dataset = $state.raw<DatasetInfo | null>(null);
  kpis = $state.raw<Record<string, KpiValue>>({});
  trend = $state.raw<TrendRow[]>([]);
  status = $state<'starting' | 'loading' | 'ready' | 'error'>('starting');
  error = $state<string | null>(null);
  /** The user chose to see personal data (phones); never kept in the URL, and presentation mode masks regardless. */
  unmasked = $state(false);
  private latest = '';

  /** Personal data is masked unless the user unmasked it, and always while presenting. */
  get masked(): boolean {
    return this.view.present || !this.unmasked;
  }

  /** Adds a value to a filter list (a click on a chart element); clicking it again removes it. */
  crossFilter(kind: 'stores' | 'channels' | 'tiers', value: string): void {
    const current = this.view[kind];
    this.navigate({ [kind]: current.includes(value) ? current.filter((v) => v !== value) : [...current, value] });
  }

  /** Parameters for a panel: the global filters plus panel-specific overrides. */
  paramsWith(overrides: Partial<MetricParams>): MetricParams | null {
    return this.params ? { ...this.params, ...overrides } : null;
  }

  /** The period in force: a preset counted back from the data's last day, or custom dates. */
  period: Period | null = $derived.by(() => {
    const last = this.dataset?.lastOrderDate;
    if (this.view.preset === 'custom' && this.view.from && this.view.to) return { from: this.view.from, to: this.view.to };
    return last ? presetPeriod(this.view.preset === 'custom' ? 'last90' : this.view.preset, last) : null;
  });

  params: MetricParams | null = $derived.by(() => {
    if (!this.period) return null;
    const v = this.view;
    const [active, atRisk, dormant] = v.lifecycle;
    return {
      ...this.period,
      stores: v.stores,
      channels: v.channels,
      tiers: v.tiers,
      membership: v.membership,
      repurchaseBasis: v.basis,
      countZeroAmount: v.zeroAmount,
      lifecycle: { active, atRisk, dormant },
    };
  });

  /** Reads the hash now and whenever it changes (back/forward, bookmarks, links). */
  bindToLocation(): () => void {
    const read = () => {
      this.view = parseHash(location.hash);
    };
    read();
    addEventListener('hashchange', read);
    return () => removeEventListener('hashchange', read);
  }

  /** Changes the view: the state and the URL hash together. */
  navigate(patch: Partial<ViewState>): void {
    const next = toHash({ ...this.view, ...patch });
    if (next === location.hash) return;
    // The state follows at once (a second key press must see it); hashchange then re-reads the same view.
    this.view = parseHash(next);
    location.hash = next;
  }

  /** Opens the dataset saved on this device (an earlier import), or the demo when there is none. */
  async start(): Promise<void> {
    try {
      this.dataset = await engineClient().restore();
      this.status = 'ready';
    } catch (e) {
      this.fail(e);
    }
  }

  /** Switches to a newly loaded dataset (an import, or "clear all data"); filters naming old stores/channels/tiers are dropped. */
  useDataset(info: DatasetInfo): void {
    this.dataset = info;
    // The old dataset's numbers go at once (and a refresh still running for them is dropped): a
    // dataset without orders has no period, so no refresh would ever replace them.
    this.latest = '';
    this.kpis = {};
    this.trend = [];
    this.status = 'ready';
    if (this.view.stores.length || this.view.channels.length || this.view.tiers.length) this.navigate({ stores: [], channels: [], tiers: [] });
  }

  /** Recomputes the KPI strip (with comparison) and the trend for the current parameters. */
  async refresh(params: MetricParams, comparison: ViewState['comparison']): Promise<void> {
    const engine = engineClient();
    if (this.latest) void engine.cancel(this.latest);
    const id = (this.latest = newRequestId());
    this.status = 'loading';
    try {
      // The trend shows up to 24 months before the period's end, with the period highlighted.
      const trendFrom = addMonths(params.to, -24) < params.from ? addMonths(params.to, -24) : params.from;
      const current = await engine.runMetrics(KPI_STRIP, params, { requestId: id });
      const previous = await engine.runMetrics(KPI_STRIP, comparisonPeriod(params, comparison), { requestId: id });
      const trend = await engine.runMetric('monthly_trend', { ...params, from: trendFrom }, { requestId: id });
      if (id !== this.latest) return;
      this.kpis = Object.fromEntries(KPI_STRIP.map((m) => [m, { value: asNumber(ipcToRows(current[m])[0]?.value), previous: asNumber(ipcToRows(previous[m])[0]?.value) }]));
      this.trend = ipcToRows(trend) as unknown as TrendRow[];
      this.status = 'ready';
    } catch (e) {
      if (isEngineError(e) && e.code === 'cancelled') return;
      if (id === this.latest) this.fail(e);
    }
  }

  private fail(e: unknown): void {
    this.status = 'error';
    this.error = isEngineError(e) ? `${e.message}${e.detail ? ` (${e.detail})` : ''}` : String(e);
    console.error(e);
  }
}
