/** `useCampaignEffects(() => params)`: the ranked campaign effects of the period, computed in the worker (useEngineQuery). */
import type { CampaignSummary } from '../campaigns/report.ts';
import { engineClient } from '../engine/client.ts';
import type { MetricParams } from '../metrics/params.ts';
import { QueryState, useEngineQuery } from './engine-query.svelte.ts';

export class CampaignEffectsQuery extends QueryState {
  campaigns = $state.raw<CampaignSummary[]>([]);
}

export function useCampaignEffects(params: () => MetricParams | null): CampaignEffectsQuery {
  const query = new CampaignEffectsQuery();
  useEngineQuery(
    query,
    () => {
      const p = params();
      return p ? ($state.snapshot(p) as MetricParams) : null;
    },
    (p, requestId) => engineClient().campaignEffects(p, { requestId }),
    (campaigns) => (query.campaigns = campaigns),
  );
  return query;
}
