/** RFM: quintile scores per buyer in a look-back window, named groups, and group migration. */
import { join, raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric, type MetricVariant } from './define.ts';
import { dayAfter, dayVisitsExpr, snapshotEnd } from './history.ts';
import { addDays, DEFAULT_LOOKBACK_DAYS, type MetricParams } from './params.ts';
import { CN8_GROUPS, ELEVEN_GRID, groupCase, rfmGroups, type RfmScheme } from './rfm-schemes.ts';
import { scopedOrders } from './scope.ts';

const schemeOf = (p: MetricParams): RfmScheme => p.rfmScheme ?? 'eleven';

/**
 * Quintile score 1–5 from the rank: 1 + ⌊5 × (buyers with a strictly worse value) ÷ buyers⌋.
 * rank() gives tied values the same (lowest) rank, so members who behave alike score alike; with
 * no ties each score holds about a fifth of the buyers; a tie at the top can leave the best score below 5.
 * Used for monetary (nearly one value per buyer); recency and frequency count instead (`worseSql`).
 */
const quintile = (worse: string, buyers: string) => `(1 + floor(5 * ${worse} / ${buyers}))::INTEGER`;
const score = (order: string) => raw(quintile(`(rank() OVER (PARTITION BY snapshot ORDER BY ${order}) - 1)`, 'count(*) OVER (PARTITION BY snapshot)'));

/**
 * The same score for a value with few distinct values (recency: up to the look-back's days; frequency: visits)
 * without sorting every buyer (session 14: two of the three sorts of every buyer per snapshot gone):
 * CTE `worse_<column>` holds, per snapshot and distinct value, the buyers with a strictly worse value — a
 * running count over the distinct values in worst-first order less the value's own, which is rank() − 1 —
 * and `scoreOfWorse` reads it joined back on the value.
 */
const worseSql = (column: 'recency' | 'frequency', worstFirst: 'ASC' | 'DESC') =>
  raw(`worse_${column} AS (SELECT snapshot, ${column}, (sum(count(*)) OVER (PARTITION BY snapshot ORDER BY ${column} ${worstFirst}) - count(*))::BIGINT AS worse_${column}
        FROM base GROUP BY snapshot, ${column})`);
const scoreOfWorse = (column: 'recency' | 'frequency') => raw(quintile(`worse_${column}`, 'count(*) OVER (PARTITION BY snapshot)'));

/**
 * One snapshot's `worse_<column>` as a list indexed by value + 1 (column `w_<column>`; values the snapshot lacks hold
 * NULL, never read): the one-end form reads a buyer's strictly-worse count as `w_<column>[<column> + 1]` from a
 * one-row table instead of joining every buyer to `worse_<column>`. Values are ≥ 1 (recency: days since a purchase
 * before the end; frequency: purchase days or orders), so the list has max + 1 entries.
 */
const denseWorse = (column: 'recency' | 'frequency') =>
  raw(`(SELECT list(w.worse_${column} ORDER BY d.v) AS w_${column}
        FROM (SELECT unnest(range(0, max(${column})::BIGINT + 1)) AS v FROM worse_${column}) d LEFT JOIN worse_${column} w ON w.${column} = d.v)`);

/**
 * Per snapshot end in `ends` (column `snapshot`, DATE) and buyer with a purchase in [end − lookback,
 * end): recency (days from the last purchase day to `end`), frequency (visits), monetary (net sales
 * incl. refunds, to the cent); r, f, m = quintile scores by rank among that snapshot's buyers (see
 * `score`), so equal values get equal scores; `group` under the scheme.
 * Monetary is an exact DECIMAL sum (each amount to 1/10,000 yuan, as imported line items are) rounded
 * to the cent before it is ranked or averaged: a DOUBLE sum depends on the summation order (0.1 + 0.2 +
 * 0.3 ≠ 0.6), which differs between engines, threads and plans, and broke spend ties differently on
 * DuckDB-WASM and native DuckDB.
 * Orders are summed per member-day first, then the member-days of each snapshot's window: several ends
 * are scored in one pass, and each snapshot's rows are exactly what `rfmMembersSql` gives for that end
 * alone. Without `only` (the migration's two days) one GROUP BY member holds every end's values as
 * columns (each end's window a FILTER), one row per end and buyer after it; with `only` (the matched-members
 * metric, a snapshot per month) each member-day is joined to the snapshots whose window holds it.
 * `only` (a query of `snapshot` dates among `ends`): score just those, and read only the orders of their
 * windows; none, none read (the matched-members metrics: the months that hold a treated member).
 */
