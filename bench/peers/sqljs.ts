/**
 * Peer: the five core metrics in sql.js 1.13 (SQLite compiled to WebAssembly), as a web developer
 * would write them — papaparse the export, INSERT every row in one transaction through a prepared
 * statement, then one plain SQLite query per metric (window functions for the RFM ranks).
 */
import Papa from 'papaparse';
import initSqlJs from 'sql.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { LIFECYCLE_STAGES } from '../../src/lib/metrics/lifecycle.ts';
import type { MetricParams } from '../../src/lib/metrics/params.ts';
import { elevenGroup } from '../../src/lib/metrics/rfm-schemes.ts';
import { COLUMNS, peerDates, quintile, type FiveMetrics, type Peer } from './five-metrics.ts';

type Row = Record<string, number | string | null>;

export function sqljsPeer(): Peer {
  let db: import('sql.js').Database | undefined;

  /** Rows of one query with named parameters. */
  const all = (query: string, params: Record<string, string | number> = {}): Row[] => {
    const stmt = db!.prepare(query);
    try {
      stmt.bind(Object.fromEntries(Object.entries(params).map(([k, v]) => [`:${k}`, v])));
      const out: Row[] = [];
      while (stmt.step()) out.push(stmt.getAsObject() as Row);
      return out;
    } finally {
      stmt.free();
    }
  };

  return {
    name: 'sqljs',
    async load(text) {
      const dist = dirname(createRequire(import.meta.url).resolve('sql.js'));
      const SQL = await initSqlJs({ locateFile: (f: string) => join(dist, f) });
      db = new SQL.Database();
      db.run(`CREATE TABLE orders (order_id TEXT, order_date TEXT, member_id TEXT, store TEXT, channel TEXT, amount REAL, item_count INTEGER)`);
      const { data } = Papa.parse<string[]>(text, { skipEmptyLines: true });
      const header = data[0].map((h) => COLUMNS[h]);
      const at = (name: string) => header.indexOf(name);
      const [id, time, member, store, channel, amount, items] = ['order_id', 'order_time', 'member_id', 'store', 'channel', 'amount', 'item_count'].map(at);
      const insert = db.prepare('INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?)');
      let rows = 0;
      db.run('BEGIN');
      for (let i = 1; i < data.length; i++) {
        const r = data[i];
        const value = r[amount] === '' ? Number.NaN : Number(r[amount]);
        if (!Number.isFinite(value)) continue; // an amount that does not parse is a rejected row, as in our import
        insert.run([r[id], r[time].slice(0, 10), r[member] || null, r[store], r[channel], value, Number(r[items])]);
        rows++;
      }
      db.run('COMMIT');
      insert.free();
      return { rows };
    },
    async compute(p) {
      if (!db) throw new Error('sql.js peer: load() first');
      return fiveMetrics(all, p);
    },
    close() {
      db?.close();
      db = undefined;
    },
  };
}

/** No refund column in the export: a purchase is an order with a positive amount. */
const PURCHASE = 'amount > 0';

