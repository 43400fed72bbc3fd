/**
 * Member-list target "received benefit X and did not come back": members issued a benefit of that
 * type in the period (their first issue counts) with no purchase in the response window after it —
 * the people a benefit did not bring back. Store and tier filters apply as in every list.
 */
import { inList, raw, sql, type SqlStatement } from '../sql.ts';
import { DEFAULT_RESPONSE_DAYS, type MetricParams } from '../metrics/params.ts';
import { purchaseCondition } from '../metrics/scope.ts';

/** The benefit type as the matched estimate names it (an unnamed type is 其他). */
export const BENEFIT_SUBJECT = "coalesce(benefit_type, '其他')";

export function benefitLapsedTargetSql(p: MetricParams, benefit: string): SqlStatement {
  const days = p.responseDays ?? DEFAULT_RESPONSE_DAYS;
  return sql`SELECT b.member_id FROM (
      SELECT member_id, min(issued_time) AS issued_time FROM benefits
      WHERE ${raw(BENEFIT_SUBJECT)} = ${benefit} AND member_id IS NOT NULL
        AND issued_time >= ${p.from}::TIMESTAMP AND issued_time < ${p.to}::TIMESTAMP
      GROUP BY member_id) b
    LEFT JOIN members m ON m.member_id = b.member_id
    WHERE ${inList(raw('m.home_store'), p.stores)} AND ${inList(raw('m.tier'), p.tiers)}
      AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.member_id = b.member_id AND ${purchaseCondition(p.countZeroAmount)}
        AND o.order_time >= b.issued_time AND o.order_time < b.issued_time + (${days}::INTEGER * INTERVAL 1 DAY))`;
}
