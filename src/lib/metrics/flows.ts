/** Monthly flows (points by kind, tier upgrades / downgrades) and lifecycle stage flows between two snapshots. */
import { LIFECYCLE_VARIANT } from '../concepts/lifecycle-stage.ts';
import { inList, raw, sql } from '../sql.ts';
import { defineMetric } from './define.ts';
import { dayAfter, monthsOf, PERIOD_EDGES_NOTE, snapshotEnd } from './history.ts';
import { LIFECYCLE_STAGES, memberStages } from './lifecycle.ts';
import { tierRank } from './tiers.ts';

/** 月度积分流水 — per calendar month of the period: points earned, redeemed and expired (as points_earned etc.). */
export const pointsMonthly = defineMetric({
  id: 'points_monthly',
  label: { zh: '月度积分发放与兑换', en: 'Monthly points flows' },
  formula: {
    zh: '期内每个自然月 kind 为 earn / redeem / expire 的积分之和（取绝对值，同 points_earned 等口径）',
    en: 'per calendar month of the period: sums of |points| with kind earn / redeem / expire (as points_earned etc.)',
  },
  unit: 'points',
  shape: 'table',
  columns: ['month', 'earned', 'redeemed', 'expired'],
  needs: ['points', 'members'],
  notes: PERIOD_EDGES_NOTE,
  sql: (p) => sql`WITH pm AS (SELECT date_trunc('month', pt.points_time)::DATE AS ms, lower(pt.kind) AS kind, abs(pt.points) AS qty
        FROM points pt LEFT JOIN members m ON m.member_id = pt.member_id
        WHERE pt.points_time >= ${p.from}::TIMESTAMP AND pt.points_time < ${p.to}::TIMESTAMP AND ${inList(raw('m.tier'), p.tiers)})
    SELECT strftime(months.ms, '%Y-%m') AS month,
      coalesce(sum(qty) FILTER (WHERE kind = 'earn'), 0)::DOUBLE AS earned,
      coalesce(sum(qty) FILTER (WHERE kind = 'redeem'), 0)::DOUBLE AS redeemed,
      coalesce(sum(qty) FILTER (WHERE kind = 'expire'), 0)::DOUBLE AS expired
    FROM (${monthsOf(p.from, p.to)}) months LEFT JOIN pm USING (ms) GROUP BY months.ms ORDER BY months.ms`,
});

/** 月度升降级 — per calendar month of the period: tier upgrades and downgrades (as tier_upgrades / tier_downgrades). */
export const tierChangesMonthly = defineMetric({
  id: 'tier_changes_monthly',
  label: { zh: '月度升降级人次', en: 'Monthly tier changes' },
  formula: {
    zh: '期内每个自然月的等级升级与降级记录数（同 tier_upgrades / tier_downgrades 口径）',
    en: 'per calendar month of the period: tier upgrades and downgrades (as tier_upgrades / tier_downgrades)',
  },
  unit: 'count',
  shape: 'table',
  columns: ['month', 'upgrades', 'downgrades'],
  needs: ['tier_changes', 'members'],
  notes: PERIOD_EDGES_NOTE,
  sql: (p) => sql`WITH ch AS (SELECT date_trunc('month', c.change_time)::DATE AS ms,
          ${tierRank(raw('c.to_tier'))} - ${tierRank(raw('c.from_tier'))} AS step
        FROM tier_changes c LEFT JOIN members m ON m.member_id = c.member_id
        WHERE c.change_time >= ${p.from}::TIMESTAMP AND c.change_time < ${p.to}::TIMESTAMP AND ${inList(raw('m.tier'), p.tiers)})
    SELECT strftime(months.ms, '%Y-%m') AS month, count(*) FILTER (WHERE step > 0)::DOUBLE AS upgrades,
      count(*) FILTER (WHERE step < 0)::DOUBLE AS downgrades
    FROM (${monthsOf(p.from, p.to)}) months LEFT JOIN ch USING (ms) GROUP BY months.ms ORDER BY months.ms`,
});

const stageOrder = (column: string) => raw(`CASE ${column} ${LIFECYCLE_STAGES.map((s, i) => `WHEN '${s}' THEN ${i + 1}`).join(' ')} ELSE 0 END`);

/** 生命周期流转 — members by (stage at the start snapshot, stage at the end snapshot); 'none' = no purchase yet at the start. */
export const lifecycleFlow = defineMetric({
  id: 'lifecycle_flow',
  label: { zh: '生命周期流转', en: 'Lifecycle flows' },
  formula: {
    zh: '两个快照（默认期初与期末）各会员的生命周期阶段（同 lifecycle_stages 口径），统计 (起始阶段, 结束阶段) 人数；期初尚无消费记为 none',
    en: 'lifecycle stage of each member at two snapshots (default: the period start and end; as lifecycle_stages); members per (from stage, to stage); none = no purchase yet at the start',
  },
  unit: 'count',
  shape: 'table',
  columns: ['from_stage', 'to_stage', 'members'],
  needs: ['orders'],
  variants: [
    LIFECYCLE_VARIANT,
    { param: 'migrationFrom', options: ['YYYY-MM-DD'], default: 'from − 1 day' },
    { param: 'migrationTo', options: ['YYYY-MM-DD'], default: 'to − 1 day (or asOf)' },
  ],
  sql: (p) => {
    const start = p.migrationFrom ? dayAfter(p.migrationFrom) : p.from;
    const end = p.migrationTo ? dayAfter(p.migrationTo) : snapshotEnd(p);
    return sql`SELECT * FROM (SELECT coalesce(a.stage, 'none') AS from_stage, b.stage AS to_stage, count(*)::DOUBLE AS members
        FROM (${memberStages(p, end)}) b LEFT JOIN (${memberStages(p, start)}) a USING (member_id) GROUP BY ALL)
      ORDER BY ${stageOrder('from_stage')}, ${stageOrder('to_stage')}`;
  },
});
