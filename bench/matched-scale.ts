/**
 * The matched-members metrics (did_member_outcomes, community_member_outcomes) at scale, natively, under
 * the tab's conditions (issue 14: one thread, a memory limit, no temp directory to spill to).
 *
 *   npx tsx bench/matched-scale.ts build ORDERS.csv DB [--events]
 *     loads the synthetic export into a DuckDB database file once (the engine's tables and order facts);
 *     --events adds members (one per member id of the orders), benefits, tier upgrades and communities,
 *     deterministic from the ids, so the metrics have treated members at 10M orders too.
 *   npx tsx bench/matched-scale.ts time DB --id did_member_outcomes --from D --to D [--memory 3.1GiB] [--threads 1]
 *     runs one metric's SQL on the file (read-only), prints wall ms, rows and a digest of the rows (the
 *     same digest before and after a rewrite = the same result). Run under /usr/bin/time -v for peak RSS.
 *   npx tsx bench/matched-scale.ts catalogue DB --from D --to D [--memory 3.1GiB] [--threads 1] [--limit-s 600] [--ids a,b]
 *     every catalogue metric (or the listed ones) on the file under the same conditions, one after the other in one
 *     process: wall and CPU ms, rows, or the error (out of memory); a metric still running after --limit-s is
 *     interrupted. Slowest first, then one JSON line. The process's peak RSS (time -v) is the worst metric's.
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { ipcToRows } from '../src/lib/engine/rows.ts';
import { METRICS } from '../src/lib/metrics/index.ts';
import { openNativeDriver } from '../workers/drivers/native.ts';
import { createEngine } from '../workers/engine.ts';
import { ORDERS_VIEW_SQL } from '../workers/order-facts.ts';
import { loadNativeOrders } from './native-orders.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    events: { type: 'boolean', default: false },
    id: { type: 'string', default: 'did_member_outcomes' },
    from: { type: 'string', default: '2025-10-03' },
    to: { type: 'string', default: '2025-12-31' },
    memory: { type: 'string', default: '3.1GiB' },
    threads: { type: 'string', default: '1' },
    explain: { type: 'boolean', default: false },
    'limit-s': { type: 'string', default: '600' },
    ids: { type: 'string' },
  },
});
const [command, ...args] = positionals;

/** The operators that took most of a profiled query's time (self time), with their output rows. */
function hotOperators(profile: unknown, top = 25): void {
  const ops: { name: string; s: number; rows: number; extra: string }[] = [];
  const walk = (n: Record<string, unknown>) => {
    ops.push({
      name: String(n.operator_name ?? n.operator_type),
      s: Number(n.operator_timing ?? 0),
      rows: Number(n.operator_cardinality ?? 0),
      extra: JSON.stringify(n.extra_info ?? {}).slice(0, 200),
    });
    for (const c of (n.children as Record<string, unknown>[]) ?? []) walk(c);
  };
  for (const root of (Array.isArray(profile) ? profile : [profile]) as Record<string, unknown>[]) walk(root);
  for (const o of [...ops].sort((a, b) => b.s - a.s).slice(0, top)) console.log(`${o.s.toFixed(3).padStart(7)} s ${String(o.rows).padStart(10)} rows ${o.name} ${o.extra}`);
}