export function rfmSnapshotsSql(p: MetricParams, ends: readonly string[], only?: SqlStatement): SqlStatement {
  const lookback = p.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  const sorted = [...ends].sort();
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const days = sql`SELECT member_id, order_date, count(*) FILTER (WHERE is_purchase) AS purchases, sum(amount::DECIMAL(18, 4)) AS amount
    FROM (${scopedOrders(p, addDays(first, -lookback), last)})
      ${only ? sql`JOIN (SELECT min(snapshot) - ${lookback}::INTEGER AS lo, max(snapshot) AS hi FROM (${only}) HAVING count(*) > 0) b ON order_date >= b.lo AND order_date < b.hi` : raw('')}
    WHERE member_id IS NOT NULL GROUP BY member_id, order_date`;
  const values = sql`(VALUES ${join(sorted.map((e) => sql`(${e}::DATE)`))})`;
  // Per snapshot and buyer: recency, frequency, monetary and purchases over its member-days (grouped by snapshot and
  // member), or over the rows `within` one end's window (the few-ends form's columns).
  const rfmOf = (snapshot: SqlStatement, within?: SqlStatement) => {
    const bought = within ? sql`purchases > 0 AND ${within}` : raw('purchases > 0');
    const filter = within ? sql` FILTER (WHERE ${within})` : raw('');
    return {
      recency: sql`date_diff('day', max(order_date) FILTER (WHERE ${bought}), ${snapshot})`,
      frequency: sql`${dayVisitsExpr(p)} FILTER (WHERE ${bought})`,
      monetary: sql`round(sum(amount)${filter}, 2)::DECIMAL(18, 2)`,
      purchases: sql`sum(purchases)${filter}`,
    };
  };
  let base: SqlStatement;
  if (sorted.length === 1) {
    // One end: the scan's bounds are its window.
    const v = rfmOf(sql`${first}::DATE`);
    base = sql`SELECT ${first}::DATE AS snapshot, member_id, ${v.recency} AS recency, ${v.frequency} AS frequency, ${v.monetary} AS monetary
        FROM (${days}) GROUP BY member_id HAVING ${v.purchases} > 0`;
  } else if (!only) {
    // A few ends (the migration's two days): one GROUP BY member over the member-days, each end's values from its window's
    // rows (FILTER), then one row per end and buyer — the orders read once, no member-day repeated per end.
    const unique = [...new Set(sorted)];
    const ins = unique.map((e) => sql`order_date >= ${e}::DATE - ${lookback}::INTEGER AND order_date < ${e}::DATE`);
    const cols = unique.map((e, i) => {
      const v = rfmOf(sql`${e}::DATE`, ins[i]);
      return sql`${v.recency} AS recency_${raw(String(i))}, ${v.frequency} AS frequency_${raw(String(i))}, ${v.monetary} AS monetary_${raw(String(i))}, ${v.purchases} AS purchases_${raw(String(i))}`;
    });
    const per = sql`SELECT member_id, ${join(cols)} FROM (${days}) GROUP BY member_id`;
    const rows = unique.map((e, i) => {
      const n = raw(String(i));
      return sql`SELECT ${e}::DATE AS snapshot, member_id, recency_${n} AS recency, frequency_${n} AS frequency, monetary_${n} AS monetary FROM per WHERE purchases_${n} > 0`;
    });
    base = sql`WITH per AS (${per}) ${join(rows, ' UNION ALL ')}`;
  } else {
    // Several ends, only some scored: each member-day joined to the snapshots whose window holds it.
    const v = rfmOf(raw('snapshot'));
    base = sql`SELECT snapshot, member_id, ${v.recency} AS recency, ${v.frequency} AS frequency, ${v.monetary} AS monetary
        FROM (SELECT d.*, e.snapshot FROM (${days}) d
          JOIN (SELECT * FROM ${values} v(snapshot) WHERE snapshot IN (${only})) e ON d.order_date >= e.snapshot - ${lookback}::INTEGER AND d.order_date < e.snapshot)
        GROUP BY snapshot, member_id HAVING ${v.purchases} > 0`;
  }
  const tail = sql`SELECT snapshot, member_id, recency::DOUBLE AS recency, frequency::DOUBLE AS frequency, monetary::DOUBLE AS monetary,
      r::DOUBLE AS r, f::DOUBLE AS f, m::DOUBLE AS m, ${groupCase(schemeOf(p))} AS "group"
    FROM scored`;
  if (sorted.length === 1) {
    // One end (the report's and the segments view's snapshot): nothing of a buyer's row goes through a hash join. The
    // counts, means and strictly-worse counts are one row (`per`: the worse counts as lists indexed by value + 1) read
    // by a CROSS JOIN, and the one window over every buyer (monetary's rank) reads `base` directly. With the joins on
    // (snapshot, recency) / (snapshot, frequency) below the windows (the multi-end form), DuckDB may build the hash
    // table on the buyers' side (its estimates put both sides near the buyers' count), and out of core the windows above
    // those joins could not be pinned: 10M orders needed 110–120MB, 100M failed at 300MB (bench/results.md, session 16
    // rfmwin: this form passes at 80MB on 10M orders and on 1M buyers, CPU no worse without a limit).
    return sql`WITH base AS (${base}),
      ${worseSql('recency', 'DESC')}, ${worseSql('frequency', 'ASC')},
      per AS (SELECT * FROM (SELECT count(*) AS buyers, avg(recency) AS avg_r, avg(frequency) AS avg_f, avg(monetary) AS avg_m FROM base)
          CROSS JOIN ${denseWorse('recency')} CROSS JOIN ${denseWorse('frequency')}),
      scored AS (SELECT *, ${raw(quintile('w_recency[(recency + 1)::BIGINT]', 'buyers'))} AS r, ${raw(quintile('w_frequency[(frequency + 1)::BIGINT]', 'buyers'))} AS f,
          ${raw(quintile('(rank_m - 1)', 'buyers'))} AS m, recency < avg_r AS r_high, frequency > avg_f AS f_high, monetary > avg_m AS m_high
        FROM (SELECT *, rank() OVER (ORDER BY monetary) AS rank_m FROM base) CROSS JOIN per)
    ${tail}`;
  }
  return sql`WITH base AS (${base}),
      ${worseSql('recency', 'DESC')}, ${worseSql('frequency', 'ASC')},
      scored AS (SELECT *,
          ${scoreOfWorse('recency')} AS r, ${scoreOfWorse('frequency')} AS f, ${score('monetary')} AS m,
          recency < avg(recency) OVER (PARTITION BY snapshot) AS r_high, frequency > avg(frequency) OVER (PARTITION BY snapshot) AS f_high,
          monetary > avg(monetary) OVER (PARTITION BY snapshot) AS m_high
        FROM base JOIN worse_recency USING (snapshot, recency) JOIN worse_frequency USING (snapshot, frequency))
    ${tail}`;
}

