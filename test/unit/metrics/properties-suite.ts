/**
 * The metric property suite, written against an engine accessor (duckdb-wasm's test pattern) so the
 * SAME checks run on native DuckDB in Node (test/unit/metrics/properties-periods.test.ts) and on
 * DuckDB-WASM in Chromium (test/e2e/metric-properties.test.ts).
 *
 * Over random periods — any day, one day, mid-month starts, month ends, leap days — and random
 * definitions (repurchase basis, lifecycle limits, store filter, npsBy, RFM scheme, zero-amount
 * switch): no metric throws; cohort cells ≤ cohort size; ratios ∈ [0, 1]; month-by-month metrics
 * list the period's months and add up to the period totals; segment counts partition the members.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { METRICS } from '../../../src/lib/metrics/index.ts';
import { addDays, type MetricParams } from '../../../src/lib/metrics/params.ts';

export type Rows = Record<string, unknown>[];

/** Runs every given metric for one set of parameters and returns its rows by id (throws if any metric fails). */
export type RunMetrics = (ids: readonly string[], p: MetricParams) => Promise<Record<string, Rows>>;

export interface PropertyDataset {
  name: string;
  /** First and last day with data: periods are drawn around them (a month either side). */
  first: string;
  last: string;
  /** Store names for the store filter (none: the filter is left off). */
  stores: readonly string[];
}

const DAY_MS = 86_400_000;
const dayIndex = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** The first day of the month after the one `iso` is in. */
const nextMonthStart = (iso: string) => `${addDays(`${iso.slice(0, 7)}-01`, 32).slice(0, 7)}-01`;

/** Periods [from, to) around the dataset: arbitrary, one day, mid-month start, month end, leap day. */
export function periodArb(ds: PropertyDataset): fc.Arbitrary<{ from: string; to: string }> {
  const lo = dayIndex(ds.first) - 31;
  const hi = dayIndex(ds.last) + 31;
  const day = fc.integer({ min: lo, max: hi }).map(isoOf);
  const length = fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 45 }), fc.integer({ min: 46, max: 500 }));
  const span = (from: fc.Arbitrary<string>) => fc.tuple(from, length).map(([from, n]) => ({ from, to: addDays(from, n) }));
  const midMonth = day.map((d) => `${d.slice(0, 7)}-15`);
  // The last day of a month (from) and periods ending on a month end (to = the 1st).
  const monthEnd = day.map((d) => addDays(nextMonthStart(d), -1));
  const endingOnMonthEnd = fc.tuple(day, fc.integer({ min: 0, max: 14 })).map(([d, k]) => ({ from: d, to: nextMonthStart(addDays(d, 28 * k)) }));
  const leap = fc.constantFrom('2024-02-29', '2028-02-29', '2024-02-28');
  return fc.oneof(
    span(day),
    span(midMonth),
    span(monthEnd),
    endingOnMonthEnd,
    span(leap),
    fc.tuple(day, fc.constant(1)).map(([from]) => ({ from, to: addDays(from, 1) })),
  );
}

/** Definitions a user can switch, drawn at random: the suite never runs only at the defaults. */
export function paramsArb(ds: PropertyDataset): fc.Arbitrary<MetricParams> {
  const lifecycle = fc
    .tuple(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 400 }))
    .map(([a, b, c]) => ({ active: a, atRisk: a + b, dormant: a + b + c }));
  return fc
    .record({
      period: periodArb(ds),
      repurchaseBasis: fc.constantFrom('days' as const, 'orders' as const),
      lifecycle: fc.option(lifecycle, { nil: undefined }),
      stores: ds.stores.length ? fc.option(fc.subarray([...ds.stores], { minLength: 1 }), { nil: undefined, freq: 2 }) : fc.constant(undefined),
      npsBy: fc.constantFrom('store' as const, 'tier' as const, 'channel' as const),
      rfmScheme: fc.constantFrom('eleven' as const, 'cn8' as const),
      countZeroAmount: fc.boolean(),
    })
    .map(({ period, ...rest }) => {
      const p: MetricParams = { ...period, ...rest };
      for (const k of Object.keys(p) as (keyof MetricParams)[]) if (p[k] === undefined) delete p[k];
      return p;
    });
}

