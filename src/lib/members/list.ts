/**
 * The member list of a target: one row per member with the facts a store owner acts on. Filters
 * and period follow the global view; RFM group, purchase days and spend use the RFM look-back window.
 */
import { type MemberTarget, scopeOf } from '../view/member-links.ts';
import { memberHistory, snapshotEnd, visitsExpr } from '../metrics/history.ts';
import { addDays, DEFAULT_LOOKBACK_DAYS, type MetricParams } from '../metrics/params.ts';
import { moneySum } from '../metrics/money.ts';
import { rfmMembersSql } from '../metrics/rfm.ts';
import { scopedOrders } from '../metrics/scope.ts';
import { ident, inList, raw, sql, type SqlStatement } from '../sql.ts';
import { targetMembersSql } from './targets.ts';

/** Columns of a member-list row, in order (Arrow column names). */
export const MEMBER_LIST_COLUMNS = [
  'member_id',
  'name',
  'tier',
  'home_store',
  'phone',
  'last_purchase',
  'purchase_days',
  'spend',
  'rfm_group',
  'p_alive',
  'next_purchase_days',
  'clv',
  'value_at_risk',
] as const;

export type MemberListColumn = (typeof MEMBER_LIST_COLUMNS)[number];

/** The RFM scheme a list shows groups in: the target's for an RFM target, else the view's. */
export const listScheme = (target: MemberTarget, p: MetricParams): 'eleven' | 'cn8' => (target.list === 'rfm' ? target.scheme : (p.rfmScheme ?? 'eleven'));

const NO_PREDICTIONS = raw('(SELECT NULL::VARCHAR AS member_id, NULL::DOUBLE AS p_alive, NULL::DOUBLE AS next_purchase_days, NULL::DOUBLE AS clv WHERE FALSE)');

/**
 * Member rows of a target. `predictions` names a table (member_id, p_alive, next_purchase_days, clv) from the latest
 * model fit, or null. value_at_risk = (1 − P(alive)) × spend in the look-back window (historic value:
 * what the member spent last year, times the chance they are gone). last_purchase is the last
 * purchase day before the snapshot end in all history; NULL values mean "not known". Spend is
 * rounded to the cent: a sum of doubles differs in its last bits from run to run (parallel
 * aggregation), and the list's order (and its pages) must not.
 */
export function memberListSql(target: MemberTarget, p: MetricParams, predictions: string | null): SqlStatement {
  return sql`${memberListBodySql(target, p, predictions)} ORDER BY ${memberListOrder(target)}`;
}

/** The list's own order (before any header click): value at risk for that list, else spend; ties by member id. */
export const memberListOrder = (target: MemberTarget): SqlStatement =>
  target.list === 'value_at_risk' ? raw('value_at_risk DESC NULLS LAST, member_id') : raw('spend DESC, member_id');

/** memberListSql without its ORDER BY (the pager numbers the rows in that order itself). */
export function memberListBodySql(target: MemberTarget, p: MetricParams, predictions: string | null): SqlStatement {
  const end = snapshotEnd(p);
  const start = addDays(end, -(p.lookbackDays ?? DEFAULT_LOOKBACK_DAYS));
  const pred = predictions ? ident(predictions) : NO_PREDICTIONS;
  const onlyAtRisk = target.list === 'value_at_risk' ? raw('coalesce(w.spend, 0) > 0') : raw('TRUE');
  // Home-store scope (the default under a store filter); data without any home store falls back to "shopped here".
  const homeOnly =
    scopeOf(target) === 'home' && p.stores?.length
      ? sql`(${inList(raw('m.home_store'), p.stores)} OR NOT EXISTS (SELECT 1 FROM members WHERE home_store IS NOT NULL))`
      : raw('TRUE');
  return sql`WITH target AS (SELECT DISTINCT member_id FROM (${targetMembersSql(target, p, predictions)})),
      mem AS (SELECT member_id, any_value(name) AS name, any_value(tier) AS tier, any_value(home_store) AS home_store, any_value(phone) AS phone
        FROM members GROUP BY member_id),
      hist AS (${memberHistory(p, end)}),
      win AS (SELECT member_id, ${visitsExpr(p)} FILTER (WHERE is_purchase) AS purchase_days, round(${moneySum('amount')}, 2) AS spend
        FROM (${scopedOrders(p, start, end)}) WHERE member_id IS NOT NULL GROUP BY member_id),
      rfm AS (${rfmMembersSql({ ...p, rfmScheme: listScheme(target, p) }, end)})
    SELECT t.member_id::VARCHAR AS member_id, m.name::VARCHAR AS name, m.tier::VARCHAR AS tier, m.home_store::VARCHAR AS home_store, m.phone::VARCHAR AS phone,
      strftime(h.last_date, '%Y-%m-%d') AS last_purchase, coalesce(w.purchase_days, 0)::DOUBLE AS purchase_days,
      coalesce(w.spend, 0)::DOUBLE AS spend, r."group"::VARCHAR AS rfm_group, pr.p_alive::DOUBLE AS p_alive,
      pr.next_purchase_days::DOUBLE AS next_purchase_days, pr.clv::DOUBLE AS clv,
      ((1 - pr.p_alive) * coalesce(w.spend, 0))::DOUBLE AS value_at_risk
    FROM target t LEFT JOIN mem m USING (member_id) LEFT JOIN hist h USING (member_id) LEFT JOIN win w USING (member_id)
      LEFT JOIN rfm r USING (member_id) LEFT JOIN ${pred} pr USING (member_id)
    WHERE ${onlyAtRisk} AND ${homeOnly}`;
}
