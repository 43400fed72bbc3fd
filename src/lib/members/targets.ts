/**
 * Who is in a member-list target: one SQL builder per target kind, each returning distinct
 * `member_id`s. Every builder reuses the catalogue definition behind the number a panel shows,
 * so a drill-down lists exactly the members that number counts.
 */
import { npsClassOf } from '../concepts/nps-class.ts';
import { LIKELY_GONE_P_ALIVE } from '../concepts/likely-gone.ts';
import { benefitLapsedTargetSql } from './benefit-target.ts';
import { campaignLapsedTargetSql } from './campaign-target.ts';
import type { MemberTarget } from '../view/member-links.ts';
import { memberHistory, snapshotEnd } from '../metrics/history.ts';
import { memberStages } from '../metrics/lifecycle.ts';
import type { MetricParams } from '../metrics/params.ts';
import { rfmMembersSql } from '../metrics/rfm.ts';
import { scopedOrders } from '../metrics/scope.ts';
import { topTierDetractors } from '../metrics/satisfaction.ts';
import { ident, inList, raw, sql, type SqlStatement } from '../sql.ts';

/** P(alive) below this counts a member as more likely gone than not (value-at-risk list). */
export const AT_RISK_P_ALIVE = LIKELY_GONE_P_ALIVE;

/** The catalogue's tier_mix label for members without a tier. */
const NO_TIER = '(none)';

/** RFM group under a scheme: the members `rfm_members` puts in that group at the snapshot. */
export const rfmTargetSql = (p: MetricParams, scheme: 'eleven' | 'cn8', group: string): SqlStatement =>
  sql`SELECT member_id FROM (${rfmMembersSql({ ...p, rfmScheme: scheme }, snapshotEnd(p))}) WHERE "group" = ${group}`;

/** Current tier: the members `tier_mix` counts (joined before the period end; tier filter applies). */
export const tierTargetSql = (p: MetricParams, tier: string): SqlStatement =>
  sql`SELECT DISTINCT member_id FROM members
    WHERE coalesce(tier, ${NO_TIER}) = ${tier} AND ${inList(raw('tier'), p.tiers)} AND (join_date IS NULL OR join_date < ${p.to}::DATE)`;

/** Lifecycle stage at the snapshot, as `lifecycle_stages` counts it. */
export const lifecycleTargetSql = (p: MetricParams, stage: string): SqlStatement => sql`SELECT member_id FROM (${memberStages(p, snapshotEnd(p))}) WHERE stage = ${stage}`;

/** NPS class from each member's latest NPS answer before the period end (as `repurchase_by_nps_class`). */
export const npsClassTargetSql = (p: MetricParams, npsClass: string): SqlStatement =>
  sql`SELECT member_id FROM (SELECT member_id, arg_max(score, survey_time) AS score FROM surveys
      WHERE lower(scale) = 'nps' AND member_id IS NOT NULL AND survey_time < ${p.to}::TIMESTAMP GROUP BY member_id)
    WHERE ${npsClassOf()} = ${npsClass}`;

/** Members behind the `top_tier_detractors` answers of the period. */
export const topTierDetractorsTargetSql = (p: MetricParams): SqlStatement => sql`SELECT DISTINCT member_id FROM (${topTierDetractors.sql(p)}) WHERE member_id IS NOT NULL`;

/** Everyone with a purchase before the snapshot end under the filters (the lifecycle universe). */
export const lifecycleUniverseSql = (p: MetricParams): SqlStatement => sql`SELECT member_id FROM (${memberHistory(p, snapshotEnd(p))})`;

/**
 * The period's buyers: exactly the members the `buyers` KPI (消费会员数) counts — a purchase in
 * [from, to) under the filters — so "all buying members" on the list equals the number on the strip.
 */
export const buyersTargetSql = (p: MetricParams): SqlStatement => sql`SELECT DISTINCT member_id FROM (${scopedOrders(p)}) WHERE is_purchase AND member_id IS NOT NULL`;

/**
 * Value at risk: members of the universe whose P(alive) is below 0.5 and who spent in the look-back
 * window. Needs the predictions table; without one the list is empty.
 */
export const valueAtRiskTargetSql = (p: MetricParams, predictions: string | null): SqlStatement =>
  predictions
    ? sql`SELECT a.member_id FROM (${lifecycleUniverseSql(p)}) a JOIN ${ident(predictions)} pr USING (member_id) WHERE pr.p_alive < ${AT_RISK_P_ALIVE}`
    : raw('SELECT NULL::VARCHAR AS member_id WHERE FALSE');

/** Whether store, tier or channel filters narrow the members the model view shows (modelScopeSql). */
export const narrowsModelScope = (p: MetricParams | null): boolean => !!(p?.stores?.length || p?.tiers?.length || p?.channels?.length);

/**
 * The members the model view shows under the filters: the lifecycle universe (a purchase under the
 * store/channel/tier filters before the snapshot end) and, under a store filter, only the store's
 * own members (home store, as member lists default to; data without home stores keeps everyone).
 * The value-at-risk list is this set less members with no spend in the look-back window.
 */
export const modelScopeSql = (p: MetricParams): SqlStatement =>
  sql`SELECT u.member_id FROM (${lifecycleUniverseSql(p)}) u WHERE ${
    p.stores?.length
      ? sql`(u.member_id IN (SELECT member_id FROM members WHERE ${inList(raw('home_store'), p.stores)})
          OR NOT EXISTS (SELECT 1 FROM members WHERE home_store IS NOT NULL))`
      : raw('TRUE')
  }`;

/** The member ids of a target under the global filters and period. */
export function targetMembersSql(target: MemberTarget, p: MetricParams, predictions: string | null): SqlStatement {
  switch (target.list) {
    case 'rfm':
      return rfmTargetSql(p, target.scheme, target.group);
    case 'tier':
      return tierTargetSql(p, target.tier);
    case 'lifecycle':
      return lifecycleTargetSql(p, target.stage);
    case 'nps_class':
      return npsClassTargetSql(p, target.npsClass);
    case 'top_tier_detractors':
      return topTierDetractorsTargetSql(p);
    case 'value_at_risk':
      return valueAtRiskTargetSql(p, predictions);
    case 'campaign_lapsed':
      return campaignLapsedTargetSql(p, target.campaign);
    case 'benefit_lapsed':
      return benefitLapsedTargetSql(p, target.benefit);
    case 'all':
      return buyersTargetSql(p);
  }
}
