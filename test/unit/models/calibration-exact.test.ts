// Session 15 (issue 14): the calibration summary's monetary value must not depend on the order in which the
// engine adds the amounts. A DOUBLE sum does (0.1 + 0.2 + 0.3 ≠ 0.3 + 0.2 + 0.1), and native DuckDB's parallel
// aggregation adds a member's amounts in an order that varies with the threads and from run to run: the Gamma-Gamma
// fit scattered by ~1e-7 between runs of `store-compass fit`. The summary sums whole 1/10,000 yuan (BIGINT) instead; checked here on
// orders whose DOUBLE sums do bite (first test), against 1 vs 4 threads, DuckDB-WASM, and an exact BigInt computation.
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFit, summaryReader } from '../../../scripts/cli/fit.ts';
import { calibrationSummarySql, memberDaysSql, type CalibrationOptions } from '../../../src/lib/models/calibration.ts';
import { raw, type SqlStatement } from '../../../src/lib/sql.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine } from '../../../workers/engine.ts';
import { openWasm, type Wasm } from '../drivers/wasm-node.ts';
import { loadCdnowSample } from './cdnow.ts';
import { nearestDouble } from '../nearest-double.ts';

// The orders: ROWS rows, row i of member i % MEMBERS on one of (2 + member % 5) days three days apart, so each
// member-day's orders are spread over every row group (122,880 rows) and the threads' partial sums meet in
// varying order. Amounts (to 1/10,000 yuan) mix sizes: 1e8 + 0.01 beside 0.1 loses the 0.1's last bits.
// Every 13th row is a refund (negative amount), and amount 0 is among them (a purchase only with includeZeroAmount).
const ROWS = 300_000;
const MEMBERS = 40;
const AMOUNTS = ['0.1', '0.2', '0.3', '100000000.01', '0.07', '12.34', '0.0001', '9999.9999', '0.7', '0', '1234567.8912'];
const CALIBRATION_END = '2024-01-10';
const ORDERS_SQL = `CREATE TABLE orders AS SELECT 'm' || lpad((i % ${MEMBERS})::VARCHAR, 3, '0') AS member_id,
    TIMESTAMP '2024-01-01 10:00:00' + INTERVAL (((i // ${MEMBERS}) % (2 + (i % ${MEMBERS}) % 5)) * 3) DAY AS order_time,
    (CASE WHEN i % 13 = 0 THEN -1 ELSE 1 END * ([${AMOUNTS.join(', ')}])[1 + (i * 7 + i // ${MEMBERS}) % ${AMOUNTS.length}])::DOUBLE AS amount,
    i % 13 = 0 AS is_refund
  FROM range(${ROWS}) t(i)`;

/** Amount as an integer of 1/10,000 yuan. */
const units = (s: string): bigint => {
  const [whole, frac = ''] = s.split('.');
  return BigInt(whole) * 10000n + BigInt(frac.padEnd(4, '0'));
};

