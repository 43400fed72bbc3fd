/**
 * Everything measured against matched members instead of a control group, as the panel and `store-compass
 * report` show it: benefits and tier upgrades by difference-in-differences, communities by a matched
 * comparison. One composition for the engine and the CLI, from the two metrics' rows.
 */
import { compareCommunities, type CommunityComparison, type CommunityOutcomeRow } from './communities-report.ts';
import { summariseDid, type DidSummary, type MatchedOutcomeRow } from './did-report.ts';

export interface MatchedEffects {
  did: DidSummary[];
  /** Null when nobody was in a community at the period start. */
  communities: CommunityComparison | null;
}

/** `clvFit`: the value-model fit the community rows' `clv` came from (withPredictedClv); null or absent when none was fitted. */
export function matchedEffects(
  didRows: readonly unknown[],
  communityRows: readonly unknown[],
  grossMargin: number | undefined,
  clvFit: { months: number; asOf: string } | null = null,
): MatchedEffects {
  const c = compareCommunities(communityRows as CommunityOutcomeRow[], { clv: clvFit && { months: clvFit.months, asOf: clvFit.asOf } });
  return { did: summariseDid(didRows as MatchedOutcomeRow[], { margin: grossMargin }), communities: c.pairs + c.unmatched > 0 ? c : null };
}
