/** Benefit usage (权益使用): issued → used → redeemed with a purchase, by type × tier × store; time to use, expired unused, cost vs face value. */
import { inList, raw, sql } from '../sql.ts';
import { defineMetric } from './define.ts';
import { snapshotEnd } from './history.ts';
import { unitSum, yuan } from './money.ts';
import type { MetricParams } from './params.ts';
import { purchaseCondition } from './scope.ts';

/**
 * Benefits issued in [from, to) under the store and tier filters, with the member's current tier,
 * the store (the row's, else the member's home store) and whether a use came with a purchase (its
 * order id is a purchase, or the member bought on the day of use).
 * The purchase days and purchase order ids looked up are only those of members and order ids that
 * appear in benefits (a semi-join: the same matches, not every order's; at 1M orders and few or no
 * benefits rows the two DISTINCTs over all orders took ~0.7 s per metric, issue 14 session 11).
 */
function benefitsIssued(p: MetricParams) {
  return sql`WITH pd AS (SELECT DISTINCT o.member_id, o.order_time::DATE AS d FROM orders o
        WHERE ${purchaseCondition(p.countZeroAmount)} AND o.member_id IN (SELECT member_id FROM benefits WHERE used_time IS NOT NULL)),
      po AS (SELECT DISTINCT o.order_id FROM orders o WHERE ${purchaseCondition(p.countZeroAmount)} AND o.order_id IN (SELECT order_id FROM benefits))
    SELECT coalesce(b.benefit_type, '其他') AS benefit_type, m.tier AS tier, coalesce(b.store, m.home_store) AS store,
      b.used_time, b.issued_time, b.expiry_time, b.face_value, b.cost,
      b.used_time IS NOT NULL AND (po.order_id IS NOT NULL OR pd.member_id IS NOT NULL) AS with_purchase
    FROM benefits b LEFT JOIN members m ON m.member_id = b.member_id
      LEFT JOIN po ON po.order_id = b.order_id
      LEFT JOIN pd ON pd.member_id = b.member_id AND pd.d = b.used_time::DATE
    WHERE b.issued_time >= ${p.from}::TIMESTAMP AND b.issued_time < ${p.to}::TIMESTAMP
      AND ${inList(raw('coalesce(b.store, m.home_store)'), p.stores)} AND ${inList(raw('m.tier'), p.tiers)}`;
}

/** 权益使用漏斗 — benefits issued in the period, by type × tier × store. */
export const benefitFunnel = defineMetric({
  id: 'benefit_funnel',
  label: { zh: '权益使用漏斗', en: 'Benefit usage funnel' },
  formula: {
    zh: '期内发放的权益按 类型 × 会员当前等级 × 门店 分组：发放数；已核销数（核销时间非空）；带消费核销数（核销订单号是一笔消费，或会员在核销当天有消费）；过期未用数（未核销且过期时间早于期末）；核销用时中位数（天）；面值合计；成本合计',
    en: 'benefits issued in the period by type × member’s current tier × store: issued; used (a use time); redeemed with a purchase (its order id is a purchase, or the member bought on the day of use); expired unused (not used, expiry before the period end); median days from issue to use; total face value; total cost',
  },
  unit: 'count',
  shape: 'table',
  columns: ['benefit_type', 'tier', 'store', 'issued', 'used', 'redeemed_with_purchase', 'expired_unused', 'median_days_to_use', 'face_value', 'cost'],
  needs: ['benefits'],
  notes: {
    zh: '门店取权益记录的门店，缺失时取会员的所属门店；等级筛选按会员当前等级；渠道筛选不适用。未核销的权益不计入用时。',
    en: 'Store is the benefit row’s store, else the member’s home store; the tier filter uses the member’s current tier; channel filters do not apply. Unused benefits do not enter the time to use.',
  },
  sql: (p) => sql`WITH b AS (${benefitsIssued(p)})
    SELECT benefit_type, tier, store, count(*)::DOUBLE AS issued,
      count(used_time)::DOUBLE AS used,
      count(*) FILTER (WHERE with_purchase)::DOUBLE AS redeemed_with_purchase,
      count(*) FILTER (WHERE used_time IS NULL AND expiry_time < ${snapshotEnd(p)}::TIMESTAMP)::DOUBLE AS expired_unused,
      (median(epoch(used_time) - epoch(issued_time)) / 86400)::DOUBLE AS median_days_to_use,
      ${yuan(sql`coalesce(${unitSum('face_value')}, 0)`)} AS face_value, ${yuan(sql`coalesce(${unitSum('cost')}, 0)`)} AS cost
    FROM b GROUP BY ALL ORDER BY benefit_type, tier NULLS LAST, store NULLS LAST`,
});

/** 权益核销率趋势 — per month of issue and benefit type: issued, used, the share used, and used with a purchase. */
export const benefitUseTrend = defineMetric({
  id: 'benefit_use_trend',
  label: { zh: '权益核销率趋势', en: 'Benefit use rate by month' },
  formula: {
    zh: '按发放月份 × 权益类型：发放数、已核销数、核销率 = 已核销 ÷ 发放、带消费核销数（口径同权益使用漏斗）',
    en: 'per month of issue × benefit type: issued, used, use rate = used ÷ issued, used with a purchase (as in the benefit funnel)',
  },
  unit: 'ratio',
  shape: 'table',
  columns: ['month', 'benefit_type', 'issued', 'used', 'use_rate', 'redeemed_with_purchase'],
  needs: ['benefits'],
  notes: {
    zh: '按发放月份归属：当月发放、之后才核销的权益算在发放月。最近几个月的核销率会随时间上升（还没到用的时候）。',
    en: 'Counted in the month of issue: a benefit used in a later month counts in its month of issue, so the latest months’ rates still rise as members use them.',
  },
  sql: (p) => sql`WITH b AS (${benefitsIssued(p)})
    SELECT strftime(issued_time, '%Y-%m') AS month, benefit_type, count(*)::DOUBLE AS issued, count(used_time)::DOUBLE AS used,
      (count(used_time) / count(*))::DOUBLE AS use_rate, count(*) FILTER (WHERE with_purchase)::DOUBLE AS redeemed_with_purchase
    FROM b GROUP BY ALL ORDER BY month, benefit_type`,
});
