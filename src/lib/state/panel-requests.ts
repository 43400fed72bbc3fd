/**
 * What the repurchase, segments, benefits and churn panels ask at first paint (issue 14, sessions 11–12): one
 * list per panel of `runMetrics` questions (ids + parameters), read by the panels themselves and by
 * the idle prefetch (engine.prefetchPanels), so the questions asked ahead are exactly the panels' own
 * and their answers are the cached results of the same statements. DOM-free: the panels pass their
 * dashboard's parameters, view and data span.
 */
import type { MetricId } from '../metrics/index.ts';
import { addDays, comparisonPeriod, type MetricParams } from '../metrics/params.ts';
import type { RfmScheme } from '../metrics/rfm-schemes.ts';
import { churnWindow, LONG_TREND_MONTHS, monthlyWindow, type DataSpan } from '../compass/windows.ts';
import type { ViewState } from '../view/view-state.ts';
import { responseWindowOf } from '../campaigns/response-window.ts';

export interface PanelRequest {
  ids: readonly MetricId[];
  params: MetricParams;
}

/** The view's parts a panel's questions depend on besides its parameters. */
export type PanelView = Pick<ViewState, 'comparison' | 'opts' | 'lifecycle'>;

export const REPURCHASE_TILES = ['repurchase_rate', 'return_to_store_rate', 'purchase_frequency', 'median_purchase_gap_days', 'new_buyers', 'returning_buyers'] as const;

/** The repurchase panel: its tiles and breakdowns, the 12-month trend and its comparison, the breakdown over every store. */
export function repurchaseRequests(params: MetricParams, view: PanelView, data: DataSpan | null | undefined) {
  const trendWindow = { ...params, ...monthlyWindow(params, data) };
  return {
    main: { ids: [...REPURCHASE_TILES, 'purchase_gap_histogram', 'repurchase_by_segment', 'multi_segment_buyers'], params } satisfies PanelRequest,
    trend: { ids: ['repurchase_trend'], params: trendWindow } satisfies PanelRequest,
    cmp: { ids: ['repurchase_trend'], params: comparisonPeriod(trendWindow, view.comparison) } satisfies PanelRequest,
    // All stores stay visible so a clicked store can be clicked off again; the filter only highlights.
    stores: { ids: ['repurchase_by_segment', 'multi_segment_buyers', 'repurchase_rate'], params: { ...params, stores: [] } } satisfies PanelRequest,
  };
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** The segments panel's scheme and migration days (o.scheme, o.mfrom, o.mto; the days before the period's ends by default). */
export function segmentsChoices(params: MetricParams, view: PanelView): { scheme: RfmScheme; migFrom: string; migTo: string } {
  return {
    scheme: view.opts.scheme === 'cn8' ? 'cn8' : 'eleven',
    migFrom: ISO.test(view.opts.mfrom ?? '') ? view.opts.mfrom! : addDays(params.from, -1),
    migTo: ISO.test(view.opts.mto ?? '') ? view.opts.mto! : addDays(params.to, -1),
  };
}

/** The segments panel: RFM groups, their migration between two days, cohort retention over the 12-month window. */
export function segmentsRequests(params: MetricParams, view: PanelView, data: DataSpan | null | undefined) {
  const { scheme, migFrom, migTo } = segmentsChoices(params, view);
  return {
    // The migration days too (rfm_groups' SQL does not read them): its snapshot is then read from the view's two-day one (workers/view-shared.ts).
    groups: { ids: ['rfm_groups'], params: { ...params, rfmScheme: scheme, migrationFrom: migFrom, migrationTo: migTo } } satisfies PanelRequest,
    migration: { ids: ['rfm_migration'], params: { ...params, rfmScheme: scheme, migrationFrom: migFrom, migrationTo: migTo } } satisfies PanelRequest,
    cohort: { ids: ['cohort_retention'], params: { ...params, ...monthlyWindow(params, data) } } satisfies PanelRequest,
  };
}

/** The benefits panel's parameters: the view's plus the response window (o.rw) and the member day (o.md). */
export function benefitsParams(params: MetricParams | null, opts: Record<string, string | undefined>): MetricParams | null {
  return params ? { ...params, responseDays: responseWindowOf(opts.rw), memberDay: opts.md } : null;
}

