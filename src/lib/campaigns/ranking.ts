/**
 * One ranking of what pays (§7): campaigns measured against their control group and benefits estimated
 * against matched members (DiD; only those whose pre-trend check passed and that cost something), by
 * incremental margin per ¥ of cost, best first. A benefit's name says it is an estimate.
 */
import type { DidSummary } from './did-report.ts';
import type { Interval } from './intervals.ts';
import type { CampaignSummary } from './report.ts';

export interface RankedItem extends Interval {
  id: string;
  name: string;
  source: 'campaign' | 'benefit';
}

const ESTIMATE = { zh: '（估计）', en: ' (estimate)' };

export function rankWhatPays(campaigns: readonly CampaignSummary[], did: readonly DidSummary[], lang: 'zh' | 'en'): RankedItem[] {
  const fromCampaigns = campaigns.flatMap((c) => (c.marginPerYuan ? [{ id: c.id, name: c.name, source: 'campaign' as const, ...c.marginPerYuan }] : []));
  const fromBenefits = did.flatMap((d) =>
    d.kind === 'benefit' && d.marginPerYuan && d.buyers?.parallelTrendsPlausible !== false && d.sales?.parallelTrendsPlausible !== false
      ? [{ id: `benefit:${d.subject}`, name: `${d.subject}${ESTIMATE[lang]}`, source: 'benefit' as const, ...d.marginPerYuan }]
      : [],
  );
  return [...fromCampaigns, ...fromBenefits].sort((a, b) => b.estimate - a.estimate || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
