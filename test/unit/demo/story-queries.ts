// Independent SQL for the demo's story (deliberately not the metric catalogue): each function
// returns plain numbers per store or per month for the tests to compare.
import type { LoadedDemo } from './load-demo.ts';

type Q = LoadedDemo['q'];

/** A purchase, written out here rather than imported from the metrics. */
const PURCHASE = `amount > 0 AND NOT is_refund`;

/** Per store: members with ≥2 distinct purchase days there in [from, to) ÷ members who bought there. */
export async function repurchaseByStore(q: Q, from: string, to: string): Promise<Record<string, number>> {
  const rows = await q(`SELECT store, (count(*) FILTER (WHERE days >= 2) / count(*))::DOUBLE AS rate FROM (
      SELECT store, member_id, count(DISTINCT order_time::DATE) AS days FROM orders
      WHERE ${PURCHASE} AND member_id IS NOT NULL AND order_time >= '${from}' AND order_time < '${to}'
      GROUP BY store, member_id) GROUP BY store`);
  return Object.fromEntries(rows.map((r) => [r.store as string, r.rate as number]));
}

/** Per store: buyers in [a, b) who buy there again in [b, c) ÷ buyers in [a, b). */
export async function returnByStore(q: Q, a: string, b: string, c: string): Promise<Record<string, number>> {
  const rows = await q(`WITH buys AS (SELECT DISTINCT store, member_id, order_time >= '${b}' AS later FROM orders
        WHERE ${PURCHASE} AND member_id IS NOT NULL AND order_time >= '${a}' AND order_time < '${c}')
      SELECT p.store, (count(l.member_id) / count(*))::DOUBLE AS rate
      FROM (SELECT * FROM buys WHERE NOT later) p LEFT JOIN (SELECT * FROM buys WHERE later) l USING (store, member_id)
      GROUP BY p.store`);
  return Object.fromEntries(rows.map((r) => [r.store as string, r.rate as number]));
}

/** Per store: average daily visitors and purchases ÷ visitors over all days. */
export async function footfallByStore(q: Q): Promise<Record<string, { visitors: number; conversion: number }>> {
  const rows = await q(`SELECT f.store, avg(visitors)::DOUBLE AS visitors, (max(o.n) / sum(visitors))::DOUBLE AS conversion
      FROM footfall f JOIN (SELECT store, count(*) AS n FROM orders WHERE ${PURCHASE} GROUP BY store) o USING (store)
      GROUP BY f.store`);
  return Object.fromEntries(rows.map((r) => [r.store as string, { visitors: r.visitors as number, conversion: r.conversion as number }]));
}

/** Monthly NPS (% promoters 9–10 − % detractors 0–6) of surveys about one store, by 'YYYY-MM'. */
export async function monthlyNps(q: Q, store: string): Promise<Map<string, number>> {
  const rows = await q(`SELECT strftime(survey_time, '%Y-%m') AS month,
      (100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*))::DOUBLE AS nps
      FROM surveys WHERE scale = 'nps' AND store = '${store}' GROUP BY month ORDER BY month`);
  return new Map(rows.map((r) => [r.month as string, r.nps as number]));
}

/**
 * Monthly count of churning members of a home store: members whose last purchase falls in the
 * month and who then bought nothing for 90+ days up to the end date. Only months whose
 * churners can already be seen (last purchase ≤ end − 90 days) are returned.
 */
export async function monthlyChurn(q: Q, homeStore: string, endDate: string): Promise<Map<string, number>> {
  const rows = await q(`SELECT strftime(last, '%Y-%m') AS month, count(*)::DOUBLE AS n FROM (
      SELECT o.member_id, max(order_time)::DATE AS last FROM orders o JOIN members m USING (member_id)
      WHERE ${PURCHASE} AND m.home_store = '${homeStore}' GROUP BY o.member_id)
    WHERE last <= DATE '${endDate}' - INTERVAL 90 DAY
      AND last < date_trunc('month', DATE '${endDate}' - INTERVAL 90 DAY)
    GROUP BY month ORDER BY month`);
  return new Map(rows.map((r) => [r.month as string, r.n as number]));
}

/** Monthly net sales, by 'YYYY-MM'. */
export async function monthlySales(q: Q): Promise<Map<string, number>> {
  const rows = await q(`SELECT strftime(order_time, '%Y-%m') AS month, sum(amount)::DOUBLE AS sales FROM orders GROUP BY month ORDER BY month`);
  return new Map(rows.map((r) => [r.month as string, r.sales as number]));
}

/**
 * Member spend in their birthday month vs an average other month: total member sales in
 * birthday months ÷ birthday member-months, against the same for the other months. Members
 * who joined before the window each have 2 birthday months and 22 others in the 24 months.
 */
export async function birthdaySpend(q: Q, from: string): Promise<{ birthday: number; other: number }> {
  const [r] = await q(`SELECT (sum(amount) FILTER (WHERE month(order_time) = month(m.birthday)) / (2 * count(DISTINCT member_id)))::DOUBLE AS birthday,
      (sum(amount) FILTER (WHERE month(order_time) <> month(m.birthday)) / (22 * count(DISTINCT member_id)))::DOUBLE AS other
    FROM orders o JOIN members m USING (member_id) WHERE m.join_date < DATE '${from}'`);
  return { birthday: r.birthday as number, other: r.other as number };
}

/** Monthly CSAT (share of 1–5 answers scoring 4–5) of surveys about one store, by 'YYYY-MM'. */
export async function monthlyCsat(q: Q, store: string): Promise<Map<string, number>> {
  const rows = await q(`SELECT strftime(survey_time, '%Y-%m') AS month, (count(*) FILTER (WHERE score >= 4) / count(*))::DOUBLE AS csat
      FROM surveys WHERE scale = 'csat' AND store = '${store}' GROUP BY month ORDER BY month`);
  return new Map(rows.map((r) => [r.month as string, r.csat as number]));
}

/** Tier downgrades (to_tier ranked below from_tier) with change_time in [from, to). */
export async function downgrades(q: Q, from: string, to: string): Promise<number> {
  const [r] = await q(`SELECT count(*)::DOUBLE AS n FROM tier_changes
      WHERE list_position(['普通','银卡','金卡','钻石'], to_tier) < list_position(['普通','银卡','金卡','钻石'], from_tier)
        AND change_time >= '${from}' AND change_time < '${to}'`);
  return r.n as number;
}
