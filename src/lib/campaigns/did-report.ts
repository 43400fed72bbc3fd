/**
 * From the rows of `did_member_outcomes` to one estimate per benefit type and per tier upgraded to:
 * difference-in-differences (did.ts) of the treated members against their matched members on three
 * outcomes — bought at all, orders, sales — each with its 95 % bootstrap interval (pairs resampled) and pre-trend check,
 * and for benefits with a cost the incremental margin per ¥. Runs where the rows are (worker or CLI).
 */
import { pairedDifferenceInDifferences, type DidResult } from './did.ts';
import type { Interval } from './intervals.ts';
import { verdictOf, type Verdict } from './verdict.ts';
import { DEFAULT_GROSS_MARGIN } from '../metrics/params.ts';

/** One row of the `did_member_outcomes` metric. */
export interface MatchedOutcomeRow {
  subject_kind: string;
  subject: string;
  month: string;
  arm: string;
  member_id: string;
  /** The treated member of the pair (a treated row: itself). */
  treated_id: string;
  benefit_cost: number;
  prior_sales: number;
  pre_sales: number;
  post_sales: number;
  prior_orders: number;
  pre_orders: number;
  post_orders: number;
}

export type SubjectKind = 'benefit' | 'tier_upgrade';

export interface DidSummary {
  kind: SubjectKind;
  /** Benefit type, or the tier upgraded to. */
  subject: string;
  /** Treated members with a match (= matched members). */
  pairs: number;
  /** Treated members for whom no member of their cell was left. */
  unmatched: number;
  /** Change in the share who bought (fraction; ×100 = percentage points). Null without pairs. */
  buyers: DidResult | null;
  orders: DidResult | null;
  /** Sales per member, ¥. */
  sales: DidResult | null;
  /** Mean benefit cost per matched treated member, ¥. */
  costPerMember: number;
  /** Sales DiD × gross margin ÷ cost per member, with the sales interval; null without pairs or cost. */
  marginPerYuan: Interval | null;
}

export interface DidReportOptions {
  margin?: number;
  reps?: number;
  seed?: number;
}

interface Group {
  kind: SubjectKind;
  subject: string;
  unmatched: number;
  cost: number;
  t: MatchedOutcomeRow[];
  /** Matched member by pair key (month, treated id). */
  c: Map<string, MatchedOutcomeRow>;
}

const pairKey = (r: MatchedOutcomeRow) => `${r.month}\u0000${r.treated_id}`;

const panel = (rows: MatchedOutcomeRow[], value: (r: MatchedOutcomeRow, w: 'prior' | 'pre' | 'post') => number) => ({
  prior: rows.map((r) => value(r, 'prior')),
  pre: rows.map((r) => value(r, 'pre')),
  post: rows.map((r) => value(r, 'post')),
});

const OUTCOMES = {
  buyers: (r: MatchedOutcomeRow, w: 'prior' | 'pre' | 'post') => (r[`${w}_orders`] > 0 ? 1 : 0),
  orders: (r: MatchedOutcomeRow, w: 'prior' | 'pre' | 'post') => r[`${w}_orders`],
  sales: (r: MatchedOutcomeRow, w: 'prior' | 'pre' | 'post') => r[`${w}_sales`],
};

/** Per subject (benefits first, then upgrades; each in the rows' order, which SQL sorts). */
export function summariseDid(rows: readonly MatchedOutcomeRow[], options: DidReportOptions = {}): DidSummary[] {
  const margin = options.margin ?? DEFAULT_GROSS_MARGIN;
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const key = `${r.subject_kind}\u0000${r.subject}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { kind: r.subject_kind as SubjectKind, subject: r.subject, unmatched: 0, cost: 0, t: [], c: new Map() }));
    if (r.arm === 'unmatched') g.unmatched++;
    else if (r.arm === 'matched') g.c.set(pairKey(r), r);
    else {
      g.t.push(r);
      g.cost += r.benefit_cost;
    }
  }
  return [...groups.values()].map((g) => {
    const base = { kind: g.kind, subject: g.subject, pairs: g.t.length, unmatched: g.unmatched };
    if (g.t.length === 0) return { ...base, buyers: null, orders: null, sales: null, costPerMember: 0, marginPerYuan: null };
    const matched = g.t.map((t) => {
      const m = g.c.get(pairKey(t));
      if (!m) throw new RangeError(`did_member_outcomes: ${g.subject} ${t.month} ${t.treated_id} has no matched row`);
      return m;
    });
    const outcome = (k: keyof typeof OUTCOMES) => ({ treated: panel(g.t, OUTCOMES[k]), matched: panel(matched, OUTCOMES[k]) });
    const { buyers, orders, sales } = pairedDifferenceInDifferences(
      { buyers: outcome('buyers'), orders: outcome('orders'), sales: outcome('sales') },
      { reps: options.reps, seed: options.seed },
    );
    const costPerMember = g.cost / g.t.length;
    const k = costPerMember > 0 ? margin / costPerMember : null;
    const s = sales.estimate;
    return { ...base, buyers, orders, sales, costPerMember, marginPerYuan: k === null ? null : { estimate: s.estimate * k, lower: s.lower * k, upper: s.upper * k } };
  });
}

/**
 * The plain verdict of an estimate, on the change in the share who bought (as campaigns are judged on
 * response): none when the groups already moved apart before (the pre-trend interval of buyers or of
 * sales excludes 0) — the assumption failed, so the estimate says nothing.
 */
export function didVerdict(s: DidSummary): Verdict | 'trends_differ' | null {
  if (!s.buyers || !s.sales) return null;
  if (s.buyers.parallelTrendsPlausible === false || s.sales.parallelTrendsPlausible === false) return 'trends_differ';
  return verdictOf(s.buyers.estimate);
}