const IDS = METRICS.map((m) => m.id);
const num = (v: unknown) => (v === null || v === undefined ? 0 : (v as number));
const sum = (rows: Rows, col: string) => rows.reduce((s, r) => s + num(r[col]), 0);
const scalar = (out: Record<string, Rows>, id: string) => (out[id][0]?.value ?? null) as number | null;
const inUnit = (v: unknown) => v === null || (typeof v === 'number' && v >= -1e-12 && v <= 1 + 1e-12);
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

/** Calendar months overlapping [from, to) as 'YYYY-MM'. */
function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = `${from.slice(0, 7)}-01`; m < to; m = nextMonthStart(m)) out.push(m.slice(0, 7));
  return out;
}

// Scalar ratios bounded by construction. conversion_rate (orders ÷ footfall from another table) and
// points_redemption_rate (points redeemed in the period may have been earned before it) are not.
const BOUNDED_SCALARS = ['repurchase_rate', 'member_sales_share', 'active_member_share', 'return_to_store_rate', 'churn_rate', 'csat'];
const BOUNDED_COLUMNS: [string, string][] = [
  ['cohort_retention', 'retention'],
  ['repurchase_trend', 'repurchase_rate'],
  ['repurchase_trend', 'return_to_store_rate'],
  ['purchase_gap_histogram', 'share'],
  ['repurchase_by_segment', 'repurchase_rate'],
  ['repurchase_by_segment', 'return_to_store_rate'],
  ['lifecycle_stages', 'share'],
  ['churn_trend', 'churn_rate'],
  ['rfm_groups', 'share'],
  ['repurchase_by_nps_class', 'repurchase_rate'],
  ['satisfaction_trend', 'csat'],
];

