/** The metric catalogue: every number the dashboard shows is defined exactly once, here. */
import { activeMembers, activeMemberShare, newBuyers, returningBuyers } from './activity.ts';
import { averageUnitPrice, memberSalesShare, unitsPerTransaction } from './basket.ts';
import { membersAtRisk } from './at-risk.ts';
import { birthdayGiftSales, birthdaySales } from './birthday.ts';
import { benefitFunnel, benefitUseTrend } from './benefits.ts';
import { campaignMemberOutcomes, campaignResponse, channelEffectiveness } from './campaigns.ts';
import { cohortRetention } from './cohort.ts';
import { multiSegmentBuyers } from './cross-segment.ts';
import type { ColumnName, ColumnValue } from './columns.ts';
import type { MetricDefinition } from './define.ts';
import { didMemberOutcomes } from './matched.ts';
import { communityMemberOutcomes } from './communities.ts';
import { memberDaySales } from './member-day.ts';
import { lifecycleFlow, pointsMonthly, tierChangesMonthly } from './flows.ts';
import { churnRate, churnTrend, lifecycleStages } from './lifecycle.ts';
import { pointsBalance, pointsEarned, pointsExpired, pointsLiability, pointsRedeemed, pointsRedemptionRate } from './points.ts';
import { repurchaseRate } from './repurchase.ts';
import { purchaseGapHistogram, repurchaseBySegment, repurchaseTrend } from './repurchase-trend.ts';
import { conversionRate, medianPurchaseGap, purchaseFrequency, returnToStoreRate } from './retention.ts';
import { rfmGroupCounts, rfmMembers, rfmMigration } from './rfm.ts';
import { aov, buyers, orders, sales } from './sales.ts';
import { csat, nps, npsBySegment, repurchaseByNpsClass, surveyResponses, topTierDetractors } from './satisfaction.ts';
import { latestComments, npsByRfm, satisfactionTrend } from './satisfaction-trend.ts';
import { storeCompass } from './store-compass.ts';
import { churnersByStore, footfallByStore } from './store-story.ts';
import { tierDowngrades, tierMigration, tierMix, tierUpgrades } from './tiers.ts';
import { monthlyTrend } from './trend.ts';

export const METRICS = [
  // sales and basket
  sales,
  orders,
  buyers,
  repurchaseRate,
  aov,
  monthlyTrend,
  unitsPerTransaction,
  averageUnitPrice,
  memberSalesShare,
  // buyers and retention
  newBuyers,
  returningBuyers,
  activeMembers,
  activeMemberShare,
  returnToStoreRate,
  purchaseFrequency,
  medianPurchaseGap,
  conversionRate,
  cohortRetention,
  repurchaseTrend,
  purchaseGapHistogram,
  repurchaseBySegment,
  multiSegmentBuyers,
  // lifecycle and RFM
  lifecycleStages,
  churnRate,
  churnTrend,
  rfmMembers,
  rfmGroupCounts,
  rfmMigration,
  // tiers and points
  tierMix,
  tierUpgrades,
  tierDowngrades,
  tierMigration,
  pointsEarned,
  pointsRedeemed,
  pointsExpired,
  pointsRedemptionRate,
  pointsBalance,
  pointsLiability,
  // satisfaction, birthday, store compass
  surveyResponses,
  nps,
  csat,
  npsBySegment,
  repurchaseByNpsClass,
  topTierDetractors,
  birthdaySales,
  storeCompass,
  // panel views: satisfaction, tiers & points, churn warning
  satisfactionTrend,
  latestComments,
  npsByRfm,
  pointsMonthly,
  tierChangesMonthly,
  lifecycleFlow,
  membersAtRisk,
  churnersByStore,
  footfallByStore, // the demo story's per-store charts
  // benefits and campaigns (权益与营销)
  benefitFunnel,
  benefitUseTrend,
  campaignResponse,
  campaignMemberOutcomes,
  channelEffectiveness,
  didMemberOutcomes,
  communityMemberOutcomes,
  memberDaySales,
  birthdayGiftSales,
] as const satisfies readonly MetricDefinition[];

/** Every id in the catalogue: a typo in a panel is a type error, and a lookup needs no `!`. */
export type MetricId = (typeof METRICS)[number]['id'];

type Definition<Id extends MetricId> = Extract<(typeof METRICS)[number], { id: Id }>;

/** One row of a metric's result, typed from its declared columns (a scalar metric: `{ value }`). */
export type MetricRow<Id extends MetricId> =
  Definition<Id> extends { shape: 'table'; columns?: infer Cols extends readonly ColumnName[] } ? { [C in Cols[number]]: ColumnValue<C> } : { value: number | null };

const byId = new Map<string, MetricDefinition>(METRICS.map((m) => [m.id, m]));
if (byId.size !== METRICS.length) throw new Error('duplicate metric id in the catalogue');

/** A metric by its (typed) id. */
export function getMetric(id: MetricId): MetricDefinition {
  return byId.get(id)!;
}

/** A metric by an id from outside the code (URL, CLI, saved state): undefined when unknown. */
export function findMetric(id: string): MetricDefinition | undefined {
  return byId.get(id);
}

/** Narrows an id from outside the code to a catalogue id. */
export const isMetricId = (id: string): id is MetricId => byId.has(id);

/** The first view's KPI strip, in display order. */
export const KPI_STRIP = ['sales', 'orders', 'buyers', 'repurchase_rate', 'aov'] as const;

export type { MetricDefinition, MetricUnit, MetricVariant, Localized } from './define.ts';
export type { MetricParams } from './params.ts';
