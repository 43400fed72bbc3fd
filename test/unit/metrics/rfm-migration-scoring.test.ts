// Session 17 (clirep): a guard for rewrites of the few-ends RFM snapshot (rfmSnapshotsSql over rfm_migration's two days;
// the segments view's two-day table). Its rows, and rfm_migration's, must equal those of the joins-first form (a copy kept
// below as `oldSnapshotsSql`, rfm.ts at c8b968c) and of a JS reference, on seeded order sets with ties, one buyer, and
// ends with no buyers, under month-end and mid-month days, both schemes, the orders basis with zero amounts, a short
// look-back, a store and a channel filter. Session 17 tried scoring each end by the one-end form's one-row scoring
// (rows equal here; −6 % CPU at 2M) and did not keep it: at --memory-limit 90MB it failed where this form passes
// (bench/results.md, "CLI report: RFM migration and the store compass, session 17").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayVisitsExpr, dayAfter } from '../../../src/lib/metrics/history.ts';
import { addDays, DEFAULT_LOOKBACK_DAYS, type MetricParams } from '../../../src/lib/metrics/params.ts';
import { rfmMigration, rfmSnapshotsSql } from '../../../src/lib/metrics/rfm.ts';
import { groupCase } from '../../../src/lib/metrics/rfm-schemes.ts';
import { scopedOrders } from '../../../src/lib/metrics/scope.ts';
import { join, raw, sql, type SqlStatement } from '../../../src/lib/sql.ts';
import { ipcToRows } from '../../../workers/engine.ts';
import { openHarness, type Harness } from './harness.ts';
import { rfmReference, seededOrders, type Order } from './rfm-reference.ts';

/** The few-ends form before session 17 (rfm.ts at c8b968c, the no-`only` path): joins first, windows by snapshot. */
function oldSnapshotsSql(p: MetricParams, ends: readonly string[]): SqlStatement {
  const quintile = (worse: string, buyers: string) => `(1 + floor(5 * ${worse} / ${buyers}))::INTEGER`;
  const score = (order: string) => raw(quintile(`(rank() OVER (PARTITION BY snapshot ORDER BY ${order}) - 1)`, 'count(*) OVER (PARTITION BY snapshot)'));
  const worseSql = (column: 'recency' | 'frequency', worstFirst: 'ASC' | 'DESC') =>
    raw(`worse_${column} AS (SELECT snapshot, ${column}, (sum(count(*)) OVER (PARTITION BY snapshot ORDER BY ${column} ${worstFirst}) - count(*))::BIGINT AS worse_${column}
        FROM base GROUP BY snapshot, ${column})`);
  const scoreOfWorse = (column: 'recency' | 'frequency') => raw(quintile(`worse_${column}`, 'count(*) OVER (PARTITION BY snapshot)'));
  const lookback = p.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  const sorted = [...ends].sort();
  const days = sql`SELECT member_id, order_date, count(*) FILTER (WHERE is_purchase) AS purchases, sum(amount::DECIMAL(18, 4)) AS amount
    FROM (${scopedOrders(p, addDays(sorted[0], -lookback), sorted[sorted.length - 1])})
    WHERE member_id IS NOT NULL GROUP BY member_id, order_date`;
  const unique = [...new Set(sorted)];
  const cols = unique.map((e, i) => {
    const within = sql`order_date >= ${e}::DATE - ${lookback}::INTEGER AND order_date < ${e}::DATE`;
    const n = raw(String(i));
    return sql`date_diff('day', max(order_date) FILTER (WHERE purchases > 0 AND ${within}), ${e}::DATE) AS recency_${n},
      ${dayVisitsExpr(p)} FILTER (WHERE purchases > 0 AND ${within}) AS frequency_${n},
      round(sum(amount) FILTER (WHERE ${within}), 2)::DECIMAL(18, 2) AS monetary_${n}, sum(purchases) FILTER (WHERE ${within}) AS purchases_${n}`;
  });
  const rows = unique.map((e, i) => {
    const n = raw(String(i));
    return sql`SELECT ${e}::DATE AS snapshot, member_id, recency_${n} AS recency, frequency_${n} AS frequency, monetary_${n} AS monetary FROM per WHERE purchases_${n} > 0`;
  });
  const base = sql`WITH per AS (SELECT member_id, ${join(cols)} FROM (${days}) GROUP BY member_id) ${join(rows, ' UNION ALL ')}`;
  return sql`WITH base AS (${base}),
      ${worseSql('recency', 'DESC')}, ${worseSql('frequency', 'ASC')},
      scored AS (SELECT *,
          ${scoreOfWorse('recency')} AS r, ${scoreOfWorse('frequency')} AS f, ${score('monetary')} AS m,
          recency < avg(recency) OVER (PARTITION BY snapshot) AS r_high, frequency > avg(frequency) OVER (PARTITION BY snapshot) AS f_high,
          monetary > avg(monetary) OVER (PARTITION BY snapshot) AS m_high
        FROM base JOIN worse_recency USING (snapshot, recency) JOIN worse_frequency USING (snapshot, frequency))
    SELECT snapshot, member_id, recency::DOUBLE AS recency, frequency::DOUBLE AS frequency, monetary::DOUBLE AS monetary,
      r::DOUBLE AS r, f::DOUBLE AS f, m::DOUBLE AS m, ${groupCase(p.rfmScheme ?? 'eleven')} AS "group"
    FROM scored`;
}

