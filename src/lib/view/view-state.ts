/**
 * The current view (panel, period, comparison, filters) lives in the URL hash, e.g.
 * `#overview?preset=last90&cmp=previous&store=社区店`, so a view can be bookmarked and reopened.
 */
import { DEFAULT_LIFECYCLE, type Comparison, type MetricParams } from '../metrics/params.ts';
import { PERIOD_PRESETS, type Period, type PeriodPreset } from './periods.ts';

/** Every panel is a route: `<a href="#satisfaction">` opens it. The first one is the landing panel. */
export const PANELS = ['compass', 'repurchase', 'satisfaction', 'tiers', 'churn', 'segments', 'value', 'benefits', 'members', 'import', 'report'] as const;
export type Panel = (typeof PANELS)[number];

export interface ViewState {
  panel: Panel;
  /** A preset, or 'custom' with explicit from/to. */
  preset: PeriodPreset | 'custom';
  from?: string;
  to?: string;
  comparison: Comparison;
  stores: string[];
  channels: string[];
  tiers: string[];
  membership: 'all' | 'member' | 'nonmember';
  lang: 'zh' | 'en';
  /** Repurchase counted on distinct purchase days (default) or on orders: the metric variant in force. */
  basis: 'days' | 'orders';
  /** Count zero-amount (non-refund) orders as purchases too (`zero=1`); default: only positive amounts. */
  zeroAmount: boolean;
  /** Lifecycle stage limits in days since last purchase: active ≤ [0], at risk ≤ [1], dormant ≤ [2], else churned. */
  lifecycle: [number, number, number];
  /** Presentation mode for trainers: larger type, projector palette, arrow keys step panels. */
  present: boolean;
  /** Panel-specific options (`o.<key>` in the hash), e.g. the RFM scheme or a drill-down's target. */
  opts: Record<string, string>;
}

export const DEFAULT_VIEW: ViewState = {
  panel: 'compass',
  preset: 'last90',
  comparison: 'previous',
  stores: [],
  channels: [],
  tiers: [],
  membership: 'all',
  lang: 'zh',
  basis: 'days',
  zeroAmount: false,
  lifecycle: [DEFAULT_LIFECYCLE.active, DEFAULT_LIFECYCLE.atRisk, DEFAULT_LIFECYCLE.dormant],
  present: false,
  opts: {},
};

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);

/** `lc=60,150,300`: three increasing positive whole numbers of days, else the defaults. */
function parseLifecycle(value: string | null): [number, number, number] {
  const days = (value ?? '').split(',').map(Number);
  const valid = days.length === 3 && days.every((d) => Number.isInteger(d) && d > 0) && days[0] < days[1] && days[1] < days[2];
  return valid ? (days as [number, number, number]) : [...DEFAULT_VIEW.lifecycle];
}

/** Parses a location hash; unknown or malformed parts fall back to the defaults. */
export function parseHash(hash: string): ViewState {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const q = new URLSearchParams(query);
  const panel = (PANELS as readonly string[]).includes(path) ? (path as Panel) : DEFAULT_VIEW.panel;
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  const presetParam = q.get('preset') ?? '';
  const custom = ISO.test(from) && ISO.test(to) && from < to;
  const preset = (PERIOD_PRESETS as readonly string[]).includes(presetParam) ? (presetParam as PeriodPreset) : custom ? 'custom' : DEFAULT_VIEW.preset;
  const membership = q.get('member');
  return {
    panel,
    preset,
    ...(preset === 'custom' ? { from, to } : {}),
    comparison: q.get('cmp') === 'year_ago' ? 'year_ago' : 'previous',
    stores: list(q.get('store')),
    channels: list(q.get('channel')),
    tiers: list(q.get('tier')),
    membership: membership === 'member' || membership === 'nonmember' ? membership : 'all',
    lang: q.get('lang') === 'en' ? 'en' : 'zh',
    basis: q.get('basis') === 'orders' ? 'orders' : 'days',
    zeroAmount: q.get('zero') === '1',
    lifecycle: parseLifecycle(q.get('lc')),
    present: q.get('present') === '1',
    opts: Object.fromEntries([...q.entries()].filter(([k]) => k.startsWith('o.')).map(([k, v]) => [k.slice(2), v])),
  };
}

/** Serialises a view; defaults are left out so links stay short. */
export function toHash(view: ViewState): string {
  const q = new URLSearchParams();
  if (view.preset === 'custom' && view.from && view.to) {
    q.set('from', view.from);
    q.set('to', view.to);
  } else if (view.preset !== DEFAULT_VIEW.preset) q.set('preset', view.preset);
  if (view.comparison !== DEFAULT_VIEW.comparison) q.set('cmp', view.comparison);
  if (view.stores.length) q.set('store', view.stores.join(','));
  if (view.channels.length) q.set('channel', view.channels.join(','));
  if (view.tiers.length) q.set('tier', view.tiers.join(','));
  if (view.membership !== 'all') q.set('member', view.membership);
  if (view.lang !== 'zh') q.set('lang', view.lang);
  if (view.basis !== DEFAULT_VIEW.basis) q.set('basis', view.basis);
  if (view.zeroAmount) q.set('zero', '1');
  if (view.lifecycle.join() !== DEFAULT_VIEW.lifecycle.join()) q.set('lc', view.lifecycle.join(','));
  if (view.present) q.set('present', '1');
  for (const [k, v] of Object.entries(view.opts)) if (v !== '') q.set(`o.${k}`, v);
  const query = q.toString();
  return `#${view.panel}${query ? `?${query}` : ''}`;
}

/** The metric parameters a view asks for over `period`: the one mapping from the URL's filters to the catalogue's. */
export function viewParams(v: ViewState, period: Period): MetricParams {
  const [active, atRisk, dormant] = v.lifecycle;
  return {
    ...period,
    stores: v.stores,
    channels: v.channels,
    tiers: v.tiers,
    membership: v.membership,
    repurchaseBasis: v.basis,
    countZeroAmount: v.zeroAmount,
    lifecycle: { active, atRisk, dormant },
  };
}