/** RFM of every buyer at one snapshot `end` (exclusive): `rfmSnapshotsSql` for that end, without the snapshot column. */
export const rfmMembersSql = (p: MetricParams, end: string): SqlStatement => sql`SELECT * EXCLUDE (snapshot) FROM (${rfmSnapshotsSql(p, [end])})`;

const RFM_VARIANTS: readonly MetricVariant[] = [
  { param: 'rfmScheme', options: ['eleven', 'cn8'], default: 'eleven' },
  { param: 'lookbackDays', options: ['days'], default: String(DEFAULT_LOOKBACK_DAYS) },
  { param: 'asOf', options: ['YYYY-MM-DD'], default: 'to − 1 day' },
  { param: 'repurchaseBasis', options: ['days', 'orders'], default: 'days' },
];

const gridDoc = ELEVEN_GRID.map((row, i) => `| R=${5 - i} | ${row.join(' | ')} |`).join('\n');
const cn8Doc = CN8_GROUPS.map((g) => `| ${g.id} | ${g.label.zh} | ${g.r ? '高' : '低'} | ${g.f ? '高' : '低'} | ${g.m ? '高' : '低'} |`).join('\n');

const cn8DocEn = CN8_GROUPS.map((g) => `| ${g.id} | ${g.label.en} | ${g.r ? 'high' : 'low'} | ${g.f ? 'high' : 'low'} | ${g.m ? 'high' : 'low'} |`).join('\n');

