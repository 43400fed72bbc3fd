/**
 * Incremental effect of one campaign with a random control group (对照组): response (bought within the
 * window), sales per contacted member, uplift with intervals, incremental buyers and sales, cost, ROI and
 * cost per incremental buyer. The groups' per-member facts come from SQL; the statistics are here.
 */
import { bootstrapMeanDifference, type BootstrapOptions } from './bootstrap.ts';
import { type Interval, proportionDifference, relativeUplift, zFor } from './intervals.ts';
import { type Verdict, verdictOf } from './verdict.ts';

/** One group's members: sales[i] is member i's sales in the response window (0 = did not buy). */
export interface GroupOutcome {
  sales: ArrayLike<number>;
}

export interface CampaignInput {
  treatment: GroupOutcome;
  control: GroupOutcome;
  /** Cost per contacted (treatment) member, ¥. */
  costPerContact: number;
  /** Gross margin on incremental sales (0..1) for ROI; default 1 = ROI on sales. */
  margin?: number;
  level?: number;
  bootstrap?: BootstrapOptions;
}

export interface CampaignEffect {
  treated: number;
  controls: number;
  responseTreatment: number;
  responseControl: number;
  /** Response-rate difference (percentage points as a fraction) with Newcombe's interval. */
  uplift: Interval;
  /** Response-rate ratio − 1 with the Katz log interval; null without responders in control. */
  relativeUplift: Interval | null;
  /** Sales per contacted member, treatment − control, percentile bootstrap interval. */
  salesUplift: Interval;
  /** uplift × treated members. */
  incrementalBuyers: Interval;
  /** salesUplift × treated members. */
  incrementalSales: Interval;
  cost: number;
  /** (incremental sales × margin − cost) ÷ cost; null when the campaign cost nothing. */
  roi: number | null;
  /** cost ÷ incremental buyers; null when the point estimate brought no extra buyer. */
  costPerIncrementalBuyer: number | null;
  verdict: Verdict;
}

const buyers = (sales: ArrayLike<number>): number => {
  let n = 0;
  for (let i = 0; i < sales.length; i++) if (sales[i] > 0) n++;
  return n;
};

const scale = (i: Interval, k: number): Interval => ({ estimate: i.estimate * k, lower: i.lower * k, upper: i.upper * k });

export function campaignEffect(input: CampaignInput): CampaignEffect {
  const { treatment, control, costPerContact, margin = 1, level = 0.95 } = input;
  const nt = treatment.sales.length;
  const nc = control.sales.length;
  if (nt === 0 || nc === 0) throw new RangeError('a campaign needs contacted and control members');
  const xt = buyers(treatment.sales);
  const xc = buyers(control.sales);
  const z = zFor(level);
  const uplift = proportionDifference(xt, nt, xc, nc, z);
  const salesUplift = bootstrapMeanDifference(treatment.sales, control.sales, { level, ...input.bootstrap });
  const incrementalBuyers = scale(uplift, nt);
  const incrementalSales = scale(salesUplift, nt);
  const cost = costPerContact * nt;
  return {
    treated: nt,
    controls: nc,
    responseTreatment: xt / nt,
    responseControl: xc / nc,
    uplift,
    relativeUplift: relativeUplift(xt, nt, xc, nc, z),
    salesUplift,
    incrementalBuyers,
    incrementalSales,
    cost,
    roi: cost > 0 ? (incrementalSales.estimate * margin - cost) / cost : null,
    costPerIncrementalBuyer: incrementalBuyers.estimate > 0 ? cost / incrementalBuyers.estimate : null,
    verdict: verdictOf(uplift),
  };
}
