/**
 * Matched members for a difference-in-differences estimate where there is no control group (无对照组的
 * 效果估计): members who received a benefit type, or were upgraded to a tier, in a month of the period,
 * each paired with one member who did not — same tier, home store, RFM group and spend band at the
 * start of that month — and both members' purchases in three windows around the treated member's day.
 * The estimate itself (bootstrap, pre-trend check) is src/lib/campaigns/did-report.ts.
 */
import { inList, join, raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import { moneySum, unitSum, yuan } from './money.ts';
import { addMonths, DEFAULT_RESPONSE_DAYS, type MetricParams } from './params.ts';
import { rfmSnapshotsSql } from './rfm.ts';
import { purchaseCondition } from './scope.ts';
import { tierChangesAround, tierFromChanges, tierRank } from './tiers.ts';

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
      LEFT JOIN (SELECT x.ms, x.member_id, ${moneySum('po.amount')} AS spend FROM ${n} x JOIN (${spent}) po ON po.member_id = x.member_id
          AND po.d >= x.ms - ${bandDays}::INTEGER AND po.d < x.ms GROUP BY x.ms, x.member_id) sp ON sp.ms = n.ms AND sp.member_id = n.member_id`;
}

/** Rows of `did_member_outcomes`; see the metric's formula. */
function matchedOutcomes(p: MetricParams): SqlStatement {
  const w = p.responseDays ?? DEFAULT_RESPONSE_DAYS;
  const cell = raw('ms, subject_kind, subject, tier, store, rfm, band');
  const months = cohortMonths(p.from, p.to);
  const whole: MetricParams = { from: p.from, to: p.to, repurchaseBasis: p.repurchaseBasis, countZeroAmount: p.countZeroAmount, lookbackDays: p.lookbackDays };
  return sql`WITH mem AS (${filteredMembers(p)}),
      ev AS (
        SELECT 'benefit' AS subject_kind, coalesce(benefit_type, '其他') AS subject, member_id, date_trunc('month', issued_time)::DATE AS ms,
          min(issued_time)::DATE AS t, NULL::VARCHAR AS from_tier, ${moneySum('coalesce(cost, 0)')} AS cost
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
      -- The cohort months that hold a treated member: covariates are built for them only.
      snaps AS MATERIALIZED (SELECT DISTINCT ms FROM te),
      -- Who can share a treated member's cell: members under the filters, joined before the month, in a home store
      -- holding a treated member that month (treated members among them), with their tier at the month start
      -- (tierAtPairs: the changes of the members who have any, else the current tier). At 10M orders with benefits
      -- every month it is every member × every month (5.7M rows a quarter).
      ch AS MATERIALIZED (${tierChangesAround(sql`SELECT s.ms AS snapshot, c.member_id FROM snaps s CROSS JOIN (SELECT DISTINCT member_id FROM tier_changes) c`)}),
      pt AS (SELECT s.ms, mem.member_id, s.store, mem.birthday, ${tierFromChanges(raw('s.ms'), 'mem', 'ch')} AS tier
        FROM (SELECT DISTINCT ms, store FROM te) s JOIN mem ON coalesce(mem.home_store, '') = s.store AND (mem.join_date IS NULL OR mem.join_date < s.ms)
        LEFT JOIN ch ON ch.snapshot = s.ms AND ch.member_id = mem.member_id),
      -- Their covariates, held once for the treated members' and the candidates' use (a few columns a row): RFM group
      -- at the month start (scored over every buyer, whatever the view's filters: it describes the member) and spend
      -- band over the response window before it. The RFM snapshots and the spend go straight into this one join.
      cov AS MATERIALIZED (SELECT pt.*, coalesce(r."group", '(none)') AS rfm, ${band(raw('sp.spend'))} AS band
        FROM pt LEFT JOIN (${rfmSnapshotsSql(whole, months, raw('SELECT ms AS snapshot FROM snaps'))}) r ON r.snapshot = pt.ms AND r.member_id = pt.member_id
        LEFT JOIN (SELECT s.ms, po.member_id, ${moneySum('po.amount')} AS spend
          FROM snaps s JOIN (${purchasesBetween(p, sql`SELECT min(ms) - ${w}::INTEGER AS lo, max(ms) AS hi FROM snaps HAVING count(*) > 0`)}) po
            ON po.d >= s.ms - ${w}::INTEGER AND po.d < s.ms GROUP BY s.ms, po.member_id) sp ON sp.ms = pt.ms AND sp.member_id = pt.member_id),
      tr AS MATERIALIZED (SELECT te.ms, te.subject_kind, te.subject, te.member_id, te.t, te.cost, coalesce(te.from_tier, cov.tier) AS tier, te.store, cov.rfm, cov.band
        FROM te JOIN cov ON cov.ms = te.ms AND cov.member_id = te.member_id),
      -- Each cell numbered once, with its treated members' count n; for the birthday gift, the months a matched member's
      -- birthday must not fall in (the windows' months).
      cells AS MATERIALIZED (SELECT *, row_number() OVER () AS cell,
          CASE WHEN subject_kind = 'benefit' AND subject = ${BIRTHDAY_BENEFIT} THEN list_transform(generate_series(date_trunc('month', a)::TIMESTAMP, (b - 1)::TIMESTAMP, INTERVAL 1 MONTH), x -> month(x)) END AS birthday_months
        FROM (SELECT ${cell}, ms - ${2 * w}::INTEGER AS a, (ms + INTERVAL 1 MONTH)::DATE + ${w}::INTEGER AS b, count(*) AS n FROM tr GROUP BY ALL)),
      -- Members who had the subject in [a, b) (upgrades: any tier change) cannot be matched for it: per month start and
      -- member, the benefit types they had and whether their tier changed (joined to each candidate, not an anti join
      -- of every candidate row: its hash table was planned on the candidates' side, tens of millions at 10M orders).
      subjects AS (SELECT DISTINCT ms, subject_kind, subject, a, b FROM cells),
      touched AS MATERIALIZED (SELECT ms, member_id, list(DISTINCT subject) FILTER (WHERE subject IS NOT NULL) AS types, bool_or(changed) AS changed FROM (
          SELECT s.ms, b.member_id, s.subject, false AS changed FROM subjects s JOIN benefits b ON s.subject_kind = 'benefit'
            AND coalesce(b.benefit_type, '其他') = s.subject AND b.issued_time >= s.a AND b.issued_time < s.b
          UNION ALL SELECT s.ms, c.member_id, NULL, true FROM (SELECT DISTINCT ms, a, b FROM subjects WHERE subject_kind = 'tier_upgrade') s
            JOIN tier_changes c ON c.change_time >= s.a AND c.change_time < s.b)
        GROUP BY ms, member_id),
      -- The candidates of each cell streamed into one aggregate per cell that keeps its n smallest by (hash, id):
      -- 1:1 without replacement inside a cell, a hash order arbitrary but the same on every engine and run, and only a
      -- cell's first n candidates are ever paired. The md5 hex digest has a fixed length, so ordering by it || id
      -- orders by the hash, then the id. Held: a few rows per treated member (the candidates, tens of millions at 10M
      -- orders, went through a sort).
      cd AS (SELECT s.cell, arg_min(c.member_id, md5(s.subject || c.member_id) || c.member_id, s.n) AS ids
        FROM cells s JOIN (SELECT cov.*, x.types, x.changed FROM cov LEFT JOIN touched x ON x.ms = cov.ms AND x.member_id = cov.member_id) c
          ON c.ms = s.ms AND c.tier = s.tier AND c.store = s.store AND c.rfm = s.rfm AND c.band = s.band
        WHERE NOT coalesce(CASE WHEN s.subject_kind = 'tier_upgrade' THEN c.changed ELSE list_contains(c.types, s.subject) END, false)
          AND NOT coalesce(list_contains(s.birthday_months, month(c.birthday)), false)
        GROUP BY s.cell),
      cdk AS (SELECT cell, unnest(ids) AS member_id, unnest(range(1, len(ids) + 1)) AS k FROM cd),
      trk AS (SELECT tr.*, row_number() OVER (PARTITION BY c.cell ORDER BY md5(tr.member_id), tr.member_id) AS k, c.cell
        FROM tr JOIN cells c USING (ms, subject_kind, subject, tier, store, rfm, band)),
      pairs AS MATERIALIZED (SELECT trk.* EXCLUDE (cell, k), cdk.member_id AS match_id FROM trk LEFT JOIN cdk USING (cell, k)),
      rows AS (
        SELECT subject_kind, subject, ms, CASE WHEN match_id IS NULL THEN 'unmatched' ELSE 'treatment' END AS arm, member_id, member_id AS treated_id, t, cost FROM pairs
        UNION ALL SELECT subject_kind, subject, ms, 'matched', match_id, member_id, t, 0 FROM pairs WHERE match_id IS NOT NULL),
      -- The purchases of the members in the output only, in the windows' span, before the range join below.
      rpo AS (SELECT po.* FROM (${purchasesBetween(p, sql`SELECT min(t) - ${2 * w}::INTEGER AS lo, max(t) + ${w}::INTEGER AS hi FROM pairs HAVING count(*) > 0`)}) po
        SEMI JOIN (SELECT DISTINCT member_id FROM rows) x ON x.member_id = po.member_id)
    SELECT r.subject_kind, r.subject, strftime(r.ms, '%Y-%m') AS month, r.arm, r.member_id, r.treated_id, r.cost::DOUBLE AS benefit_cost,
      ${yuan(sql`coalesce(${unitSum('po.amount')} FILTER (WHERE po.d < r.t - ${w}::INTEGER), 0)`)} AS prior_sales,
      ${yuan(sql`coalesce(${unitSum('po.amount')} FILTER (WHERE po.d >= r.t - ${w}::INTEGER AND po.d < r.t), 0)`)} AS pre_sales,
      ${yuan(sql`coalesce(${unitSum('po.amount')} FILTER (WHERE po.d >= r.t), 0)`)} AS post_sales,
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
