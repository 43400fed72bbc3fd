/**
 * From the SQL rows of `campaign_member_outcomes` to each campaign's effect (campaign-effect.ts) and one
 * ranking by incremental margin per ¥ of cost. Runs wherever the rows are: the CLI's report and the
 * browser panel call this same function on the same rows, so they agree to the last digit.
 */
import { campaignEffect, type CampaignEffect } from './campaign-effect.ts';
import type { Interval } from './intervals.ts';
import { DEFAULT_GROSS_MARGIN } from '../metrics/params.ts';

/** One row of the `campaign_member_outcomes` metric. */
export interface MemberOutcomeRow {
  campaign_id: string;
  campaign_name: string | null;
  channel: string | null;
  arm: string;
  contact_cost: number;
  benefit_cost: number;
  orders: number;
  sales: number;
}

export interface CampaignSummary {
  id: string;
  name: string;
  channel: string | null;
  treated: number;
  controls: number;
  /** Contact + benefit cost of the treatment arm, ¥. */
  cost: number;
  /** Null without control members (no counterfactual: see the DiD estimate instead). */
  effect: CampaignEffect | null;
  /** Incremental sales × gross margin ÷ cost, with the bootstrap interval of incremental sales; null without control or cost. */
  marginPerYuan: Interval | null;
}

export interface ReportOptions {
  /** Gross margin on incremental sales (0–1). */
  margin: number;
  level?: number;
  /** Bootstrap resamples (default 2,000) and seed (default 1). */
  reps?: number;
  seed?: number;
}

/** Per campaign, in the order of the rows (SQL orders them by campaign id). */
export function summariseCampaigns(rows: readonly MemberOutcomeRow[], options: ReportOptions): CampaignSummary[] {
  const groups = new Map<string, { name: string; channel: string | null; t: number[]; c: number[]; cost: number }>();
  for (const r of rows) {
    let g = groups.get(r.campaign_id);
    if (!g) groups.set(r.campaign_id, (g = { name: r.campaign_name ?? r.campaign_id, channel: r.channel, t: [], c: [], cost: 0 }));
    // A member with orders but 0 sales (a free item, with countZeroAmount) still responded: sales carry the response.
    const value = r.orders > 0 ? Math.max(r.sales, Number.MIN_VALUE) : 0;
    if (r.arm === 'control') g.c.push(value);
    else {
      g.t.push(value);
      g.cost += r.contact_cost + r.benefit_cost;
    }
  }
  const out: CampaignSummary[] = [];
  for (const [id, g] of groups) {
    const base = { id, name: g.name, channel: g.channel, treated: g.t.length, controls: g.c.length, cost: g.cost };
    if (g.t.length === 0 || g.c.length === 0) {
      out.push({ ...base, effect: null, marginPerYuan: null });
      continue;
    }
    const effect = campaignEffect({
      treatment: { sales: g.t },
      control: { sales: g.c },
      costPerContact: g.cost / g.t.length,
      margin: options.margin,
      level: options.level,
      bootstrap: { reps: options.reps, seed: options.seed },
    });
    const k = options.margin / g.cost;
    const s = effect.incrementalSales;
    out.push({ ...base, effect, marginPerYuan: g.cost > 0 ? { estimate: s.estimate * k, lower: s.lower * k, upper: s.upper * k } : null });
  }
  return out;
}

/** Campaigns with an estimate, best incremental margin per ¥ first (ties by id); the rest after, by id. */
export function rankCampaigns(summaries: readonly CampaignSummary[]): CampaignSummary[] {
  return [...summaries].sort((a, b) => {
    const x = a.marginPerYuan?.estimate ?? -Infinity;
    const y = b.marginPerYuan?.estimate ?? -Infinity;
    return y - x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

/**
 * The campaign effects of a period as the panel and `store-compass report` show them: the member
 * outcomes summarised (intervals, verdicts) at the period's gross margin, then ranked. Runs where the
 * rows are (the worker, or Node): a bootstrap over every contacted member is no work for the page.
 */
export const campaignEffects = (rows: readonly MemberOutcomeRow[], grossMargin: number | undefined): CampaignSummary[] =>
  rankCampaigns(summariseCampaigns(rows, { margin: grossMargin ?? DEFAULT_GROSS_MARGIN }));