/** Every invariant for one run of the whole catalogue; `at` names the case in failure messages. */
export function checkInvariants(out: Record<string, Rows>, p: MetricParams, at: string): void {
  // ratios
  for (const id of BOUNDED_SCALARS) expect(inUnit(scalar(out, id)), `${at} ${id}`).toBe(true);
  for (const [id, col] of BOUNDED_COLUMNS) for (const r of out[id]) expect(inUnit(r[col]), `${at} ${id}.${col} = ${r[col]}`).toBe(true);
  for (const r of out.nps_by) expect(Math.abs(r.nps as number), `${at} nps_by`).toBeLessThanOrEqual(100);

  // cohorts: cells ≤ size, month 0 = the whole cohort, cohorts = the period's new buyers
  const cohorts = out.cohort_retention;
  for (const r of cohorts) {
    expect(r.members as number, `${at} cohort ${r.cohort}+${r.month_offset}`).toBeLessThanOrEqual(r.cohort_size as number);
    if (r.month_offset === 0) expect(r.retention, `${at} cohort ${r.cohort} month 0`).toBe(1);
  }
  expect(
    sum(
      cohorts.filter((r) => r.month_offset === 0),
      'cohort_size',
    ),
    `${at} Σ cohort sizes = new buyers`,
  ).toBe(scalar(out, 'new_buyers'));

  // month-by-month metrics: the period's months, adding up to the period totals
  const months = monthsOf(p.from, p.to);
  for (const id of ['monthly_trend', 'repurchase_trend', 'churn_trend', 'points_monthly', 'tier_changes_monthly']) {
    expect(
      out[id].map((r) => r.month),
      `${at} ${id} months`,
    ).toEqual(months);
  }
  const mt = out.monthly_trend;
  expect(close(sum(mt, 'sales'), scalar(out, 'sales') ?? 0), `${at} Σ monthly sales = sales`).toBe(true);
  expect(sum(mt, 'orders'), `${at} Σ monthly orders = orders`).toBe(scalar(out, 'orders'));
  const rt = out.repurchase_trend;
  expect(sum(rt, 'new_buyers'), `${at} Σ monthly new buyers = new buyers`).toBe(scalar(out, 'new_buyers'));
  for (const r of rt) expect(num(r.new_buyers) + num(r.returning_buyers), `${at} repurchase_trend ${r.month}`).toBe(r.buyers);
  expect(
    rt.map((r) => r.buyers),
    `${at} repurchase_trend buyers = monthly_trend buyers`,
  ).toEqual(mt.map((r) => r.buyers));
  expect(rt[0]?.return_to_store_rate ?? null, `${at} first month has no previous month in the period`).toBeNull();
  expect(sum(out.points_monthly, 'earned'), `${at} Σ points earned`).toBe(scalar(out, 'points_earned'));
  expect(sum(out.points_monthly, 'redeemed'), `${at} Σ points redeemed`).toBe(scalar(out, 'points_redeemed'));
  expect(sum(out.points_monthly, 'expired'), `${at} Σ points expired`).toBe(scalar(out, 'points_expired'));
  expect(sum(out.tier_changes_monthly, 'upgrades'), `${at} Σ upgrades`).toBe(scalar(out, 'tier_upgrades'));
  expect(sum(out.tier_changes_monthly, 'downgrades'), `${at} Σ downgrades`).toBe(scalar(out, 'tier_downgrades'));
  const allStores = out.satisfaction_trend.filter((r) => r.segment === null);
  expect(sum(allStores, 'nps_responses') + sum(allStores, 'csat_responses'), `${at} Σ monthly survey responses`).toBe(scalar(out, 'survey_responses'));

  // partitions
  expect(num(scalar(out, 'new_buyers')) + num(scalar(out, 'returning_buyers')), `${at} new + returning = buyers`).toBe(scalar(out, 'buyers'));
  expect(sum(out.rfm_groups, 'members'), `${at} RFM groups partition the scored members`).toBe(out.rfm_members.length);
  expect(new Set(out.rfm_members.map((r) => r.group)).has(null), `${at} every scored member has a group`).toBe(false);
  expect(sum(out.lifecycle_stages, 'members'), `${at} lifecycle stages = lifecycle flows' end stages`).toBe(sum(out.lifecycle_flow, 'members'));
  if (sum(out.lifecycle_stages, 'members') > 0) expect(close(sum(out.lifecycle_stages, 'share'), 1), `${at} stage shares`).toBe(true);
  expect(sum(out.nps_by, 'responses'), `${at} nps_by partitions the NPS answers`).toBe(sum(allStores, 'nps_responses'));
  expect(sum(out.nps_by_rfm, 'responses'), `${at} nps_by_rfm partitions the NPS answers`).toBe(sum(allStores, 'nps_responses'));

  // gaps: one per purchase day after a buyer's first in the period, all in some bin
  const buyers = num(scalar(out, 'buyers'));
  const gaps = buyers > 0 ? Math.round(buyers * (num(scalar(out, 'purchase_frequency')) - 1)) : 0;
  expect(sum(out.purchase_gap_histogram, 'gaps'), `${at} Σ gap bins = purchase days − buyers`).toBe(gaps);
}

/** The suite: `runs` random parameter sets on one dataset, every metric each time. */
export async function runPropertySuite(run: RunMetrics, ds: PropertyDataset, runs: number, seed?: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(paramsArb(ds), async (p) => {
      const out = await run(IDS, p);
      checkInvariants(out, p, `${ds.name} ${JSON.stringify(p)}`);
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
}

/** Named edge periods every run includes besides the random ones. */
export function edgePeriods(ds: PropertyDataset): { from: string; to: string }[] {
  const last = ds.last;
  const mid = `${last.slice(0, 7)}-15`;
  return [
    { from: last, to: addDays(last, 1) }, // one day
    { from: addDays(mid, -45), to: mid }, // mid-month to mid-month
    { from: addDays(`${last.slice(0, 7)}-01`, -1), to: addDays(last, 1) }, // from a month's last day
    { from: '2024-02-29', to: '2024-03-01' }, // leap day
    { from: '2024-02-15', to: '2024-03-15' }, // across a leap February
    { from: ds.first, to: addDays(ds.last, 1) }, // the whole data
  ];
}