const RFM_NOTES = {
  zh: `R/F/M 分数为回看窗口内消费会员的五分位，按排名计算：分数 = 1 + ⌊5 × 数值严格更差的会员数 ÷ 会员数⌋，5 最好；数值相同的会员分数相同（例如只消费过一天的会员 F 都是 1），因此并列多时某些分数可能空缺；不足 5 人时最高分小于 5。
**eleven**（默认）：FM = ⌈(F+M)/2⌉，分组名取自 Putler 的 11 类 RFM 分群，格子布局取自流行的 R×F 分群映射，并以 FM 代替 F；R=1、FM≤2 单列为 lost（我们的选择）。

| R \\ FM | 1 | 2 | 3 | 4 | 5 |\n|---|---|---|---|---|---|\n${gridDoc}

**cn8**：R、F、M 各与窗口内均值比较（R 近于均值为高，F、M 严格大于均值为高），八类客户价值模型。

| id | 名称 | R | F | M |\n|---|---|---|---|---|\n${cn8Doc}`,
  en: `R/F/M scores are rank-based quintiles over the buyers in the look-back window: score = 1 + ⌊5 × (buyers with a strictly worse value) ÷ buyers⌋, 5 best; equal values get equal scores (e.g. every member with one purchase day has F = 1), so with many ties some scores stay unused; with fewer than 5 buyers the top score is below 5.
**eleven** (default): FM = ⌈(F+M)/2⌉; names are Putler's 11 RFM segments, the cell layout the widely used R×F segment map with F replaced by FM; R=1, FM≤2 split off as lost (our choice).

| R \\ FM | 1 | 2 | 3 | 4 | 5 |\n|---|---|---|---|---|---|\n${gridDoc}

**cn8**: R, F, M each high/low against the window mean (R high = more recent than the mean; F, M high = strictly above the mean), the Chinese 8-class customer value model.

| id | name | R | F | M |\n|---|---|---|---|---|\n${cn8DocEn}`,
};

const groupValues = (scheme: RfmScheme) => join(rfmGroups(scheme).map((g, i) => sql`(${g.id}, ${i})`));

/** RFM 会员明细 — one row per scored buyer: raw R/F/M, scores and group. */
export const rfmMembers = defineMetric({
  id: 'rfm_members',
  label: { zh: 'RFM 会员明细', en: 'RFM per member' },
  formula: {
    zh: '回看窗口（默认 365 天，截至快照日）内每位消费会员的 R（距最近消费天数）、F（消费天数）、M（净消费额）及 1–5 分与分组',
    en: 'per buyer in the look-back window (default 365 days to the snapshot): R (days since last purchase), F (purchase days), M (net spend), their 1–5 scores and group',
  },
  unit: 'score',
  shape: 'table',
  columns: ['member_id', 'recency', 'frequency', 'monetary', 'r', 'f', 'm', 'group'],
  needs: ['orders', 'members'],
  variants: RFM_VARIANTS,
  notes: RFM_NOTES,
  sql: (p) => sql`SELECT * FROM (${rfmMembersSql(p, snapshotEnd(p))}) ORDER BY member_id`,
});

