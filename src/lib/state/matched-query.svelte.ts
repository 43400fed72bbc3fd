/** `useMatchedEffects(() => params)`: comparisons against matched members (DiD for benefits and upgrades, communities), computed in the worker (useEngineQuery). */
import type { MatchedEffects } from '../campaigns/matched-effects.ts';
import { engineClient } from '../engine/client.ts';
import type { MetricParams } from '../metrics/params.ts';
import { QueryState, useEngineQuery } from './engine-query.svelte.ts';

export class MatchedEffectsQuery extends QueryState {
  effects = $state.raw<MatchedEffects>({ did: [], communities: null });
}

export function useMatchedEffects(params: () => MetricParams | null): MatchedEffectsQuery {
  const query = new MatchedEffectsQuery();
  useEngineQuery(
    query,
    () => {
      const p = params();
      return p ? ($state.snapshot(p) as MetricParams) : null;
    },
    (p, requestId) => engineClient().matchedEffects(p, { requestId }),
    (effects) => (query.effects = effects),
  );
  return query;
}
