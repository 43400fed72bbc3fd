/** Loyalty points: earned, redeemed, expired, redemption rate, outstanding balance and its liability. */
import { inList, raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric, type MetricDefinition } from './define.ts';
import { EPOCH, snapshotEnd } from './history.ts';
import { DEFAULT_POINT_VALUE, type MetricParams } from './params.ts';

// Sources disagree on the sign of redeemed / expired points; the kind decides the direction and
// unknown kinds (manual adjustments) keep their own sign.
const SIGNED = raw(`CASE lower(pt.kind) WHEN 'earn' THEN abs(pt.points) WHEN 'redeem' THEN -abs(pt.points) WHEN 'expire' THEN -abs(pt.points) ELSE pt.points END`);

/** Points rows in [from, to) with `kind` lower-cased, `qty` (absolute) and `signed`; tier filter on the current tier. */
export function pointsIn(p: MetricParams, from: string, to: string): SqlStatement {
  return sql`SELECT lower(pt.kind) AS kind, abs(pt.points) AS qty, ${SIGNED} AS signed
    FROM points pt LEFT JOIN members m ON m.member_id = pt.member_id
    WHERE pt.points_time >= ${from}::TIMESTAMP AND pt.points_time < ${to}::TIMESTAMP AND ${inList(raw('m.tier'), p.tiers)}`;
}

const NOTE = {
  zh: '按 kind 判断方向（earn 增、redeem/expire 减），不看 points 的正负号；门店/渠道筛选不适用。',
  en: 'The kind decides the direction (earn adds, redeem/expire subtract), whatever the sign of points; store/channel filters do not apply.',
};

function kindTotal<const Id extends string>(kind: 'earn' | 'redeem' | 'expire', id: Id, label: MetricDefinition['label'], higherIsBetter: boolean) {
  return defineMetric({
    id,
    label,
    formula: { zh: `期内 kind = '${kind}' 的积分之和（取绝对值）`, en: `sum of |points| with kind '${kind}' in the period` },
    unit: 'points',
    shape: 'scalar',
    needs: ['points', 'members'],
    higherIsBetter,
    notes: NOTE,
    sql: (p) => sql`SELECT coalesce(sum(qty) FILTER (WHERE kind = ${kind}), 0)::DOUBLE AS value FROM (${pointsIn(p, p.from, p.to)})`,
  });
}

/** 发放积分 — points earned in the period. */
export const pointsEarned = kindTotal('earn', 'points_earned', { zh: '发放积分', en: 'Points earned' }, true);
/** 兑换积分 — points redeemed in the period. */
export const pointsRedeemed = kindTotal('redeem', 'points_redeemed', { zh: '兑换积分', en: 'Points redeemed' }, true);
/** 过期积分 — points expired in the period. */
export const pointsExpired = kindTotal('expire', 'points_expired', { zh: '过期积分', en: 'Points expired' }, false);

/** 积分兑换率 — redeemed in the period ÷ points available (opening balance + earned in the period). */
export const pointsRedemptionRate = defineMetric({
  id: 'points_redemption_rate',
  label: { zh: '积分兑换率', en: 'Points redemption rate' },
  formula: { zh: '期内兑换积分 ÷（期初积分余额 + 期内发放积分）', en: 'points redeemed in the period ÷ (opening balance + points earned in the period)' },
  unit: 'ratio',
  shape: 'scalar',
  needs: ['points', 'members'],
  notes: NOTE,
  sql: (p) => sql`SELECT (coalesce(sum(qty) FILTER (WHERE kind = 'redeem' AND in_period), 0) /
      nullif(greatest(coalesce(sum(signed) FILTER (WHERE NOT in_period), 0), 0) + coalesce(sum(qty) FILTER (WHERE kind = 'earn' AND in_period), 0), 0))::DOUBLE AS value
    FROM (SELECT *, TRUE AS in_period FROM (${pointsIn(p, p.from, p.to)}) UNION ALL SELECT *, FALSE FROM (${pointsIn(p, EPOCH, p.from)}))`,
});

const balance = (p: MetricParams) => sql`SELECT coalesce(sum(signed), 0) AS balance FROM (${pointsIn(p, EPOCH, snapshotEnd(p))})`;

/** 积分余额 — all points earned minus redeemed and expired before the snapshot end. */
export const pointsBalance = defineMetric({
  id: 'points_balance',
  label: { zh: '未兑换积分余额', en: 'Outstanding points' },
  formula: { zh: '截至期末（快照日）累计发放 − 兑换 − 过期的积分', en: 'points earned − redeemed − expired, all history to the snapshot end' },
  unit: 'points',
  shape: 'scalar',
  needs: ['points', 'members'],
  higherIsBetter: false,
  notes: NOTE,
  sql: (p) => sql`SELECT balance::DOUBLE AS value FROM (${balance(p)})`,
});

/** 积分负债 — outstanding points × ¥ per point (p.pointValue, default 0.01). ¥. */
export const pointsLiability = defineMetric({
  id: 'points_liability',
  label: { zh: '积分负债', en: 'Points liability' },
  formula: { zh: '未兑换积分余额 × 每积分价值（默认 0.01 元）', en: 'outstanding points × ¥ per point (default 0.01)' },
  unit: 'yuan',
  shape: 'scalar',
  needs: ['points', 'members'],
  higherIsBetter: false,
  variants: [{ param: 'pointValue', options: ['¥ per point'], default: String(DEFAULT_POINT_VALUE) }],
  sql: (p) => sql`SELECT (balance * CAST(${p.pointValue ?? DEFAULT_POINT_VALUE} AS DOUBLE))::DOUBLE AS value FROM (${balance(p)})`,
});
