/**
 * Matched members for a difference-in-differences estimate where there is no control group (无对照组的
 * 效果估计): members who received a benefit type, or were upgraded to a tier, in a month of the period,
 * each paired with one member who did not — same tier, home store, RFM group and spend band at the
 * start of that month — and both members' purchases in three windows around the treated member's day.
 * The estimate itself (bootstrap, pre-trend check) is src/lib/campaigns/did-report.ts.
 */
import { inList, join, raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import { addMonths, DEFAULT_RESPONSE_DAYS, type MetricParams } from './params.ts';
import { rfmSnapshotsSql } from './rfm.ts';
import { purchaseCondition } from './scope.ts';
import { tierAtPairs, tierRank } from './tiers.ts';

/** The benefit type whose matched members must not have their own birthday month in the windows. */
export const BIRTHDAY_BENEFIT = '生日礼';

/** At most this many cohort months (the period's last ones): each month's covariates are a separate RFM and tier snapshot. */
export const MAX_COHORT_MONTHS = 12;

/** Month starts (ISO) of the calendar months overlapping [from, to), the last MAX_COHORT_MONTHS of them. */
export function cohortMonths(from: string, to: string): string[] {
  const first = addMonths(`${to.slice(0, 7)}-01`, to.slice(8) === '01' ? -MAX_COHORT_MONTHS : 1 - MAX_COHORT_MONTHS);
  const out: string[] = [];
  for (let m = `${from.slice(0, 7)}-01` < first ? first : `${from.slice(0, 7)}-01`; m < to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** Spend band of a member's sales in the days before the matching day: 0 none, then <100, <300, <1000, <3000, ≥3000 (half decades). */
const band = (spend: SqlStatement) =>
  sql`(CASE WHEN coalesce(${spend}, 0) <= 0 THEN 0 WHEN ${spend} < 100 THEN 1 WHEN ${spend} < 300 THEN 2 WHEN ${spend} < 1000 THEN 3 WHEN ${spend} < 3000 THEN 4 ELSE 5 END)`;

/** Members under the store and tier filters. */
export const filteredMembers = (p: MetricParams): SqlStatement => sql`SELECT * FROM members WHERE ${inList(raw('home_store'), p.stores)} AND ${inList(raw('tier'), p.tiers)}`;

/**
 * Purchases (member, day `d`, amount) of members in days [lo, hi) of `bounds` (a query of at most one row
 * `lo, hi`, DATE): only the windows a matched-members query reads, not every purchase. A join, not scalar
 * subqueries: with no row (nobody to read for) the scan stops at once instead of reading every order.
 */
export const purchasesBetween = (p: MetricParams, bounds: SqlStatement): SqlStatement =>
  sql`SELECT o.member_id, o.order_time::DATE AS d, o.amount FROM orders o JOIN (${bounds}) b ON o.order_time >= b.lo::TIMESTAMP AND o.order_time < b.hi::TIMESTAMP
    WHERE ${purchaseCondition(p.countZeroAmount)} AND o.member_id IS NOT NULL`;

/**
 * The covariates that are not the tier, for the (month start `ms`, member) pairs of `need` (a CTE name) —
 * RFM group at the month start and spend band over the `bandDays` before it: with the tier and home store,
 * the cell two members must share to be matched. RFM is scored (over every buyer, whatever the view's
 * filters: it describes the member) only for the month starts in `need`, and spend read only for its
 * members in their windows: covariates for every member × month were most of the metric's memory at 10M orders.
 */
export function rfmAndBand(p: MetricParams, dates: readonly string[], bandDays: number, need: string): SqlStatement {
  const whole: MetricParams = { from: p.from, to: p.to, repurchaseBasis: p.repurchaseBasis, countZeroAmount: p.countZeroAmount, lookbackDays: p.lookbackDays };
  const n = raw(need);
  const spent = purchasesBetween(p, sql`SELECT min(ms) - ${bandDays}::INTEGER AS lo, max(ms) AS hi FROM ${n} HAVING count(*) > 0`);
  return sql`SELECT n.ms, n.member_id, coalesce(r."group", '(none)') AS rfm, ${band(raw('sp.spend'))} AS band
    FROM ${n} n
      LEFT JOIN (${rfmSnapshotsSql(whole, dates, sql`SELECT DISTINCT ms AS snapshot FROM ${n}`)}) r ON r.snapshot = n.ms AND r.member_id = n.member_id
      LEFT JOIN (SELECT x.ms, x.member_id, sum(po.amount) AS spend FROM ${n} x JOIN (${spent}) po ON po.member_id = x.member_id
          AND po.d >= x.ms - ${bandDays}::INTEGER AND po.d < x.ms GROUP BY x.ms, x.member_id) sp ON sp.ms = n.ms AND sp.member_id = n.member_id`;
}

/** Rows of `did_member_outcomes`; see the metric's formula. */
function matchedOutcomes(p: MetricParams): SqlStatement {
  const w = p.responseDays ?? DEFAULT_RESPONSE_DAYS;
  const cell = raw('ms, subject_kind, subject, tier, store, rfm, band');
  const months = cohortMonths(p.from, p.to);
  return sql`WITH mem AS (${filteredMembers(p)}),
      ev AS (
        SELECT 'benefit' AS subject_kind, coalesce(benefit_type, '其他') AS subject, member_id, date_trunc('month', issued_time)::DATE AS ms,
          min(issued_time)::DATE AS t, NULL::VARCHAR AS from_tier, sum(coalesce(cost, 0)) AS cost
        FROM benefits WHERE issued_time >= ${p.from}::TIMESTAMP AND issued_time < ${p.to}::TIMESTAMP GROUP BY ALL
        UNION ALL
        SELECT 'tier_upgrade', arg_min(to_tier, change_time), member_id, date_trunc('month', change_time)::DATE,
          -- the upgrade is recorded with the purchase that earned it: the new tier's first whole day starts the post window
          min(change_time)::DATE + 1, arg_min(from_tier, change_time), 0
        FROM tier_changes WHERE change_time >= ${p.from}::TIMESTAMP AND change_time < ${p.to}::TIMESTAMP
          AND ${tierRank(raw('to_tier'))} > ${tierRank(raw('from_tier'))} GROUP BY member_id, date_trunc('month', change_time)),
      -- The day after the last order: only orders from the first event on are read (the last one is among them
      -- whenever it is late enough for a post window to end by it), and none without an event.
      data_end AS (SELECT max(o.order_time)::DATE + 1 AS e FROM orders o JOIN (SELECT min(t) AS lo FROM ev HAVING count(*) > 0) b ON o.order_time >= b.lo::TIMESTAMP),
      -- Treated members: an event in a cohort month, under the filters, joined before the month, post window inside the data.
      -- Everything below starts from them: with no event nothing else is computed and no purchase read.
      te AS MATERIALIZED (SELECT ev.*, coalesce(mem.home_store, '') AS store FROM ev JOIN mem ON mem.member_id = ev.member_id
        WHERE (mem.join_date IS NULL OR mem.join_date < ev.ms) AND ev.ms IN (VALUES ${join(months.map((d) => sql`(${d}::DATE)`))})
          AND ev.t + ${w}::INTEGER <= (SELECT e FROM data_end)),
      -- Who can share a treated member's cell: members under the filters, joined before the month, in a home store
      -- holding a treated member that month (treated members among them); their tier at the month start, then only
      -- those whose store and tier match a treated member's get an RFM group and spend band (the costly part).
      pool AS MATERIALIZED (SELECT DISTINCT s.ms AS snapshot, mem.member_id, s.store FROM (SELECT DISTINCT ms, store FROM te) s
        JOIN mem ON coalesce(mem.home_store, '') = s.store WHERE mem.join_date IS NULL OR mem.join_date < s.ms),
      pt AS MATERIALIZED (SELECT pool.snapshot AS ms, pool.member_id, pool.store, coalesce(ta.tier, '(none)') AS tier
        FROM pool LEFT JOIN (${tierAtPairs(raw('SELECT snapshot, member_id FROM pool'))}) ta ON ta.snapshot = pool.snapshot AND ta.member_id = pool.member_id),
      tt AS (SELECT te.*, coalesce(te.from_tier, pt.tier) AS tier FROM te JOIN pt ON pt.ms = te.ms AND pt.member_id = te.member_id),
      pc AS (SELECT pt.* FROM pt SEMI JOIN (SELECT DISTINCT ms, store, tier FROM tt) k ON k.ms = pt.ms AND k.store = pt.store AND k.tier = pt.tier),
      need AS MATERIALIZED (SELECT ms, member_id FROM pc UNION SELECT ms, member_id FROM tt),
      rb AS MATERIALIZED (${rfmAndBand(p, months, w, 'need')}),
      cov AS (SELECT pc.ms, pc.member_id, pc.tier, pc.store, rb.rfm, rb.band FROM pc JOIN rb ON rb.ms = pc.ms AND rb.member_id = pc.member_id),
      tr AS (SELECT tt.ms, tt.subject_kind, tt.subject, tt.member_id, tt.t, tt.cost, tt.tier, tt.store, rb.rfm, rb.band
        FROM tt JOIN rb ON rb.ms = tt.ms AND rb.member_id = tt.member_id),
      subjects AS (SELECT DISTINCT ms, subject_kind, subject, ms - ${2 * w}::INTEGER AS a, (ms + INTERVAL 1 MONTH)::DATE + ${w}::INTEGER AS b FROM tr),
      touched AS (
        SELECT s.ms, s.subject_kind, s.subject, b.member_id FROM subjects s JOIN benefits b ON s.subject_kind = 'benefit'
          AND coalesce(b.benefit_type, '其他') = s.subject AND b.issued_time >= s.a AND b.issued_time < s.b
        UNION SELECT s.ms, s.subject_kind, s.subject, c.member_id FROM subjects s JOIN tier_changes c ON s.subject_kind = 'tier_upgrade'
          AND c.change_time >= s.a AND c.change_time < s.b
        UNION SELECT s.ms, s.subject_kind, s.subject, m.member_id FROM subjects s JOIN members m ON s.subject_kind = 'benefit' AND s.subject = ${BIRTHDAY_BENEFIT}
          AND list_contains(list_transform(generate_series(date_trunc('month', s.a)::TIMESTAMP, (s.b - 1)::TIMESTAMP, INTERVAL 1 MONTH), x -> month(x)), month(m.birthday))),
      -- Candidates only in cells that hold a treated member: the others could never be paired, and hashing and
      -- ranking them was most of the query's time (a cell's ranks do not depend on the other cells).
      -- Each cell numbered once: candidates are ranked per cell number, not per seven text columns.
      cells AS (SELECT *, row_number() OVER () AS cell FROM (SELECT DISTINCT ${cell} FROM tr)),
      -- An anti join, not NOT EXISTS: the correlated subquery was planned as a delim join, the query's costliest step.
      cd AS (SELECT s.cell, s.subject, cov.member_id
        FROM cells s JOIN cov ON cov.ms = s.ms AND cov.tier = s.tier AND cov.store = s.store AND cov.rfm = s.rfm AND cov.band = s.band
        ANTI JOIN touched x ON x.ms = s.ms AND x.subject_kind = s.subject_kind AND x.subject = s.subject AND x.member_id = cov.member_id),
      -- 1:1 without replacement inside a cell; a hash order is arbitrary but the same on every engine and run.
      trk AS (SELECT tr.*, row_number() OVER (PARTITION BY c.cell ORDER BY md5(tr.member_id), tr.member_id) AS k, c.cell
        FROM tr JOIN cells c USING (ms, subject_kind, subject, tier, store, rfm, band)),
      -- Only a cell's first n candidates (n = its treated members), those with the smallest hashes, are ever paired.
      -- A cut on the hash's first 8 hex digits that about 2n + 32 of the cell's c candidates pass (hashes are uniform)
      -- keeps a prefix of the hash order, so ranking just them gives the same k, and the window sorts a few rows per
      -- treated member instead of every candidate (tens of millions at 10M orders). A cell where fewer than n pass
      -- ranks all its candidates.
      cdh AS (SELECT cell, member_id, md5(subject || member_id) AS h FROM cd),
      cut AS (SELECT cell, n, CASE WHEN c > 4 * n + 64 THEN lpad(lower(hex((4294967296 * (2 * n + 32) // c)::UBIGINT)), 8, '0') END AS hcut
        FROM (SELECT cell, count(*) AS c FROM cd GROUP BY cell) JOIN (SELECT cell, count(*) AS n FROM trk GROUP BY cell) USING (cell)),
      cdp AS MATERIALIZED (SELECT cdh.* FROM cdh JOIN cut USING (cell) WHERE cut.hcut IS NULL OR cdh.h < cut.hcut),
      short AS (SELECT cut.cell FROM cut LEFT JOIN (SELECT cell, count(*) AS m FROM cdp GROUP BY cell) p USING (cell)
        WHERE cut.hcut IS NOT NULL AND coalesce(p.m, 0) < cut.n),
      cdk AS (SELECT cell, member_id, row_number() OVER (PARTITION BY cell ORDER BY h, member_id) AS k
        FROM (SELECT * FROM cdp ANTI JOIN short USING (cell) UNION ALL SELECT cdh.* FROM cdh SEMI JOIN short USING (cell))),
      pairs AS MATERIALIZED (SELECT trk.* EXCLUDE (cell, k), cdk.member_id AS match_id FROM trk LEFT JOIN cdk USING (cell, k)),
      rows AS (
        SELECT subject_kind, subject, ms, CASE WHEN match_id IS NULL THEN 'unmatched' ELSE 'treatment' END AS arm, member_id, member_id AS treated_id, t, cost FROM pairs
        UNION ALL SELECT subject_kind, subject, ms, 'matched', match_id, member_id, t, 0 FROM pairs WHERE match_id IS NOT NULL),
      -- The purchases of the members in the output only, in the windows' span, before the range join below.
      rpo AS (SELECT po.* FROM (${purchasesBetween(p, sql`SELECT min(t) - ${2 * w}::INTEGER AS lo, max(t) + ${w}::INTEGER AS hi FROM pairs HAVING count(*) > 0`)}) po
        SEMI JOIN (SELECT DISTINCT member_id FROM rows) x ON x.member_id = po.member_id)
    SELECT r.subject_kind, r.subject, strftime(r.ms, '%Y-%m') AS month, r.arm, r.member_id, r.treated_id, r.cost::DOUBLE AS benefit_cost,
      coalesce(sum(po.amount) FILTER (WHERE po.d < r.t - ${w}::INTEGER), 0)::DOUBLE AS prior_sales,
      coalesce(sum(po.amount) FILTER (WHERE po.d >= r.t - ${w}::INTEGER AND po.d < r.t), 0)::DOUBLE AS pre_sales,
      coalesce(sum(po.amount) FILTER (WHERE po.d >= r.t), 0)::DOUBLE AS post_sales,
      count(po.d) FILTER (WHERE po.d < r.t - ${w}::INTEGER)::DOUBLE AS prior_orders,
      count(po.d) FILTER (WHERE po.d >= r.t - ${w}::INTEGER AND po.d < r.t)::DOUBLE AS pre_orders,
      count(po.d) FILTER (WHERE po.d >= r.t)::DOUBLE AS post_orders
    FROM rows r LEFT JOIN rpo po ON po.member_id = r.member_id AND po.d >= r.t - ${2 * w}::INTEGER AND po.d < r.t + ${w}::INTEGER
    GROUP BY r.subject_kind, r.subject, r.ms, r.arm, r.member_id, r.treated_id, r.t, r.cost`;
}

/** 匹配会员前后对比 — per treated and matched member: purchases in the prior, pre and post windows. */
export const didMemberOutcomes = defineMetric({
  id: 'did_member_outcomes',
  label: { zh: '匹配会员前后对比', en: 'Matched members before and after' },
  formula: {
    zh: '期内每个自然月：获得某类权益（或升级到某等级）的会员（处理组，取当月首次，日期 t）与未获得的会员按 月初等级 × 所属门店 × 月初 RFM 分组 × 月初前 N 天消费档（0 / <100 / <300 / <1000 / <3000 / ≥3000 元）1:1 匹配（同格内按会员号哈希排序配对，无放回）；两人都取 t 前 2N~N 天（更早期）、前 N 天（前期）、t 起 N 天（后期）的消费额与消费笔数（任一门店，N = 响应天数，默认 30）；匹配会员一行带上配对的获得者。升级的 t 为升级次日（升级随触发它的那笔消费记录）',
    en: 'per calendar month of the period: members who received a benefit type (or were upgraded to a tier) — the first time that month, on day t — each paired 1:1 with a member who did not, in the same cell of tier × home store × RFM group at the month start × spend band in the N days before it (0 / <100 / <300 / <1000 / <3000 / ≥3000 ¥), in hash order without replacement; both members’ sales and orders (any store) in the windows [t − 2N, t − N) (prior), [t − N, t) (pre) and [t, t + N) (post), N = the response window, default 30; a matched member’s row names its paired recipient. For an upgrade t is the day after it (the upgrade is recorded with the purchase that earned it)',
  },
  unit: 'yuan',
  shape: 'table',
  columns: [
    'subject_kind',
    'subject',
    'month',
    'arm',
    'member_id',
    'treated_id',
    'benefit_cost',
    'prior_sales',
    'pre_sales',
    'post_sales',
    'prior_orders',
    'pre_orders',
    'post_orders',
  ],
  needs: ['members', 'orders'],
  notes: {
    zh: '未获得者：在 [月初 − 2N 天, 次月初 + N 天) 内没有同类权益（升级：没有任何等级变更）。生日礼的匹配会员还须生日月不在这段时间内（生日月本身就会多消费，见生日月消费对比），所以估计的是“生日月 + 生日礼”相对平常月份的效果。后期不完整（t + N 晚于最后一天数据）的不计。期间超过 12 个月时只看最后 12 个月。找不到匹配的处理组会员标为 unmatched。门店筛选按所属门店，等级筛选按当前等级；RFM 分组不受筛选影响。',
    en: 'Not received: no benefit of that type in [month start − 2N days, next month start + N days) (upgrades: no tier change at all). For 生日礼 the matched member’s own birthday month must also fall outside it (a birthday month lifts spending by itself, see birthday-month sales), so the estimate is the birthday month with its gift against an ordinary month. Members whose post window would run past the last day of data are left out. A period longer than 12 months: its last 12 months. Treated members without a match are marked unmatched. The store filter uses the home store, tiers the current tier; RFM groups ignore the filters.',
  },
  sql: (p) => sql`SELECT * FROM (${matchedOutcomes(p)}) ORDER BY subject_kind, subject, month, arm, member_id`,
});