/** Per member (in id order), computed from the rows' definition above: x and the exact mean spend of the repeat days, as the nearest double. */
function exactSummary(includeZeroAmount: boolean): { member_id: string; x: number; monetary: number }[] {
  const days = new Map<string, Map<number, bigint>>();
  for (let i = 0; i < ROWS; i++) {
    const member = i % MEMBERS;
    const day = (Math.floor(i / MEMBERS) % (2 + (member % 5))) * 3;
    const amount = units(AMOUNTS[(i * 7 + Math.floor(i / MEMBERS)) % AMOUNTS.length]);
    if (day > 9) continue; // after CALIBRATION_END, day 9 of January
    if (i % 13 === 0 || (includeZeroAmount ? amount < 0n : amount <= 0n)) continue; // refunds; zero amounts unless counted
    const id = `m${String(member).padStart(3, '0')}`;
    const byDay = days.get(id) ?? new Map<number, bigint>();
    days.set(id, byDay.set(day, (byDay.get(day) ?? 0n) + amount));
  }
  return [...days.keys()].sort().map((id) => {
    const spend = [...days.get(id)!.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
    const x = spend.length - 1;
    const repeat = spend.slice(1).reduce((a, b) => a + b, 0n);
    return { member_id: id, x, monetary: x === 0 ? 0 : nearestDouble(repeat, BigInt(x) * 10000n) };
  });
}

/** The old summary's monetary value: DOUBLE sums per day and member (as calibrationSummarySql was before session 15). */
const doubleMonetarySql: SqlStatement = raw(`WITH days AS (SELECT member_id, order_time::DATE AS d, sum(amount) AS spend FROM orders
    WHERE amount > 0 AND NOT is_refund GROUP BY ALL),
  cal AS (SELECT member_id, count(*) AS n, sum(spend) AS total, arg_min(spend, d) AS first_spend FROM days GROUP BY member_id)
  SELECT member_id, (total - first_spend) / (n - 1) AS monetary FROM cal ORDER BY member_id`);

/** The columns of an Arrow IPC result, value by value. */
function columns(ipc: Uint8Array): Record<string, unknown[]> {
  const t = tableFromIPC(ipc);
  return Object.fromEntries(t.schema.fields.map((f) => [`${f.name}:${f.type}`, [...t.getChild(f.name)!]]));
}

/** Values of `a` and `b` at the same place that are not Object.is-equal (the same bits, for doubles). */
function differing(a: Record<string, unknown[]>, b: Record<string, unknown[]>): number {
  expect(Object.keys(b)).toEqual(Object.keys(a));
  let n = 0;
  for (const [k, u] of Object.entries(a)) {
    expect(b[k]).toHaveLength(u.length);
    u.forEach((v, i) => (Object.is(v, b[k][i]) ? undefined : n++));
  }
  return n;
}

const OPTIONS: CalibrationOptions[] = [
  { calibrationEnd: CALIBRATION_END, unit: 'week' },
  { calibrationEnd: CALIBRATION_END, unit: 'day', includeZeroAmount: true, holdoutEnd: '2024-01-20' },
];

let one: NativeDriver;
let four: NativeDriver;
let wasm: Wasm;
beforeAll(async () => {
  [one, four] = [await openNativeDriver(':memory:', { threads: 1 }), await openNativeDriver(':memory:', { threads: 4 })];
  for (const d of [one, four]) await d.exec(ORDERS_SQL);
  wasm = await openWasm();
  wasm.bindings.runQuery(wasm.id, ORDERS_SQL);
}, 120_000);
afterAll(() => {
  one?.close();
  four?.close();
  wasm?.close();
});

describe('the calibration summary sums spend exactly', () => {
  it('the fixture bites: DOUBLE sums differ between 1 and 4 threads', async () => {
    const single = columns(await one.query(doubleMonetarySql));
    let worst = 0;
    for (let run = 0; run < 3; run++) worst = Math.max(worst, differing(single, columns(await four.query(doubleMonetarySql))));
    expect(worst).toBeGreaterThan(0);
  });

  it.each(OPTIONS.map((o) => [JSON.stringify(o), o] as const))('%s: the same bits on 1 and 4 threads, from the orders and from member days', async (_name, options) => {
    const single = columns(await one.query(calibrationSummarySql(options)));
    expect(single['member_id:Utf8']).toHaveLength(MEMBERS);
    for (let run = 0; run < 3; run++) expect(differing(single, columns(await four.query(calibrationSummarySql(options))))).toBe(0);
    // The engine's path: the member-days table (built on 4 threads in two parts) read by the summary.
    await four.exec('DROP TABLE IF EXISTS ggexact_days');
    const part1 = memberDaysSql({ below: 'm020' });
    const part2 = memberDaysSql({ from: 'm020' });
    await four.query({ text: `CREATE TABLE ggexact_days AS ${part1.text}`, params: part1.params });
    await four.query({ text: `INSERT INTO ggexact_days ${part2.text}`, params: part2.params });
    expect(differing(single, columns(await four.query(calibrationSummarySql({ ...options, daysFrom: 'ggexact_days' }))))).toBe(0);
  });

  it.each([false, true])('includeZeroAmount %s: monetary is the double nearest the exact mean spend (BigInt)', async (includeZeroAmount) => {
    const rows = tableFromIPC(await four.query(calibrationSummarySql({ calibrationEnd: CALIBRATION_END, unit: 'day', includeZeroAmount }))).toArray();
    const exact = exactSummary(includeZeroAmount);
    expect(rows.map((r) => ({ member_id: r.member_id, x: r.x, monetary: r.monetary }))).toEqual(exact);
    // The sums' size: a repeat spend of over 1e8 yuan among them, and means whose DOUBLE sum would have lost bits.
    expect(Math.max(...exact.map((r) => r.monetary))).toBeGreaterThan(1e8);
  });

  it.each(OPTIONS.map((o) => [JSON.stringify(o), o] as const))(
    '%s: DuckDB-WASM gives the same summary as native DuckDB, from the orders and from member days',
    async (_name, options) => {
      const stmt = calibrationSummarySql(options);
      const native = columns(await four.query(stmt));
      expect(differing(native, columns(wasm.prepared(stmt)))).toBe(0);
      // The tab's path (workers/prediction/service.ts): the member-days table, then the summary read from it.
      wasm.bindings.runQuery(wasm.id, 'DROP TABLE IF EXISTS ggexact_days');
      const days = memberDaysSql();
      wasm.prepared({ text: `CREATE TABLE ggexact_days AS ${days.text}`, params: days.params });
      expect(differing(native, columns(wasm.prepared(calibrationSummarySql({ ...options, daysFrom: 'ggexact_days' }))))).toBe(0);
    },
  );
});

describe('store-compass fit on CDNOW', () => {
  // runFit is the command's body (scripts/cli/fit.ts), on engines of 4 threads and of 1. Not main() itself: with the unit
  // project's shared module graph (isolate: false) importing main.ts here would defeat cli-fit-load.test.ts's mock.
  it('gives the same Gamma-Gamma fit on every run, on 4 threads and on 1', async () => {
    const { ordersCsv } = loadCdnowSample();
    const fit = async (threads: number) => {
      const driver = await openNativeDriver(':memory:', { threads });
      try {
        const engine = await createEngine(driver);
        await engine.loadCsvTable('orders', ordersCsv);
        const out = (await runFit(engine, { calibrationEnd: '1997-09-30', unit: 'week', includeZeroAmount: true }, { readSummary: summaryReader(driver) })) as {
          gammaGamma: { p: number; q: number; gamma: number; converged: boolean };
        };
        expect(out.gammaGamma.converged).toBe(true);
        return JSON.stringify(out.gammaGamma);
      } finally {
        driver.close();
      }
    };
    const first = await fit(4);
    for (const threads of [4, 4, 1]) expect(await fit(threads)).toBe(first);
  }, 120_000);
});
