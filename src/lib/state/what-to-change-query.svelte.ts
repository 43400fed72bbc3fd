/**
 * `useWhatToChange(() => params)`: the benefits panel's ranking and "what to change" actions, for the
 * compass's weak points. The same two worker calls as the panel (campaign and matched effects, which the
 * worker keeps per question), asked once the compass's own queries are queued, so they never delay it.
 */
import { rankWhatPays } from '../campaigns/ranking.ts';
import type { CampaignSummary } from '../campaigns/report.ts';
import type { DidSummary } from '../campaigns/did-report.ts';
import { responseWindowOf } from '../campaigns/response-window.ts';
import { whatToChange, type ChangeAction } from '../campaigns/what-to-change.ts';
import { engineClient } from '../engine/client.ts';
import type { Lang } from '../format.ts';
import type { MetricParams } from '../metrics/params.ts';
import { QueryState, useEngineQuery } from './engine-query.svelte.ts';

/** The benefits panel's parameters (panel-requests.ts, where the panel's first-paint questions are). */
export { benefitsParams } from './panel-requests.ts';

export class WhatToChangeQuery extends QueryState {
  effects = $state.raw<{ campaigns: CampaignSummary[]; did: DidSummary[]; days: number } | null>(null);

  /** The actions in `lang` (names carry "estimate" in the language), in the ranking's order; empty until answered. */
  actions(lang: Lang): ChangeAction[] {
    return this.effects ? whatToChange(rankWhatPays(this.effects.campaigns, this.effects.did, lang), this.effects.days) : [];
  }
}

export function useWhatToChange(params: () => MetricParams | null): WhatToChangeQuery {
  const query = new WhatToChangeQuery();
  useEngineQuery(
    query,
    () => {
      const p = params();
      return p ? ($state.snapshot(p) as MetricParams) : null;
    },
    async (p, requestId) => {
      // After this update's other queries (the compass's own) are queued: the worker answers in order.
      await new Promise((r) => setTimeout(r, 0));
      const client = engineClient();
      const campaigns = await client.campaignEffects(p, { requestId });
      const matched = await client.matchedEffects(p, { requestId });
      return { campaigns, did: matched.did, days: p.responseDays ?? responseWindowOf(undefined) };
    },
    (effects) => (query.effects = effects),
  );
  return query;
}