if (command === 'build') {
  const [file, db] = args;
  const driver = await openNativeDriver(db, { readable: [file.replace(/[^/]*$/, '')] });
  await createEngine(driver);
  await loadNativeOrders(driver, file);
  if (values.events) {
    // Deterministic from the member id's hash: tiers, home stores, join dates, birthdays; ~3 % of members get a
    // benefit in a month (three types, one of them the birthday gift), ~1 % an upgrade, ~10 % are in a community.
    await driver.exec(`INSERT INTO members (member_id, join_date, tier, birthday, home_store)
        SELECT member_id, (min(order_time)::DATE - (hash(member_id) % 400)::INTEGER), (['普通','银卡','金卡','钻石'])[1 + (hash(member_id || 't') % 4)::INTEGER],
          DATE '1970-01-01' + (hash(member_id || 'b') % 15000)::INTEGER, arg_min(store, order_time)
        FROM orders WHERE member_id IS NOT NULL GROUP BY member_id;
      INSERT INTO benefits (member_id, benefit_type, issued_time, cost)
        SELECT member_id, (['生日礼','优惠券','积分翻倍'])[1 + (hash(member_id || m) % 3)::INTEGER], TIMESTAMP '2025-01-01' + INTERVAL (m) MONTH + INTERVAL (hash(member_id || m || 'd') % 27) DAY + INTERVAL 10 HOUR,
          (hash(member_id || m || 'c') % 50)::DOUBLE
        FROM members, range(12) r(m) WHERE hash(member_id || m || 'x') % 100 < 3;
      INSERT INTO tier_changes (member_id, change_time, from_tier, to_tier)
        SELECT member_id, TIMESTAMP '2025-01-01' + INTERVAL (m) MONTH + INTERVAL (hash(member_id || m || 'u') % 27) DAY + INTERVAL 15 HOUR,
          tier, CASE tier WHEN '普通' THEN '银卡' WHEN '银卡' THEN '金卡' ELSE '钻石' END
        FROM members, range(12) r(m) WHERE tier <> '钻石' AND hash(member_id || m || 'y') % 100 < 1;
      INSERT INTO communities (member_id, group_name, joined_date)
        SELECT member_id, 'G' || hash(member_id) % 20, DATE '2024-06-01' + (hash(member_id || 'j') % 300)::INTEGER FROM members WHERE hash(member_id || 'g') % 10 = 0;
      CREATE OR REPLACE TABLE _facts AS SELECT o.* EXCLUDE (tier), m.tier FROM order_facts o LEFT JOIN members m USING (member_id) ORDER BY o.order_time;
      DROP VIEW orders; DROP TABLE order_facts; ALTER TABLE _facts RENAME TO order_facts;`);
    await driver.exec(ORDERS_VIEW_SQL);
  }
  const counts = await driver.query({
    text: `SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM members) AS members, (SELECT count(*) FROM benefits) AS benefits,
      (SELECT count(*) FROM tier_changes) AS tier_changes, (SELECT count(*) FROM communities) AS communities`,
    params: [],
  });
  console.log(JSON.stringify(ipcToRows(counts)[0]));
  driver.close();
} else if (command === 'time') {
  const [db] = args;
  const metric = METRICS.find((m) => m.id === values.id);
  if (!metric) throw new Error(`no metric ${values.id}`);
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY', memory_limit: values.memory!, threads: values.threads!, temp_directory: '' });
  const conn = await instance.connect();
  const stmt = metric.sql({ from: values.from!, to: values.to! });
  const t = performance.now();
  const reader = await conn.runAndReadAll(`${values.explain ? 'EXPLAIN (ANALYZE, FORMAT json) ' : ''}${stmt.text}`, stmt.params.length ? (stmt.params as never) : undefined);
  const ms = Math.round(performance.now() - t);
  const rows = reader.getRowsJS();
  if (values.explain) hotOperators(JSON.parse(String(rows[0]?.[1])));
  const digest = createHash('sha256')
    .update(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v)))
    .digest('hex')
    .slice(0, 16);
  console.log(JSON.stringify({ id: values.id, from: values.from, to: values.to, memory: values.memory, threads: values.threads, ms, rows: rows.length, digest }));
  conn.closeSync();
  instance.closeSync();
} else if (command === 'catalogue') {
  const [db] = args;
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY', memory_limit: values.memory!, threads: values.threads!, temp_directory: '' });
  const conn = await instance.connect();
  const ids = values.ids ? values.ids.split(',') : METRICS.map((m) => m.id);
  const out: { id: string; ms: number; cpu: number; rows?: number; error?: string }[] = [];
  for (const id of ids) {
    const metric = METRICS.find((m) => m.id === id);
    if (!metric) throw new Error(`no metric ${id}`);
    const stmt = metric.sql({ from: values.from!, to: values.to! });
    const t = performance.now();
    const c = process.cpuUsage();
    const timer = setTimeout(() => conn.interrupt(), Number(values['limit-s']) * 1000);
    const r: (typeof out)[number] = { id, ms: 0, cpu: 0 };
    try {
      const reader = await conn.runAndReadAll(stmt.text, stmt.params.length ? (stmt.params as never) : undefined);
      r.rows = reader.currentRowCount;
    } catch (e) {
      r.error = String((e as Error).message ?? e).slice(0, 120);
    }
    clearTimeout(timer);
    const used = process.cpuUsage(c);
    r.ms = Math.round(performance.now() - t);
    r.cpu = Math.round((used.user + used.system) / 1000);
    out.push(r);
    console.log(JSON.stringify(r));
  }
  console.log('--- slowest first');
  for (const r of [...out].sort((a, b) => b.ms - a.ms)) console.log(`${String(r.ms).padStart(8)} ms ${String(r.cpu).padStart(8)} ms cpu  ${r.id}${r.error ? `  ${r.error}` : ''}`);
  console.log(JSON.stringify({ from: values.from, to: values.to, memory: values.memory, threads: values.threads, load: loadavg()[0], metrics: out }));
  conn.closeSync();
  instance.closeSync();
} else throw new Error('usage: build ORDERS.csv DB [--events] | time DB --id ID --from D --to D | catalogue DB --from D --to D');
