/**
 * Member-list target "received campaign X and did not come back": its treatment (contacted) members with
 * no purchase in the response window after their contact — the people to follow up or stop paying for.
 * The campaign is named by id, whatever the period; the global store/tier filters apply as in every list.
 */
import { inList, raw, sql, type SqlStatement } from '../sql.ts';
import { DEFAULT_RESPONSE_DAYS, type MetricParams } from '../metrics/params.ts';
import { purchaseCondition } from '../metrics/scope.ts';

export function campaignLapsedTargetSql(p: MetricParams, campaign: string): SqlStatement {
  const days = p.responseDays ?? DEFAULT_RESPONSE_DAYS;
  return sql`SELECT c.member_id FROM (
      SELECT member_id, min(sent_time) AS sent_time FROM campaigns
      WHERE campaign_id = ${campaign} GROUP BY member_id HAVING min(coalesce(arm, 'treatment')) = 'treatment') c
    LEFT JOIN members m ON m.member_id = c.member_id
    WHERE ${inList(raw('m.home_store'), p.stores)} AND ${inList(raw('m.tier'), p.tiers)}
      AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.member_id = c.member_id AND ${purchaseCondition(p.countZeroAmount)}
        AND o.order_time >= c.sent_time AND o.order_time < c.sent_time + (${days}::INTEGER * INTERVAL 1 DAY))`;
}