/** rfm_migration's outer statement (unchanged) around a two-day snapshot. */
const migrationOf = (snapshots: SqlStatement, a: string, b: string) =>
  sql`SELECT coalesce(x, 'none') AS from_group, coalesce(y, 'none') AS to_group, count(*)::DOUBLE AS members
      FROM (SELECT any_value("group") FILTER (WHERE snapshot = ${a}::DATE) AS x, any_value("group") FILTER (WHERE snapshot = ${b}::DATE) AS y
        FROM (${snapshots}) GROUP BY member_id)
      GROUP BY ALL ORDER BY from_group, to_group`;

/** One member's orders only: one buyer at every end that holds a purchase. */
const ONE_BUYER: Order[] = [
  { id: 'a1', day: '2024-02-10', member: 'solo', store: 'S1', channel: 'offline', cents: 1990, refund: false },
  { id: 'a2', day: '2024-06-30', member: 'solo', store: 'S2', channel: 'online', cents: 4990, refund: false },
  { id: 'a3', day: '2024-08-15', member: 'solo', store: 'S1', channel: 'offline', cents: -990, refund: true },
  { id: 'a4', day: '2024-09-30', member: 'solo', store: 'S1', channel: 'offline', cents: 990, refund: false },
];

const SHAPES: [string, Order[]][] = [
  ['many buyers, one or two orders each', seededOrders(11, 900, 700, (r) => 100 + Math.round(r() * 99_999), true)],
  ['few buyers, many orders each (several a day)', seededOrders(23, 1500, 12, (r) => [990, 1990, 4990][Math.floor(r() * 3)], true)],
  ['ties everywhere (three amounts, 60 members)', seededOrders(37, 700, 60, (r) => [1000, 2000, 5000][Math.floor(r() * 3)], true)],
  ['one buyer', ONE_BUYER],
];

