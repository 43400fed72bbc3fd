/** Satisfaction over time and by RFM group, and the latest comments: the 满意度 panel's extra views. */
import { isDetractor, isPassive, isPromoter, npsAggregate } from '../concepts/nps-class.ts';
import { raw, sql } from '../sql.ts';
import { defineMetric } from './define.ts';
import { PERIOD_EDGES_NOTE, snapshotEnd } from './history.ts';
import { rfmMembersSql } from './rfm.ts';
import { surveysIn } from './satisfaction.ts';

const SURVEY_NEEDS = ['surveys', 'members', 'orders'] as const;

// Same arithmetic as `nps` and `csat`, restricted to one scale inside a mixed group.
const NPS_OF_GROUP = npsAggregate("sc = 'nps'");
const CSAT_OF_GROUP = raw(`(count(*) FILTER (WHERE sc = 'csat' AND score >= 4) / nullif(count(*) FILTER (WHERE sc = 'csat'), 0))::DOUBLE`);

/** 月度满意度 — per calendar month and survey store (segment NULL = all stores): NPS and CSAT with their response counts. */
export const satisfactionTrend = defineMetric({
  id: 'satisfaction_trend',
  label: { zh: '月度满意度趋势', en: 'Monthly satisfaction' },
  formula: {
    zh: '每个自然月、每家门店（及全部门店合计，segment 为空）：NPS（同 nps 口径）与 CSAT（同 csat 口径）及各自的问卷数',
    en: 'per calendar month and store (plus all stores, empty segment): NPS (as nps) and CSAT (as csat) with their response counts',
  },
  unit: 'score',
  shape: 'table',
  columns: ['month', 'segment', 'nps_responses', 'nps', 'csat_responses', 'csat'],
  needs: SURVEY_NEEDS,
  notes: PERIOD_EDGES_NOTE,
  sql: (p) => sql`SELECT strftime(date_trunc('month', survey_time), '%Y-%m') AS month,
      CASE WHEN grouping(coalesce(store, '(unknown)')) = 1 THEN NULL ELSE coalesce(store, '(unknown)') END AS segment,
      count(*) FILTER (WHERE sc = 'nps')::DOUBLE AS nps_responses, ${NPS_OF_GROUP} AS nps,
      count(*) FILTER (WHERE sc = 'csat')::DOUBLE AS csat_responses, ${CSAT_OF_GROUP} AS csat
    FROM (${surveysIn(p)})
    GROUP BY GROUPING SETS ((strftime(date_trunc('month', survey_time), '%Y-%m'), coalesce(store, '(unknown)')), (strftime(date_trunc('month', survey_time), '%Y-%m')))
    ORDER BY month, segment NULLS FIRST`,
});

/** 最新评论 — the 20 most recent survey comments in the period (newest first). */
export const latestComments = defineMetric({
  id: 'latest_comments',
  label: { zh: '最新评论', en: 'Latest comments' },
  formula: { zh: '期内带文字评论的问卷，按答卷时间倒序取前 20 条', en: 'the 20 most recent survey answers with a comment in the period' },
  unit: 'score',
  shape: 'table',
  columns: ['survey_date', 'store', 'scale', 'score', 'comment'],
  needs: SURVEY_NEEDS,
  sql: (p) => sql`SELECT strftime(survey_time, '%Y-%m-%d') AS survey_date, store, sc AS scale, score::DOUBLE AS score, comment
    FROM (${surveysIn(p)}) WHERE trim(coalesce(comment, '')) <> ''
    ORDER BY survey_time DESC, member_id NULLS LAST LIMIT 20`,
});

/** NPS 按 RFM 分组 — NPS per respondent's RFM group at the snapshot; '(unscored)' when not a buyer in the look-back window. */
export const npsByRfm = defineMetric({
  id: 'nps_by_rfm',
  label: { zh: 'RFM 分组 NPS', en: 'NPS by RFM group' },
  formula: {
    zh: '期内 NPS 答卷按答卷人在快照日的 RFM 分组（同 rfm_members 口径）汇总的 NPS；回看窗口内未消费记为 (unscored)',
    en: 'NPS of the period’s answers grouped by the respondent’s RFM group at the snapshot (as rfm_members); (unscored) when not a buyer in the look-back window',
  },
  unit: 'score',
  shape: 'table',
  columns: ['segment', 'responses', 'promoters', 'passives', 'detractors', 'nps'],
  needs: SURVEY_NEEDS,
  variants: [{ param: 'rfmScheme', options: ['eleven', 'cn8'], default: 'eleven' }],
  sql: (p) => sql`SELECT coalesce(r."group", '(unscored)') AS segment, count(*)::DOUBLE AS responses,
      count(*) FILTER (WHERE ${isPromoter()})::DOUBLE AS promoters, count(*) FILTER (WHERE ${isPassive()})::DOUBLE AS passives,
      count(*) FILTER (WHERE ${isDetractor()})::DOUBLE AS detractors, ${NPS_OF_GROUP} AS nps
    FROM (${surveysIn(p)}) s LEFT JOIN (${rfmMembersSql(p, snapshotEnd(p))}) r ON r.member_id = s.member_id
    WHERE sc = 'nps' GROUP BY segment ORDER BY segment`,
});
