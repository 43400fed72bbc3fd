/** Membership tiers: mix of members and sales, upgrades / downgrades, tier migration. */
import { TIERS } from '../schema.ts';
import { inList, join, raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import { dayAfter } from './history.ts';
import { unitRatio, unitSum, yuan, yuanPer } from './money.ts';
import type { MetricParams } from './params.ts';
import { scopedOrders } from './scope.ts';

/** Rank of a tier name (普通 1 < 银卡 2 < 金卡 3 < 钻石 4); NULL for unknown names. */
export const tierRank = (expr: SqlStatement): SqlStatement =>
  sql`(CASE ${expr} ${join(
    TIERS.map((t, i) => sql`WHEN ${t} THEN ${i + 1}`),
    ' ',
  )} END)`;

const NO_TIER = '(none)';

/** 等级结构 — per tier: members (current tier), buyers, net sales, its share of member sales, spend per member and per buyer. */
export const tierMix = defineMetric({
  id: 'tier_mix',
  label: { zh: '会员等级结构', en: 'Tier mix' },
  formula: {
    zh: '按会员当前等级：会员数（入会早于期末）、期内消费会员数、净销售额、占会员销售额比、人均消费（÷会员数）与消费会员人均（÷消费会员数）',
    en: 'per current tier: members (joined before the period end), buyers, net sales, share of member sales, spend per member (÷ members) and per buyer (÷ buyers)',
  },
  unit: 'yuan',
  shape: 'table',
  columns: ['tier', 'members', 'buyers', 'sales', 'sales_share', 'spend_per_member', 'spend_per_buyer'],
  needs: ['orders', 'members'],
  sql: (p) => sql`WITH mem AS (SELECT coalesce(tier, ${NO_TIER}) AS tier, count(*) AS members FROM members
        WHERE ${inList(raw('tier'), p.tiers)} AND (join_date IS NULL OR join_date < ${p.to}::DATE) GROUP BY 1),
      s AS (SELECT coalesce(tier, ${NO_TIER}) AS tier, coalesce(${unitSum('amount')}, 0) AS sales,
          count(DISTINCT member_id) FILTER (WHERE is_purchase) AS buyers
        FROM (${scopedOrders(p)}) WHERE member_id IS NOT NULL GROUP BY 1)
    -- The share's total is a scalar subquery, not sum() OVER (): DuckDB 1.4.3 raised an INTERNAL error for a
    -- window over a FULL JOIN whose order side is empty (a period with members but no orders; property suite).
    SELECT tier, coalesce(mem.members, 0)::DOUBLE AS members, coalesce(s.buyers, 0)::DOUBLE AS buyers,
      ${yuan(raw('coalesce(s.sales, 0)'))} AS sales, ${unitRatio(raw('s.sales'), raw('nullif((SELECT sum(sales) FROM s), 0)'))} AS sales_share,
      ${yuanPer(raw('s.sales'), raw('nullif(mem.members, 0)'))} AS spend_per_member, ${yuanPer(raw('s.sales'), raw('nullif(s.buyers, 0)'))} AS spend_per_buyer
    FROM mem FULL JOIN s USING (tier) ORDER BY ${tierRank(raw('tier'))} NULLS LAST, tier`,
});

const changesIn = (p: MetricParams, cmp: '>' | '<'): SqlStatement =>
  sql`SELECT count(*)::DOUBLE AS value FROM tier_changes c LEFT JOIN members m ON m.member_id = c.member_id
    WHERE c.change_time >= ${p.from}::TIMESTAMP AND c.change_time < ${p.to}::TIMESTAMP AND ${inList(raw('m.tier'), p.tiers)}
      AND ${tierRank(raw('c.to_tier'))} ${raw(cmp)} ${tierRank(raw('c.from_tier'))}`;

const CHANGE_NOTE = {
  zh: '只计起止等级都在 普通<银卡<金卡<钻石 中的变更；首次定级（from_tier 为空）不计。门店/渠道筛选不适用，等级筛选按会员当前等级。',
  en: 'Only changes whose both tiers are in 普通<银卡<金卡<钻石 count; first assignments (empty from_tier) do not. Store/channel filters do not apply; the tier filter uses the current tier.',
};

/** 升级人次 — tier changes in the period to a higher tier. */
export const tierUpgrades = defineMetric({
  id: 'tier_upgrades',
  label: { zh: '等级升级人次', en: 'Tier upgrades' },
  formula: { zh: '期内 tier_changes 中目标等级高于原等级的记录数', en: 'tier changes in the period to a higher tier' },
  unit: 'count',
  shape: 'scalar',
  needs: ['tier_changes', 'members'],
  notes: CHANGE_NOTE,
  sql: (p) => changesIn(p, '>'),
});

/** 降级人次 — tier changes in the period to a lower tier. */
export const tierDowngrades = defineMetric({
  id: 'tier_downgrades',
  label: { zh: '等级降级人次', en: 'Tier downgrades' },
  formula: { zh: '期内 tier_changes 中目标等级低于原等级的记录数', en: 'tier changes in the period to a lower tier' },
  unit: 'count',
  shape: 'scalar',
  needs: ['tier_changes', 'members'],
  higherIsBetter: false,
  notes: CHANGE_NOTE,
  sql: (p) => changesIn(p, '<'),
});

/**
 * The tier changes around each (snapshot, member_id) pair of `pairs` whose member has any: the last change's
 * `to_tier` before the snapshot and the first one's `from_tier` from it on (see tierAtPairs).
 */
export const tierChangesAround = (pairs: SqlStatement): SqlStatement =>
  sql`SELECT e.snapshot, e.member_id, arg_max(c.to_tier, c.change_time) FILTER (WHERE c.change_time < e.snapshot::TIMESTAMP) AS to_tier,
        arg_min(c.from_tier, c.change_time) FILTER (WHERE c.change_time >= e.snapshot::TIMESTAMP) AS from_tier
      FROM (${pairs}) e JOIN tier_changes c ON c.member_id = e.member_id GROUP BY e.snapshot, e.member_id`;

/** Tier before `snapshot` of a members row `m` given its tierChangesAround row `ch` (NULL columns when none): see tierAtPairs. */
export const tierFromChanges = (snapshot: SqlStatement, m: string, ch: string): SqlStatement =>
  sql`CASE WHEN ${raw(m)}.join_date >= ${snapshot} THEN 'none' ELSE coalesce(${raw(ch)}.to_tier, ${raw(ch)}.from_tier, ${raw(m)}.tier, ${NO_TIER}) END`;

/**
 * Tier before `snapshot` (DATE) of each (snapshot, member_id) pair of `pairs`: the last change before it,
 * else the `from_tier` of the first change after it, else the current tier; 'none' when the member joined
 * on or after it. Only the pairs' members' changes are read: the matched-members metrics ask for the
 * few members who can be matched, not every member × month.
 */
export function tierAtPairs(pairs: SqlStatement): SqlStatement {
  return sql`SELECT e.snapshot, e.member_id, ${tierFromChanges(raw('e.snapshot'), 'm', 'ch')} AS tier
    FROM (${pairs}) e LEFT JOIN members m ON m.member_id = e.member_id
    LEFT JOIN (${tierChangesAround(pairs)}) ch ON ch.snapshot = e.snapshot AND ch.member_id = e.member_id`;
}

/** Tier (see tierAtPairs) of every member, and of every member id in tier_changes, before each snapshot end in `ends` (column `snapshot`, DATE). */
export function tierAtSnapshots(ends: readonly string[]): SqlStatement {
  return tierAtPairs(sql`SELECT e.snapshot, id.member_id FROM (SELECT member_id FROM members UNION SELECT member_id FROM tier_changes) id
    CROSS JOIN (VALUES ${join(ends.map((e) => sql`(${e}::DATE)`))}) e(snapshot)`);
}

/** Tier of every member before `end` (see tierAtSnapshots). */
export const tierAt = (end: string): SqlStatement => sql`SELECT member_id, tier FROM (${tierAtSnapshots([end])})`;

/** 等级迁移 — members by (tier at migrationFrom, tier at migrationTo). */
export const tierMigration = defineMetric({
  id: 'tier_migration',
  label: { zh: '等级迁移矩阵', en: 'Tier migration' },
  formula: {
    zh: '两个快照日（默认期初前一天与期末）各会员的等级（由 tier_changes 回推，无变更取当前等级），统计 (起始等级, 结束等级) 人数；尚未入会记为 none',
    en: 'tier of each member at two snapshot days (default: the day before from, and to − 1), replayed from tier_changes (current tier when none); members per (from tier, to tier); none = not yet joined',
  },
  unit: 'count',
  shape: 'table',
  columns: ['from_tier', 'to_tier', 'members'],
  needs: ['members', 'tier_changes'],
  variants: [
    { param: 'migrationFrom', options: ['YYYY-MM-DD'], default: 'from − 1 day' },
    { param: 'migrationTo', options: ['YYYY-MM-DD'], default: 'to − 1 day' },
  ],
  sql: (p) => {
    const a = p.migrationFrom ? dayAfter(p.migrationFrom) : p.from;
    const b = p.migrationTo ? dayAfter(p.migrationTo) : p.to;
    return sql`SELECT * FROM (SELECT x.tier AS from_tier, y.tier AS to_tier, count(*)::DOUBLE AS members
        FROM (${tierAt(a)}) x JOIN (${tierAt(b)}) y USING (member_id)
        WHERE NOT (x.tier = 'none' AND y.tier = 'none') GROUP BY ALL)
      ORDER BY ${tierRank(raw('from_tier'))} NULLS FIRST, from_tier, ${tierRank(raw('to_tier'))} NULLS FIRST, to_tier`;
  },
});