/** Migration counts in JS from the two days' reference groups ('none' = not scored that day). */
function referenceMigration(all: Order[], p: MetricParams, a: string, b: string) {
  const x = new Map(rfmReference(all, p, a).map((r) => [r.member_id, r.group]));
  const y = new Map(rfmReference(all, p, b).map((r) => [r.member_id, r.group]));
  const counts = new Map<string, number>();
  for (const id of new Set([...x.keys(), ...y.keys()])) {
    const key = `${x.get(id) ?? 'none'}\u0000${y.get(id) ?? 'none'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([k, members]) => ({ from_group: k.split('\u0000')[0], to_group: k.split('\u0000')[1], members }))
    .sort((u, v) => (u.from_group + '\u0000' + u.to_group < v.from_group + '\u0000' + v.to_group ? -1 : 1));
}

// Month-end: the period's default days (the day before `from`, `to` − 1 day); mid-month: migration days given.
const MONTH_END: MetricParams = { from: '2024-07-01', to: '2024-10-01' };
const MID_MONTH: MetricParams = { from: '2024-06-01', to: '2024-10-01', migrationFrom: '2024-06-14', migrationTo: '2024-09-14' };
const VARIANTS: [string, MetricParams][] = [
  ['month-end days (eleven, 365 days)', MONTH_END],
  ['mid-month days, cn8', { ...MID_MONTH, rfmScheme: 'cn8' }],
  ['purchase orders, zero amounts count, eleven', { ...MID_MONTH, repurchaseBasis: 'orders', countZeroAmount: true }],
  ['60-day look-back, one store', { ...MONTH_END, lookbackDays: 60, stores: ['S2'] }],
  ['offline channel, cn8, 90-day look-back', { ...MONTH_END, channels: ['offline'], rfmScheme: 'cn8', lookbackDays: 90 }],
  ['first day has no buyers (before any order)', { from: '2024-01-01', to: '2024-03-15' }],
  ['no buyers on either day', { from: '2023-01-01', to: '2023-06-01' }],
];

/** rfm_migration's two days as the metric takes them. */
const daysOf = (p: MetricParams): [string, string] => [p.migrationFrom ? dayAfter(p.migrationFrom) : p.from, p.migrationTo ? dayAfter(p.migrationTo) : p.to];

describe.each(SHAPES)('few-ends RFM snapshot scored one end at a time: %s', (_shape, all) => {
  let h: Harness;
  const csv = [
    'order_id,order_time,member_id,store,channel,amount,item_count,discount,points_used,is_refund',
    ...all.map((o) => `${o.id},${o.day} 12:00:00,${o.member},${o.store},${o.channel},${(o.cents / 100).toFixed(2)},1,,,${o.refund}`),
  ].join('\n');
  beforeAll(async () => {
    h = await openHarness();
    expect(await h.engine.loadCsvTable('orders', csv)).toBe(all.length);
  });
  afterAll(() => h.close());
  const q = async (stmt: SqlStatement) => ipcToRows(await h.engine.query(stmt)).map((x) => ({ ...x }));

  it.each(VARIANTS)('same rows as the joins-first form and the JS reference: %s', async (_name, p) => {
    const [a, b] = daysOf(p);
    const ordered = (s: SqlStatement) => sql`SELECT * FROM (${s}) ORDER BY snapshot, member_id`;
    const now = await q(ordered(rfmSnapshotsSql(p, [a, b])));
    expect(now).toEqual(await q(ordered(oldSnapshotsSql(p, [a, b]))));
    const ref = [a, b].flatMap((end) => rfmReference(all, p, end).map((r) => ({ snapshot: end, ...r })));
    expect(await q(sql`SELECT * REPLACE (strftime(snapshot, '%Y-%m-%d') AS snapshot) FROM (${ordered(rfmSnapshotsSql(p, [a, b]))})`)).toEqual(ref);
    // The metric: the same outer statement over either form, and the JS counts.
    const migration = await q(rfmMigration.sql(p));
    expect(migration).toEqual(await q(migrationOf(oldSnapshotsSql(p, [a, b]), a, b)));
    expect(migration).toEqual(referenceMigration(all, p, a, b));
  });

  it('the same day twice is one end', async () => {
    const p = { ...MONTH_END, migrationFrom: '2024-08-31', migrationTo: '2024-08-31' };
    const [a, b] = daysOf(p);
    expect(a).toBe(b);
    expect(await q(rfmMigration.sql(p))).toEqual(referenceMigration(all, p, a, b));
    expect(await q(sql`SELECT * FROM (${rfmSnapshotsSql(p, [a, a])}) ORDER BY snapshot, member_id`)).toEqual(
      await q(sql`SELECT * FROM (${oldSnapshotsSql(p, [a, a])}) ORDER BY snapshot, member_id`),
    );
  });
});
