// The demo's shape and integrity, checked on native DuckDB after loading every table through
// the real engine (the same path the app takes at start).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_NAMES, TIERS } from '../../../src/lib/schema.ts';
import { loadDemo, type LoadedDemo } from './load-demo.ts';

let d: LoadedDemo;
const one = async (text: string) => (await d.q(text))[0];

beforeAll(async () => {
  d = await loadDemo();
});
afterAll(() => d?.close());

describe('demo tables', () => {
  it('every table loads without losing a row', () => {
    for (const t of TABLE_NAMES) {
      const lines = d.demo.tables[t].split('\n').length - 2; // header and the final newline
      expect(d.loaded[t], t).toBe(lines);
      expect(lines, t).toBeGreaterThan(0);
    }
  });

  it('members: ~20k, unique ids, a tier pyramid, plausible personal data', async () => {
    const r = await one(`SELECT count(*)::DOUBLE n, count(DISTINCT member_id)::DOUBLE ids,
        count(*) FILTER (WHERE NOT regexp_full_match(phone, '1[3-9][0-9]{9}'))::DOUBLE bad_phones,
        count(*) FILTER (WHERE year(birthday) <> birth_year)::DOUBLE bad_years,
        count(*) FILTER (WHERE join_date > DATE '2026-10-31' OR join_date IS NULL)::DOUBLE bad_joins,
        count(DISTINCT home_store)::DOUBLE stores, count(DISTINCT signup_channel)::DOUBLE channels FROM members`);
    expect(r).toEqual({ n: 20_000, ids: 20_000, bad_phones: 0, bad_years: 0, bad_joins: 0, stores: 3, channels: 4 });
    const tiers = await d.q(`SELECT tier, count(*)::DOUBLE n FROM members GROUP BY tier`);
    const byTier = Object.fromEntries(tiers.map((t) => [t.tier, t.n as number]));
    expect(Object.keys(byTier).sort()).toEqual([...TIERS].sort());
    expect(byTier['普通']).toBeGreaterThan(byTier['银卡']);
    expect(byTier['银卡']).toBeGreaterThan(byTier['金卡']);
    expect(byTier['金卡']).toBeGreaterThan(byTier['钻石']);
    expect(byTier['钻石']).toBeGreaterThan(100);
  });

  it('orders: ~250k over the 24 months, ~30 % walk-ins, 2–3 % refunds, unique ids', async () => {
    const r = await one(`SELECT count(*)::DOUBLE n, count(DISTINCT order_id)::DOUBLE ids,
        (count(*) FILTER (WHERE member_id IS NULL AND NOT is_refund) / count(*) FILTER (WHERE NOT is_refund))::DOUBLE walk_ins,
        (count(*) FILTER (WHERE is_refund) / count(*))::DOUBLE refunds,
        count(*) FILTER (WHERE is_refund <> (amount < 0))::DOUBLE sign_mismatch,
        count(*) FILTER (WHERE channel NOT IN ('online', 'offline'))::DOUBLE bad_channels,
        strftime(min(order_time), '%Y-%m-%d') AS first, strftime(max(order_time), '%Y-%m-%d') AS last,
        count(*) FILTER (WHERE NOT is_refund AND (item_count < 1 OR discount < 0 OR points_used < 0))::DOUBLE bad_purchases
      FROM orders`);
    expect(r.n).toBeGreaterThan(230_000);
    expect(r.n).toBeLessThan(270_000);
    expect(r.ids).toBe(r.n);
    expect(r.walk_ins).toBeCloseTo(0.3, 2);
    expect(r.refunds).toBeGreaterThan(0.02);
    expect(r.refunds).toBeLessThan(0.03);
    expect(r).toMatchObject({ sign_mismatch: 0, bad_channels: 0, first: '2024-11-01', last: d.demo.endDate, bad_purchases: 0 });
    // Refunds give back real baskets: no bigger than the biggest purchase, about the average one.
    const money = await one(`SELECT avg(amount) FILTER (WHERE is_refund)::DOUBLE refund, avg(amount) FILTER (WHERE NOT is_refund)::DOUBLE purchase,
        min(amount)::DOUBLE min_refund, max(amount)::DOUBLE max_purchase FROM orders`);
    expect(-(money.min_refund as number)).toBeLessThanOrEqual(money.max_purchase as number);
    expect(-(money.refund as number) / (money.purchase as number)).toBeGreaterThan(0.6);
    expect(-(money.refund as number) / (money.purchase as number)).toBeLessThan(1.1);
    const orphans = await one(`SELECT count(*)::DOUBLE n FROM orders o LEFT JOIN members m USING (member_id)
        WHERE o.member_id IS NOT NULL AND (m.member_id IS NULL OR o.order_time::DATE < m.join_date)`);
    expect(orphans.n).toBe(0);
  });

  it('footfall: every store on every one of the 730 days', async () => {
    const r = await one(`SELECT count(*)::DOUBLE n, count(DISTINCT (store, date))::DOUBLE pairs, count(DISTINCT date)::DOUBLE AS days,
        strftime(min(date), '%Y-%m-%d') AS first, strftime(max(date), '%Y-%m-%d') AS last, min(visitors)::DOUBLE AS min FROM footfall`);
    expect(r).toMatchObject({ n: 3 * 730, pairs: 3 * 730, days: 730, first: '2024-11-01', last: '2026-10-31' });
    expect(r.min).toBeGreaterThan(0);
  });

  it('surveys: NPS 0–10 from ~15 % of members, some with comments; about half also rated on CSAT 1–5', async () => {
    const r = await one(`SELECT (count(DISTINCT s.member_id) / (SELECT count(*) FROM members))::DOUBLE coverage,
        count(*) FILTER (WHERE scale = 'nps' AND (score < 0 OR score > 10 OR score <> round(score)))::DOUBLE bad_scores,
        count(*) FILTER (WHERE scale = 'csat' AND (score < 1 OR score > 5 OR score <> round(score)))::DOUBLE bad_csat,
        count(*) FILTER (WHERE scale NOT IN ('nps', 'csat'))::DOUBLE other_scales,
        count(comment) FILTER (WHERE scale = 'nps')::DOUBLE AS comments, count(comment) FILTER (WHERE scale = 'csat')::DOUBLE AS csat_comments,
        count(*) FILTER (WHERE scale = 'nps')::DOUBLE n, count(*) FILTER (WHERE scale = 'csat')::DOUBLE csat,
        count(*) FILTER (WHERE m.member_id IS NULL)::DOUBLE orphans
      FROM surveys s LEFT JOIN members m USING (member_id)`);
    expect(r.coverage).toBeGreaterThan(0.13);
    expect(r.coverage).toBeLessThan(0.17);
    expect(r).toMatchObject({ bad_scores: 0, bad_csat: 0, other_scales: 0, orphans: 0, csat_comments: 0 });
    expect(r.csat).toBeGreaterThan(0.4 * (r.n as number));
    expect(r.csat).toBeLessThan(0.6 * (r.n as number));
    expect(r.comments).toBeGreaterThan(0.2 * (r.n as number));
    expect(r.comments).toBeLessThan(r.n as number);
    // The writer's RFC-4180 quoting survives the engine: a comment with a comma and quotes.
    expect(await d.q(`SELECT DISTINCT comment FROM surveys WHERE comment LIKE '%"%' OR comment LIKE '%,%' ORDER BY 1`)).toEqual([
      { comment: '"会员日"活动不错' },
      { comment: '还行, 就是停车不方便' },
    ]);
  });

  it('points: ~1 point per ¥ on purchases, redemptions match points_used, no negative balance', async () => {
    const earn = await one(`SELECT sum(points)::DOUBLE p FROM points WHERE kind = 'earn' AND points > 0`);
    const paid = await one(`SELECT sum(floor(amount))::DOUBLE p, sum(points_used)::DOUBLE used FROM orders WHERE member_id IS NOT NULL AND NOT is_refund`);
    expect(earn.p).toBe(paid.p);
    const redeem = await one(`SELECT -sum(points)::DOUBLE p FROM points WHERE kind = 'redeem'`);
    expect(redeem.p).toBe(paid.used);
    const kinds = await d.q(`SELECT DISTINCT kind FROM points ORDER BY kind`);
    expect(kinds.map((k) => k.kind)).toEqual(['earn', 'expire', 'redeem']);
    const negative = await one(`SELECT count(*)::DOUBLE n FROM (SELECT member_id FROM points GROUP BY 1 HAVING sum(points) < 0)`);
    expect(negative.n).toBe(0);
  });

  it("tier changes: chains that end at each member's tier, upgrades and downgrades", async () => {
    const r = await one(`WITH c AS (SELECT *, lag(to_tier) OVER w AS prev, row_number() OVER w AS k,
          count(*) OVER (PARTITION BY member_id) AS total FROM tier_changes WINDOW w AS (PARTITION BY member_id ORDER BY change_time))
      SELECT count(*) FILTER (WHERE prev IS NOT NULL AND prev <> from_tier)::DOUBLE broken,
        count(*) FILTER (WHERE k = total AND to_tier <> m.tier)::DOUBLE wrong_final,
        count(*) FILTER (WHERE change_time::DATE < m.join_date)::DOUBLE before_join,
        count(*) FILTER (WHERE list_position(['普通','银卡','金卡','钻石'], to_tier) > list_position(['普通','银卡','金卡','钻石'], from_tier))::DOUBLE ups,
        count(*) FILTER (WHERE list_position(['普通','银卡','金卡','钻石'], to_tier) < list_position(['普通','银卡','金卡','钻石'], from_tier))::DOUBLE downs,
        count(*)::DOUBLE n
      FROM c JOIN members m USING (member_id)`);
    expect(r).toMatchObject({ broken: 0, wrong_final: 0, before_join: 0 });
    expect(r.ups).toBeGreaterThan(1000);
    expect(r.downs).toBeGreaterThan(100);
    expect((r.ups as number) + (r.downs as number)).toBe(r.n);
  });
});