/**
 * RFM 分组 — members and net spend per group (every group of the scheme listed). The spend is summed exactly (each
 * member's monetary is a cent amount, DECIMAL(18, 2) back from its DOUBLE without loss): a DOUBLE sum depends on the
 * order the members come in, which a plan changes (session 14: 80,849,327.36000016 against …27.35999903 for the same
 * members, the exact sum …27.36), and the segments view reads the snapshot from a table (workers/view-shared.ts).
 */
export const rfmGroupCounts = defineMetric({
  id: 'rfm_groups',
  label: { zh: 'RFM 分组人数', en: 'RFM groups' },
  formula: { zh: '各 RFM 分组的会员数、占比与净消费额', en: 'members, share and net spend per RFM group' },
  unit: 'count',
  shape: 'table',
  columns: ['group', 'members', 'share', 'monetary'],
  needs: ['orders', 'members'],
  variants: RFM_VARIANTS,
  sql: (p) => sql`SELECT g.id AS "group", count(s.member_id)::DOUBLE AS members,
      (count(s.member_id) / nullif(sum(count(s.member_id)) OVER (), 0))::DOUBLE AS share,
      coalesce(sum(s.monetary::DECIMAL(18, 2)), 0)::DOUBLE AS monetary
    FROM (VALUES ${groupValues(schemeOf(p))}) g(id, ord) LEFT JOIN (${rfmMembersSql(p, snapshotEnd(p))}) s ON s."group" = g.id
    GROUP BY g.id, g.ord ORDER BY g.ord`,
});

/** RFM 迁移 — members by (group at migrationFrom, group at migrationTo); 'none' = not scored that day. */
export const rfmMigration = defineMetric({
  id: 'rfm_migration',
  label: { zh: 'RFM 分组迁移', en: 'RFM migration' },
  formula: {
    zh: '两个快照日（默认期初前一天与期末）各自计算 RFM 分组，统计 (起始分组, 结束分组) 的会员数；未被评分记为 none',
    en: 'RFM group at two snapshot days (default: the day before from, and to − 1); members per (from group, to group); none = not scored',
  },
  unit: 'count',
  shape: 'table',
  columns: ['from_group', 'to_group', 'members'],
  needs: ['orders', 'members'],
  variants: [
    ...RFM_VARIANTS,
    { param: 'migrationFrom', options: ['YYYY-MM-DD'], default: 'from − 1 day' },
    { param: 'migrationTo', options: ['YYYY-MM-DD'], default: 'to − 1 day' },
  ],
  sql: (p) => {
    const a = p.migrationFrom ? dayAfter(p.migrationFrom) : p.from;
    const b = p.migrationTo ? dayAfter(p.migrationTo) : p.to;
    // Both days scored in one pass (rfmSnapshotsSql: each snapshot's rows are rfmMembersSql's for that day alone), one
    // row per member scored on either day: the FULL JOIN of the two days' members, with no second scan of the orders.
    return sql`SELECT coalesce(x, 'none') AS from_group, coalesce(y, 'none') AS to_group, count(*)::DOUBLE AS members
      FROM (SELECT any_value("group") FILTER (WHERE snapshot = ${a}::DATE) AS x, any_value("group") FILTER (WHERE snapshot = ${b}::DATE) AS y
        FROM (${rfmSnapshotsSql(p, a === b ? [a] : [a, b])}) GROUP BY member_id)
      GROUP BY ALL ORDER BY from_group, to_group`;
  },
});
