// The naive community retention gap, written plainly as the tests' independent reference: every
// member in a group at the period's start against every never-member who had joined by then, the
// share of each who bought in [from, to). Matching should shrink it (part of the gap is who joins).
import type { LoadedDemo } from '../demo/load-demo.ts';

export async function naiveRetentionGap(q: LoadedDemo['q'], from: string, to: string): Promise<number> {
  const [row] = await q(`WITH bought AS (SELECT DISTINCT member_id FROM orders WHERE amount > 0 AND NOT is_refund
        AND order_time >= TIMESTAMP '${from}' AND order_time < TIMESTAMP '${to}'),
      g AS (SELECT m.member_id, EXISTS (SELECT 1 FROM communities c WHERE c.member_id = m.member_id AND c.joined_date < DATE '${from}'
          AND (c.left_date IS NULL OR c.left_date >= DATE '${from}')) AS inside,
        EXISTS (SELECT 1 FROM communities c WHERE c.member_id = m.member_id) AS ever, b.member_id IS NOT NULL AS kept
        FROM members m LEFT JOIN bought b ON b.member_id = m.member_id WHERE m.join_date < DATE '${from}')
    SELECT avg(kept::INT) FILTER (WHERE inside) - avg(kept::INT) FILTER (WHERE NOT ever) AS gap FROM g`);
  return row.gap as number;
}
