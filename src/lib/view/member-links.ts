/**
 * Links into the member list (drill-down). Panels and playbook actions build them here, the
 * member list parses them: one definition of what a "target" is. The global filters travel along.
 */
import { NPS_CLASSES, type NpsClass } from '../concepts/nps-class.ts';
import { responseWindowOf } from '../campaigns/response-window.ts';
import type { MetricParams } from '../metrics/params.ts';
import { toHash, type ViewState } from './view-state.ts';

/**
 * Under a store filter a list holds, by default, the members whose home store (所属门店) is that
 * store — the people a store manager calls; 'shopped' = everyone who bought there
 * (in the window the list itself looks at: the period, or the RFM / lifecycle look-back).
 */
export type MemberScope = 'home' | 'shopped';

export type MemberTarget = (
  | { list: 'rfm'; scheme: 'eleven' | 'cn8'; group: string }
  | { list: 'tier'; tier: string }
  | { list: 'lifecycle'; stage: 'new' | 'active' | 'at_risk' | 'dormant' | 'churned' }
  | { list: 'nps_class'; npsClass: NpsClass }
  | { list: 'top_tier_detractors' }
  | { list: 'value_at_risk' }
  /** `days`: the response window the campaign's effects were read with (default 30). */
  | { list: 'campaign_lapsed'; campaign: string; days?: number }
  /** Members issued benefit type `benefit` in the period with no purchase within `days` (default 30) after it. */
  | { list: 'benefit_lapsed'; benefit: string; days?: number }
  | { list: 'all' }
) & {
  scope?: MemberScope;
  /** The playbook action the list was opened from (its id): the call list's suggested action. */
  action?: string;
};

/** The scope in force: 'home' unless the link asks for 'shopped'. */
export const scopeOf = (target: MemberTarget): MemberScope => (target.scope === 'shopped' ? 'shopped' : 'home');

/**
 * The target as the data can answer it: without any home store in the data (an orders-only import),
 * "the store's own members" cannot be told apart, and the list is everyone who bought there — said so
 * on screen and in the export, as the list's SQL does.
 */
export const answerableTarget = (target: MemberTarget, homeStores: boolean): MemberTarget => (homeStores || target.scope === 'shopped' ? target : { ...target, scope: 'shopped' });

/** The hash of the member list for a target, keeping period and filters. */
export function memberListHref(view: ViewState, target: MemberTarget): string {
  const opts: Record<string, string> = {};
  for (const [k, v] of Object.entries(target)) if (v !== undefined) opts[k] = String(v);
  return toHash({ ...view, panel: 'members', opts });
}

/** The parameters a target's list runs with: the view's, plus the response window a campaign list names. */
export function memberListParams(target: MemberTarget, params: MetricParams | null): MetricParams | null {
  return params && (target.list === 'campaign_lapsed' || target.list === 'benefit_lapsed') && target.days ? { ...params, responseDays: target.days } : params;
}

const STAGES = ['new', 'active', 'at_risk', 'dormant', 'churned'] as const;

/** Reads a target back from the view's options; unknown or incomplete targets fall back to all members. */
export function parseMemberTarget(opts: Record<string, string>): MemberTarget {
  const target: MemberTarget = parseList(opts);
  if (opts.scope === 'shopped') target.scope = 'shopped';
  if (opts.action && /^[a-z_]+$/.test(opts.action)) target.action = opts.action;
  return target;
}

function parseList(opts: Record<string, string>): MemberTarget {
  switch (opts.list) {
    case 'rfm':
      return opts.group ? { list: 'rfm', scheme: opts.scheme === 'cn8' ? 'cn8' : 'eleven', group: opts.group } : { list: 'all' };
    case 'tier':
      return opts.tier ? { list: 'tier', tier: opts.tier } : { list: 'all' };
    case 'lifecycle':
      return (STAGES as readonly string[]).includes(opts.stage) ? { list: 'lifecycle', stage: opts.stage as (typeof STAGES)[number] } : { list: 'all' };
    case 'nps_class':
      return (NPS_CLASSES as readonly string[]).includes(opts.npsClass) ? { list: 'nps_class', npsClass: opts.npsClass as NpsClass } : { list: 'all' };
    case 'top_tier_detractors':
    case 'value_at_risk':
      return { list: opts.list };
    case 'campaign_lapsed':
      return opts.campaign ? { list: 'campaign_lapsed', campaign: opts.campaign, ...(opts.days ? { days: responseWindowOf(opts.days) } : {}) } : { list: 'all' };
    case 'benefit_lapsed':
      return opts.benefit ? { list: 'benefit_lapsed', benefit: opts.benefit, ...(opts.days ? { days: responseWindowOf(opts.days) } : {}) } : { list: 'all' };
    default:
      return { list: 'all' };
  }
}
