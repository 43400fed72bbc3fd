/**
 * The dashboard's state: the view (mirrored in the URL hash), the dataset, and the KPI strip
 * (asked through useKpiStrip from the app shell; panels ask for their own metrics).
 */
import type { DatasetInfo } from '../engine/api.ts';
import { engineClient } from '../engine/client.ts';
import { isEngineError } from '../engine/errors.ts';
import type { MetricParams } from '../metrics/params.ts';
import { presetPeriod, type Period } from '../view/periods.ts';
import { KpiStripQuery } from './kpi-strip-query.svelte.ts';
import { dataChanged } from './engine-query.svelte.ts';
import { DEFAULT_VIEW, parseHash, toHash, viewParams, type ViewState } from '../view/view-state.ts';

export type { KpiValue } from './kpi-strip-query.svelte.ts';

export class Dashboard {
  view = $state<ViewState>(DEFAULT_VIEW);
  dataset = $state.raw<DatasetInfo | null>(null);
  /** The KPI strip and the trend under the filter bar. */
  readonly strip = new KpiStripQuery();
  /** Opening the saved dataset or the demo: 'starting' until it is open, 'error' if it failed. */
  private opening = $state<'starting' | 'open' | 'error'>('starting');
  private openError = $state<string | null>(null);
  /** The user chose to see personal data (phones); never kept in the URL, and presentation mode masks regardless. */
  unmasked = $state(false);
  /** An import is running (ImportFlow.run): nothing is asked ahead meanwhile (panel-prefetch.svelte.ts). */
  importing = $state(false);

  /** The page's status (main[data-status]): opening the data first, then the KPI strip's query. */
  get status(): 'starting' | 'loading' | 'ready' | 'error' {
    if (this.opening !== 'open') return this.opening;
    return this.strip.status === 'idle' ? 'ready' : this.strip.status;
  }

  get error(): string | null {
    return this.openError ?? this.strip.error;
  }

  get kpis() {
    return this.strip.kpis;
  }

  get trend() {
    return this.strip.trend;
  }
  get trendWindow() {
    return this.strip.trendWindow;
  }

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

  params: MetricParams | null = $derived(this.period ? viewParams(this.view, this.period) : null);

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
      dataChanged();
      this.opening = 'open';
    } catch (e) {
      this.opening = 'error';
      this.openError = isEngineError(e) ? `${e.message}${e.detail ? ` (${e.detail})` : ''}` : String(e);
      console.error(e);
    }
  }

  /** Switches to a newly loaded dataset (an import, or "clear all data"); filters naming old stores/channels/tiers are dropped. */
  useDataset(info: DatasetInfo): void {
    this.dataset = info;
    dataChanged();
    // The old dataset's numbers go at once: a dataset without orders has no period, so no strip
    // query would ever replace them (one still running for the old data is superseded or dropped).
    this.strip.clear();
    this.opening = 'open';
    if (this.view.stores.length || this.view.channels.length || this.view.tiers.length) this.navigate({ stores: [], channels: [], tiers: [] });
  }
}
