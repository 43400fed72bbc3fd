/**
 * Communities (社群) against matched members who never joined one: the members in a group at the period
 * start, each paired 1:1 with a never-member of the same tier, home store, RFM group and spend band
 * (matched.ts), and both members' purchase days and last NPS answer in the period. The comparison
 * (retention, frequency, NPS and predicted CLV with intervals) is src/lib/campaigns/communities-report.ts.
 */
import { ident, raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import { filteredMembers, purchasesBetween, rfmAndBand } from './matched.ts';
import { tierAtPairs } from './tiers.ts';

/** Days of spending before the period start whose band members are matched on. */
export const COMMUNITY_BAND_DAYS = 90;

/** 社群会员 vs 匹配会员 — per community member and matched never-member: purchase days and last NPS answer in the period. */
export const communityMemberOutcomes = defineMetric({
  id: 'community_member_outcomes',
  label: { zh: '社群会员与匹配会员', en: 'Community members and matched members' },
  formula: {
    zh: `期初在社群中的会员（入群早于期初、期初时未退群）与从未入群的会员，按期初等级 × 所属门店 × 期初 RFM 分组 × 期初前 ${COMMUNITY_BAND_DAYS} 天消费档 1:1 匹配（同格内按会员号哈希排序，无放回）；两人各取期内消费天数（任一门店）与期内最后一次 NPS 评分`,
    en: `members in a community at the period start (joined before it, not left by then) and members who never joined one, paired 1:1 in the same cell of tier × home store × RFM group at the start × spend band over the ${COMMUNITY_BAND_DAYS} days before it (hash order, without replacement); for both, purchase days in the period (any store) and the last NPS answer in the period`,
  },
  unit: 'count',
  shape: 'table',
  columns: ['arm', 'member_id', 'treated_id', 'purchase_days', 'score'],
  needs: ['members', 'orders', 'communities'],
  notes: {
    zh: '这是有选择偏差的比较：愿意入群的会员本来就更活跃，匹配只能去掉等级、门店、RFM 与近期消费上的差异，去不掉其余的。找不到匹配的社群会员标为 unmatched。门店筛选按所属门店，等级筛选按当前等级。',
    en: 'A comparison with selection: members who join are more engaged to begin with; matching removes the differences in tier, store, RFM and recent spend, not the rest. Community members without a match are marked unmatched. The store filter uses the home store, tiers the current tier.',
  },
  sql: (p) => sql`WITH mem AS (${filteredMembers(p)}),
      inside AS (SELECT DISTINCT member_id FROM communities
        WHERE (joined_date IS NULL OR joined_date < ${p.from}::DATE) AND (left_date IS NULL OR left_date >= ${p.from}::DATE)),
      -- Who can be matched (as in did_member_outcomes, matched.ts): members under the filters who joined before the
      -- start, in a group then or never in one, in a home store holding a group member; RFM and spend band only for
      -- group members and the never-members whose store and tier match one's. No group member: nothing is read.
      pool AS MATERIALIZED (SELECT ${p.from}::DATE AS snapshot, mem.member_id, coalesce(mem.home_store, '') AS store, inside.member_id IS NOT NULL AS treated
        FROM mem LEFT JOIN inside ON inside.member_id = mem.member_id
        WHERE (mem.join_date IS NULL OR mem.join_date < ${p.from}::DATE)
          AND coalesce(mem.home_store, '') IN (SELECT coalesce(home_store, '') FROM mem SEMI JOIN inside ON inside.member_id = mem.member_id
            WHERE mem.join_date IS NULL OR mem.join_date < ${p.from}::DATE)
          AND (inside.member_id IS NOT NULL OR mem.member_id NOT IN (SELECT member_id FROM communities WHERE member_id IS NOT NULL))),
      pt AS MATERIALIZED (SELECT pool.snapshot AS ms, pool.member_id, pool.store, pool.treated, coalesce(ta.tier, '(none)') AS tier
        FROM pool LEFT JOIN (${tierAtPairs(raw('SELECT snapshot, member_id FROM pool'))}) ta ON ta.member_id = pool.member_id),
      need AS MATERIALIZED (SELECT pt.ms, pt.member_id, pt.treated, pt.store, pt.tier FROM pt
        SEMI JOIN (SELECT DISTINCT store, tier FROM pt WHERE treated) k ON k.store = pt.store AND k.tier = pt.tier),
      cov AS MATERIALIZED (SELECT need.*, rb.rfm, rb.band FROM need JOIN (${rfmAndBand(p, [p.from], COMMUNITY_BAND_DAYS, 'need')}) rb ON rb.member_id = need.member_id),
      tr AS (SELECT * EXCLUDE (treated) FROM cov WHERE treated),
      cd AS (SELECT * EXCLUDE (treated) FROM cov WHERE NOT treated),
      trk AS (SELECT *, row_number() OVER (PARTITION BY tier, store, rfm, band ORDER BY md5(member_id), member_id) AS k FROM tr),
      cdk AS (SELECT *, row_number() OVER (PARTITION BY tier, store, rfm, band ORDER BY md5(member_id), member_id) AS k FROM cd),
      pairs AS MATERIALIZED (SELECT trk.member_id, cdk.member_id AS match_id FROM trk LEFT JOIN cdk USING (tier, store, rfm, band, k)),
      r AS (SELECT CASE WHEN match_id IS NULL THEN 'unmatched' ELSE 'community' END AS arm, member_id, member_id AS treated_id FROM pairs
        UNION ALL SELECT 'matched', match_id, member_id FROM pairs WHERE match_id IS NOT NULL),
      pd AS (SELECT po.member_id, count(DISTINCT po.d) AS days FROM (${purchasesBetween(p, sql`SELECT ${p.from}::DATE AS lo, ${p.to}::DATE AS hi FROM r HAVING count(*) > 0`)}) po
        SEMI JOIN r ON r.member_id = po.member_id GROUP BY 1),
      sv AS (SELECT member_id, arg_max(score, survey_time) AS score FROM surveys
        WHERE lower(scale) = 'nps' AND member_id IS NOT NULL AND survey_time >= ${p.from}::TIMESTAMP AND survey_time < ${p.to}::TIMESTAMP GROUP BY 1)
    SELECT r.arm, r.member_id, r.treated_id, coalesce(pd.days, 0)::DOUBLE AS purchase_days, sv.score::DOUBLE AS score
    FROM r LEFT JOIN pd ON pd.member_id = r.member_id LEFT JOIN sv ON sv.member_id = r.member_id
    ORDER BY r.arm, r.member_id`,
});

/**
 * The rows of `community_member_outcomes` with each member's predicted CLV from a value-model fit's
 * predictions table (NULL where the member has none: no purchase by the fit's calibration end). Not part
 * of the metric: the fit lives in the engine, and exists only once the value model was fitted.
 */
export const withPredictedClv = (outcomes: SqlStatement, predictions: string): SqlStatement =>
  sql`SELECT r.*, p.clv::DOUBLE AS clv FROM (${outcomes}) r LEFT JOIN ${ident(predictions)} p ON p.member_id = r.member_id ORDER BY r.arm, r.member_id`;