function fiveMetrics(all: (q: string, params?: Record<string, string | number>) => Row[], p: MetricParams): FiveMetrics {
  const t = peerDates(p);

  const byMonth = new Map(
    all(
      `SELECT substr(order_date, 1, 7) AS month, sum(amount) AS sales, sum(${PURCHASE}) AS orders,
         count(DISTINCT CASE WHEN ${PURCHASE} THEN member_id END) AS buyers
       FROM orders WHERE order_date >= :from AND order_date < :to GROUP BY month`,
      { from: t.from, to: t.to },
    ).map((r) => [r.month as string, r]),
  );
  const monthly_trend = t.months.map((month) => {
    const r = byMonth.get(month);
    return { month, sales: (r?.sales as number) ?? 0, orders: (r?.orders as number) ?? 0, buyers: (r?.buyers as number) ?? 0 };
  });

  const [{ rate }] = all(
    `SELECT CAST(sum(visits >= 2) AS REAL) / count(*) AS rate FROM (
       SELECT member_id, count(DISTINCT order_date) AS visits FROM orders
       WHERE ${PURCHASE} AND member_id IS NOT NULL AND order_date >= :from AND order_date < :to GROUP BY member_id)`,
    { from: t.from, to: t.to },
  );

  const rfm_members = all(
    `WITH base AS (
       SELECT member_id, CAST(julianday(:end) - julianday(max(CASE WHEN ${PURCHASE} THEN order_date END)) AS INTEGER) AS recency,
         count(DISTINCT CASE WHEN ${PURCHASE} THEN order_date END) AS frequency, sum(amount) AS monetary
       FROM orders WHERE member_id IS NOT NULL AND order_date >= :start AND order_date < :end
       GROUP BY member_id HAVING sum(${PURCHASE}) > 0)
     SELECT *, rank() OVER (ORDER BY recency DESC) AS r_rank, rank() OVER (ORDER BY frequency) AS f_rank,
       rank() OVER (ORDER BY monetary) AS m_rank, count(*) OVER () AS n
     FROM base ORDER BY member_id`,
    { start: t.rfmStart, end: t.end },
  ).map((d) => {
    const n = d.n as number;
    const [r, f, m] = [quintile(d.r_rank as number, n), quintile(d.f_rank as number, n), quintile(d.m_rank as number, n)];
    return {
      member_id: d.member_id as string,
      recency: d.recency as number,
      frequency: d.frequency as number,
      monetary: d.monetary as number,
      r,
      f,
      m,
      group: elevenGroup(r, f, m),
    };
  });

  // year × 12 + month, as five-metrics.ts monthIndex.
  const monthNo = (col: string) => `(CAST(substr(${col}, 1, 4) AS INTEGER) * 12 + CAST(substr(${col}, 6, 2) AS INTEGER))`;
  const cohort_retention = all(
    `WITH firsts AS (
       SELECT member_id, min(order_date) AS first_date FROM orders
       WHERE ${PURCHASE} AND member_id IS NOT NULL AND order_date < :to GROUP BY member_id),
     cohort_members AS (SELECT member_id, first_date, substr(first_date, 1, 7) AS cohort FROM firsts WHERE first_date >= :from),
     sizes AS (SELECT cohort, count(*) AS size FROM cohort_members GROUP BY cohort),
     cells(cohort, size, k) AS (
       SELECT cohort, size, 0 FROM sizes
       UNION ALL SELECT cohort, size, k + 1 FROM cells WHERE k + 1 <= :last_month - ${monthNo('cohort')}),
     activity AS (
       SELECT c.cohort, ${monthNo('o.order_date')} - ${monthNo('c.first_date')} AS k,
         count(DISTINCT CASE WHEN o.${PURCHASE} THEN o.member_id END) AS members, sum(o.amount) AS revenue
       FROM orders o JOIN cohort_members c ON c.member_id = o.member_id
       WHERE o.order_date >= :from AND o.order_date < :to GROUP BY c.cohort, k)
     SELECT cells.cohort, cells.k AS month_offset, cells.size AS cohort_size, coalesce(a.members, 0) AS members,
       coalesce(a.members, 0) * 1.0 / cells.size AS retention, coalesce(a.revenue, 0) AS revenue
     FROM cells LEFT JOIN activity a ON a.cohort = cells.cohort AND a.k = cells.k
     ORDER BY cells.cohort, cells.k`,
    { from: t.from, to: t.to, last_month: t.lastMonth },
  ) as unknown as FiveMetrics['cohort_retention'];

  const counts = new Map(
    all(
      `SELECT CASE WHEN first_date >= :active THEN 'new' WHEN last_date >= :active THEN 'active'
           WHEN last_date >= :at_risk THEN 'at_risk' WHEN last_date >= :dormant THEN 'dormant' ELSE 'churned' END AS stage,
         count(*) AS members
       FROM (SELECT member_id, min(order_date) AS first_date, max(order_date) AS last_date FROM orders
             WHERE ${PURCHASE} AND member_id IS NOT NULL AND order_date < :end GROUP BY member_id)
       GROUP BY stage`,
      { end: t.end, active: t.activeSince, at_risk: t.atRiskSince, dormant: t.dormantSince },
    ).map((r) => [r.stage as string, r.members as number]),
  );
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const lifecycle_stages = LIFECYCLE_STAGES.map((stage) => ({ stage, members: counts.get(stage) ?? 0, share: total ? (counts.get(stage) ?? 0) / total : null }));

  return { monthly_trend, repurchase_rate: (rate as number | null) ?? null, rfm_members, cohort_retention, lifecycle_stages };
}
