/**
 * Community members against their matched never-members (rows of `community_member_outcomes`): retention
 * (bought in the period), purchase days per member, NPS and — once the value model is fitted — predicted
 * CLV, each arm's value and the difference with a 95 % bootstrap interval over pairs. A comparison with
 * selection, not an effect: the panel says so.
 */
import { quantileSorted, type BootstrapOptions } from './bootstrap.ts';
import type { Interval } from './intervals.ts';
import { DETRACTOR_MAX, PROMOTER_MIN } from '../concepts/nps-class.ts';
import { createRng } from '../rng.ts';

/** One row of the `community_member_outcomes` metric. */
export interface CommunityOutcomeRow {
  arm: string;
  member_id: string;
  treated_id: string;
  purchase_days: number;
  score: number | null;
  /** Predicted CLV from the value model's fit (withPredictedClv); null or absent without one. */
  clv?: number | null;
}

export interface ArmComparison {
  community: number | null;
  matched: number | null;
  /** community − matched; null when either arm has no value. */
  difference: Interval | null;
}

export interface CommunityComparison {
  pairs: number;
  unmatched: number;
  /** Share who bought in the period. */
  retention: ArmComparison;
  /** Purchase days per member in the period. */
  frequency: ArmComparison;
  /** NPS (−100…100) among the pair members who answered. */
  nps: ArmComparison;
  npsResponses: { community: number; matched: number };
  /** Predicted CLV; null when no value model has been fitted. */
  clv: ClvComparison | null;
}

/** Predicted CLV over the fit's horizon, on the pairs where both members have one. */
export interface ClvComparison extends ArmComparison {
  /** Pairs where both members have a predicted CLV (a member with no purchase by the fit's end has none). */
  pairs: number;
  /** The fit's CLV horizon, months. */
  months: number;
  /** The fit's calibration end (YYYY-MM-DD): the CLV looks ahead from this day, whatever the period. */
  asOf: string;
}

export interface CompareOptions extends BootstrapOptions {
  /** The value-model fit the rows' `clv` came from; null or absent: not fitted, no CLV row. */
  clv?: { months: number; asOf: string } | null;
}

// Per pair member: bought, days, answered, promoter − detractor (+1 / 0 / −1), pair has both CLVs, CLV if so.
const STATS = 6;
const MEASURES = 4;
const hasClv = (r: CommunityOutcomeRow) => typeof r.clv === 'number' && Number.isFinite(r.clv);
function statsOf(r: CommunityOutcomeRow, bothClv: boolean, out: Float64Array, at: number): void {
  out[at] = r.purchase_days > 0 ? 1 : 0;
  out[at + 1] = r.purchase_days;
  out[at + 2] = r.score === null ? 0 : 1;
  out[at + 3] = r.score === null ? 0 : r.score >= PROMOTER_MIN ? 1 : r.score <= DETRACTOR_MAX ? -1 : 0;
  out[at + 4] = bothClv ? 1 : 0;
  out[at + 5] = bothClv ? r.clv! : 0;
}

/** [retention, frequency, nps, clv] of one arm from summed stats; NPS null without answers, CLV without CLV pairs. */
const measures = (sum: Float64Array, at: number, n: number): (number | null)[] => [
  sum[at] / n,
  sum[at + 1] / n,
  sum[at + 2] > 0 ? (100 * sum[at + 3]) / sum[at + 2] : null,
  sum[at + 4] > 0 ? sum[at + 5] / sum[at + 4] : null,
];

export function compareCommunities(rows: readonly CommunityOutcomeRow[], options: CompareOptions = {}): CommunityComparison {
  const { reps = 2000, seed = 1, level = 0.95 } = options;
  const fit = options.clv ?? null;
  const matched = new Map(rows.filter((r) => r.arm === 'matched').map((r) => [r.treated_id, r]));
  const treated = rows.filter((r) => r.arm === 'community');
  const unmatched = rows.filter((r) => r.arm === 'unmatched').length;
  const n = treated.length;
  // Pair i's stats: community member at [i·2·STATS], matched member right after.
  const pairStats = new Float64Array(n * 2 * STATS);
  treated.forEach((t, i) => {
    const m = matched.get(t.member_id);
    if (!m) throw new RangeError(`community_member_outcomes: ${t.member_id} has no matched row`);
    const both = fit !== null && hasClv(t) && hasClv(m);
    statsOf(t, both, pairStats, i * 2 * STATS);
    statsOf(m, both, pairStats, i * 2 * STATS + STATS);
  });
  const npsResponses = { community: 0, matched: 0 };
  let clvPairs = 0;
  for (let i = 0; i < n; i++) {
    npsResponses.community += pairStats[i * 2 * STATS + 2];
    npsResponses.matched += pairStats[i * 2 * STATS + STATS + 2];
    clvPairs += pairStats[i * 2 * STATS + 4];
  }
  const none = { community: null, matched: null, difference: null };
  const clvOf = (c: ArmComparison): ClvComparison | null => (fit ? { ...c, pairs: clvPairs, months: fit.months, asOf: fit.asOf } : null);
  if (n === 0) return { pairs: 0, unmatched, retention: none, frequency: none, nps: none, npsResponses, clv: clvOf(none) };
  const sums = (pick: (i: number) => number): Float64Array => {
    const s = new Float64Array(2 * STATS);
    for (let i = 0; i < n; i++) {
      const base = pick(i) * 2 * STATS;
      for (let k = 0; k < 2 * STATS; k++) s[k] += pairStats[base + k];
    }
    return s;
  };
  const point = sums((i) => i);
  const [ct, cm] = [measures(point, 0, n), measures(point, STATS, n)];
  const rng = createRng(seed);
  const draws = Array.from({ length: MEASURES }, () => new Float64Array(reps));
  const valid = new Array<number>(MEASURES).fill(0);
  for (let r = 0; r < reps; r++) {
    const s = sums(() => Math.floor(rng.next() * n));
    const [a, b] = [measures(s, 0, n), measures(s, STATS, n)];
    for (let k = 0; k < MEASURES; k++) if (a[k] !== null && b[k] !== null) draws[k][valid[k]++] = a[k]! - b[k]!;
  }
  const tail = (1 - level) / 2;
  const compare = (k: number): ArmComparison => {
    if (ct[k] === null || cm[k] === null || valid[k] === 0) return { community: ct[k], matched: cm[k], difference: null };
    const d = draws[k].subarray(0, valid[k]).sort();
    return { community: ct[k], matched: cm[k], difference: { estimate: ct[k]! - cm[k]!, lower: quantileSorted(d, tail), upper: quantileSorted(d, 1 - tail) } };
  };
  return { pairs: n, unmatched, retention: compare(0), frequency: compare(1), nps: compare(2), npsResponses, clv: clvOf(compare(3)) };
}