/** The benefits panel's usage metrics (what its first paint waits for; the effect cards come after). */
export function benefitsRequests(params: MetricParams, view: PanelView, data: DataSpan | null | undefined) {
  const p = benefitsParams(params, view.opts)!;
  return {
    usage: { ids: ['benefit_funnel', 'channel_effectiveness', 'member_day_sales', 'birthday_gift_sales'], params: p } satisfies PanelRequest,
    trend: { ids: ['benefit_use_trend'], params: { ...p, ...monthlyWindow(p, data) } } satisfies PanelRequest,
  };
}

/** The churn panel's members lost per month by store (story/ChurnByStoreCard.svelte): the 24 months back. */
export function churnersByStoreRequest(params: MetricParams, data: DataSpan | null | undefined) {
  return { ids: ['churners_by_store'], params: { ...params, ...monthlyWindow(params, data, LONG_TREND_MONTHS) } } satisfies PanelRequest;
}

/**
 * The churn panel (session 12): lifecycle stages, flows and the members at risk under the view's
 * parameters, the monthly churn over the months where churn can be seen (churnWindow: from `dormant`
 * days after the data starts; no trend question when no month can show churn yet), and its by-store
 * card's question. The card is asked first in the tab (2–3 s at 1M) and the engine answers in turn,
 * so the panel's first paint waits for it too.
 */
export function churnRequests(params: MetricParams, view: Pick<PanelView, 'lifecycle'>, data: DataSpan | null | undefined) {
  const w = churnWindow(params, data, view.lifecycle[2]);
  return {
    byStore: churnersByStoreRequest(params, data),
    main: { ids: ['lifecycle_stages', 'lifecycle_flow', 'members_at_risk'], params } satisfies PanelRequest,
    trend: w ? ({ ids: ['churn_trend'], params: { ...params, from: w.from, to: w.to } } satisfies PanelRequest) : null,
    window: w,
  };
}

/**
 * The panels whose first paint is asked ahead, in the order asked: the nav links' order (view-state.ts
 * PANELS: compass, repurchase, satisfaction, tiers, churn, segments, value, benefits), the order a user
 * reading the page meets them and opens them in (session 13; was repurchase, benefits, segments, churn).
 * Not the compass's weak points first: they show only once a store is picked (never at the import report,
 * where the prefetch now starts), and the one panel they link to (benefits, "what pays") answers in 0.1–0.4 s
 * at 1M, last here as in the nav.
 */
export const PREFETCH_PANELS = ['repurchase', 'churn', 'segments', 'benefits'] as const;
export type PrefetchPanel = (typeof PREFETCH_PANELS)[number];

/** Every first-paint question of `panels` (default: all of PREFETCH_PANELS) under the view, in order. */
export function panelRequests(params: MetricParams, view: PanelView, data: DataSpan | null | undefined, panels: readonly PrefetchPanel[] = PREFETCH_PANELS): PanelRequest[] {
  const of: Record<PrefetchPanel, () => PanelRequest[]> = {
    repurchase: () => Object.values(repurchaseRequests(params, view, data)),
    segments: () => Object.values(segmentsRequests(params, view, data)),
    benefits: () => Object.values(benefitsRequests(params, view, data)),
    churn: () => {
      const { byStore, main, trend } = churnRequests(params, view, data);
      return trend ? [byStore, main, trend] : [byStore, main];
    },
  };
  return panels.flatMap((p) => of[p]());
}

/**
 * What the idle prefetch asks for the view: each panel's own questions, with the view's panel options
 * for the panel shown and none for the others (a nav link opens a panel without options).
 */
export function prefetchRequests(params: MetricParams, view: Pick<ViewState, 'panel' | 'comparison' | 'opts' | 'lifecycle'>, data: DataSpan | null | undefined): PanelRequest[] {
  return PREFETCH_PANELS.flatMap((panel) =>
    panelRequests(params, { comparison: view.comparison, lifecycle: view.lifecycle, opts: panel === view.panel ? view.opts : {} }, data, [panel]),
  );
}
