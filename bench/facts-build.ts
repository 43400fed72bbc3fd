/**
 * The order facts build alone on the command line's native DuckDB (session 14, helper facts): the
 * orders of a synthetic export read into a table in file order (as the import's scratch table is),
 * then buildOrderFacts and its parts timed one by one — process CPU (all threads), wall and peak RSS
 * (VmHWM, reset before each step). Opens DuckDB as scripts/cli/open-engine.ts does for that input
 * (out-of-core past a quarter of the memory limit: a database file in the spill folder, one thread).
 *
 *   npx tsx bench/facts-build.ts bench/.data/orders-2m.csv [steps…]
 *
 * FACTS_OOC=1/0 forces the out-of-core layout on/off.
 *
 * steps: ranges (the range-by-range build, FACTS_CHUNK_ROWS, as the engine builds them), ranges:N (ranges of N rows), copy (the orders copied unjoined, unsorted), whole (one sorted CREATE), auto (the
 * default chunkRows), join (the facts unsorted), sort (the unsorted facts sorted),
 * range1 (one range INSERT as the range build runs it), days (the store-day summary). Default: all.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ipcToRows } from '../src/lib/engine/rows.ts';
import { orderFactsSelect } from '../src/lib/metrics/scope.ts';
import { createTableSql } from '../src/lib/schema.ts';
import { openNativeDriver } from '../workers/drivers/native.ts';
import { buildOrderFacts, buildStoreDays, FACTS_CHUNK_ROWS } from '../workers/order-facts.ts';
import { DEFAULT_MEMORY_LIMIT, outOfCore } from '../scripts/cli/open-engine.ts';

const [file, ...asked] = process.argv.slice(2);
const steps = asked.length ? asked : ['ranges', 'whole', 'auto', 'join', 'sort', 'range1', 'days'];
const spills = process.env.FACTS_OOC ? process.env.FACTS_OOC === '1' : outOfCore(statSync(file).size, DEFAULT_MEMORY_LIMIT);
const base = '/tmp/facts-spill';
mkdirSync(base, { recursive: true });
const dir = mkdtempSync(join(base, 'bench-'));
const driver = await openNativeDriver(spills ? join(dir, 'work.duckdb') : ':memory:', {
  readable: [`${join(file, '..')}/`],
  tempDirectory: dir,
  memoryLimit: DEFAULT_MEMORY_LIMIT,
  threads: spills ? 1 : undefined,
});

const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
async function timed(name: string, run: () => Promise<void>) {
  try {
    writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM to the current RSS
  } catch {
    /* not Linux or not permitted: the peak is the process's */
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ step: name, cpuS: +((cpu.user + cpu.system) / 1e6).toFixed(2), wallS: +wall.toFixed(2), peakMb: Math.round(hwm()) }));
}

console.log(JSON.stringify({ file, spills, threads: spills ? 1 : 'default', chunkRows: FACTS_CHUNK_ROWS }));
await timed('read', () =>
  driver.exec(
    `${createTableSql('orders', '_b_orders')}; INSERT INTO _b_orders (order_id, order_time, member_id, store, channel, amount, item_count, is_refund)
     SELECT 订单号, 下单时间::TIMESTAMP, nullif(会员卡号, ''), 门店, CASE 渠道 WHEN '线上' THEN 'online' ELSE 'offline' END,
            TRY_CAST(实付金额 AS DOUBLE), 件数, false
     FROM read_csv('${file}', all_varchar = true) WHERE TRY_CAST(实付金额 AS DOUBLE) IS NOT NULL;
     ${createTableSql('members', '_b_members')}; CHECKPOINT`,
  ),
);
const source = { orders: '_b_orders', members: '_b_members' };
const select = orderFactsSelect('_b_orders', '_b_members');
for (const step of steps) {
  if (step === 'ranges') await timed(step, () => buildOrderFacts(driver, source, '_f_ranges', FACTS_CHUNK_ROWS));
  else if (step.startsWith('ranges:')) await timed(step, () => buildOrderFacts(driver, source, `_f_ranges_${step.slice(7)}`, Number(step.slice(7))));
  else if (step === 'copy')
    await timed(step, () => driver.exec('CREATE OR REPLACE TABLE _f_copy AS SELECT *, order_time::DATE AS order_date, NULL::VARCHAR AS tier FROM _b_orders'));
  else if (step === 'whole') await timed(step, () => buildOrderFacts(driver, source, '_f_whole', Infinity));
  else if (step === 'auto') await timed(step, () => buildOrderFacts(driver, source, '_f_auto'));
  else if (step === 'join') await timed(step, () => driver.exec(`CREATE OR REPLACE TABLE _f_join AS ${select}`));
  else if (step === 'sort') await timed(step, () => driver.exec(`CREATE OR REPLACE TABLE _f_sort AS SELECT * FROM _f_join o ORDER BY o.order_time`));
  else if (step === 'range1')
    await timed(step, () =>
      driver.exec(
        `CREATE OR REPLACE TABLE _f_range1 AS ${select} WHERE o.order_time >= (SELECT approx_quantile(order_time, 0.4) FROM _b_orders) AND o.order_time < (SELECT approx_quantile(order_time, 0.5) FROM _b_orders) ORDER BY o.order_time`,
      ),
    );
  else if (step === 'days') await timed(step, () => buildStoreDays(driver, '_f_join'));
  await driver.exec('CHECKPOINT');
}
// Every build equal to the range build, row by row in order (when both ran).
const built = steps.filter((s) => /^(ranges|whole|auto)/.test(s)).map((s) => `_f_${s.replace(':', '_')}`);
for (const t of built.slice(1)) {
  const [{ n }] = ipcToRows(
    await driver.query({
      text: `SELECT count(*)::DOUBLE AS n FROM (SELECT rowid AS r, order_time FROM ${built[0]}) a FULL JOIN (SELECT rowid AS r, order_time FROM ${t}) b ON a.r = b.r WHERE a.r IS NULL OR b.r IS NULL OR a.order_time IS DISTINCT FROM b.order_time`,
      params: [],
    }),
  );
  const [{ m }] = ipcToRows(await driver.query({ text: `SELECT count(*)::DOUBLE AS m FROM (SELECT * FROM ${built[0]} EXCEPT ALL SELECT * FROM ${t})`, params: [] }));
  // Ties (orders of one second) placed differently: DuckDB's sort is not stable, so a range size of its own places them its own way.
  const [{ k }] = ipcToRows(
    await driver.query({
      text: `SELECT count(*)::DOUBLE AS k FROM (SELECT rowid AS r, order_id FROM ${built[0]}) a JOIN (SELECT rowid AS r, order_id FROM ${t}) b USING (r) WHERE a.order_id IS DISTINCT FROM b.order_id`,
      params: [],
    }),
  );
  console.log(JSON.stringify({ compare: `${built[0]} vs ${t}`, timesDiffering: n, rowsMissing: m, tiesPlacedOtherwise: k }));
}
driver.close();
rmSync(dir, { recursive: true, force: true });
