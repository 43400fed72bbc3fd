// Session 15 (issue 14, `store-compass fit` ≤ 2× native): the fit loads its orders without the order facts (no sort,
// no tiers, no store-day summary: the fit reads only `orders`) and reads the calibration summary's model columns
// straight from DuckDB's chunks (no member ids, no Arrow round trip). Checked here: the summary the fit reads equals
// an independent JS computation on a hand fixture (same-day ties, refunds, a $0 order, a walk-in, day and week
// units, a holdout); the fit's load builds no table it does not need and answers no metric until a load with facts;
// the command asks for that load for `fit` and for the facts for `report`; the report is the same as with the facts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrationSummarySql, type CalibrationOptions } from '../../../src/lib/models/calibration.ts';
import { raw } from '../../../src/lib/sql.ts';
import { modelColumnsSql, runFit, summaryReader } from '../../../scripts/cli/fit.ts';
import { loadFiles } from '../../../scripts/cli/load-files.ts';
import { loadOptionsFor, main } from '../../../scripts/cli/main.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';

// [order_id, order_time, member_id, amount, is_refund] — amounts in halves, so any order of summing is exact.
const ORDERS: [string, string, string, number, boolean][] = [
  ['o01', '2024-01-01 09:00:00', 'm1', 100, false],
  ['o02', '2024-01-01 18:30:00', 'm1', 50.5, false], // same day as o01: one purchase day worth 150.5
  ['o03', '2024-01-08 12:00:00', 'm1', 30, false],
  ['o04', '2024-01-15 12:00:00', 'm1', -30, true], // refund: not a purchase
  ['o05', '2024-01-20 12:00:00', 'm1', 0, false], // $0: a purchase only when zero amounts count
  ['o06', '2024-02-05 12:00:00', 'm1', 40, false], // holdout
  ['o07', '2024-01-31 23:59:59', 'm2', 20, false], // first purchase on the last calibration day: T = 0
  ['o08', '2024-02-01 00:00:00', 'm3', 60, false], // first purchase after calibration: not in the summary
  ['o09', '2024-01-03 10:00:00', '', 99, false], // walk-in
  ['o10', '2024-01-05 10:00:00', 'm4', -10, true], // only a refund
  ['o11', '2024-01-10 10:00:00', 'm5', 10, false],
  ['o12', '2024-01-12 10:00:00', 'm5', 5, true], // flagged refund with a positive amount
  ['o13', '2024-01-24 10:00:00', 'm5', 25, false],
  ['o14', '2024-01-24 20:00:00', 'm5', 2.5, false], // tie with o13's day
  ['o15', '2024-01-28 08:00:00', 'm5', 7.5, false],
  ['o16', '2024-02-10 10:00:00', 'm5', 4, false], // holdout
  ['o17', '2024-02-10 11:00:00', 'm5', 4, false], // same holdout day: one holdout day
  ['o18', '2024-03-01 10:00:00', 'm5', 25, false], // after the holdout
  ['o19', '2024-01-02 10:00:00', 'm6', 0, false], // only $0 orders: a member only when zero amounts count
  ['o20', '2024-01-09 10:00:00', 'm6', 0, false],
];

const HEADER = 'order_id,order_time,member_id,store,channel,amount,item_count,discount,points_used,is_refund';
const csv = (orders: typeof ORDERS) => `${HEADER}\n${orders.map(([id, t, m, a, refund]) => `${id},${t},${m},S1,offline,${a},1,,,${refund}`).join('\n')}\n`;

/**
 * The calibration summary computed in JS from the definition (src/lib/models/calibration.ts): purchase days per
 * member (amount > 0, or ≥ 0 counting zero amounts; no refunds; members only), x = days − 1 up to the calibration
 * end, t_x and T in days / unit, monetary = mean spend of the days after the first, x_holdout = days in the holdout.
 */
function summaryInJs({ calibrationEnd, unit, holdoutEnd, includeZeroAmount = false }: CalibrationOptions) {
  const dayOf = (t: string) => Date.parse(`${t.slice(0, 10)}T00:00:00Z`) / 86_400_000;
  const end = dayOf(calibrationEnd);
  const holdEnd = holdoutEnd ? dayOf(holdoutEnd) : -Infinity;
  const perUnit = unit === 'week' ? 7 : 1;
  const days = new Map<string, Map<number, number>>();
  for (const [, t, m, amount, refund] of ORDERS) {
    if (!m || refund || !(includeZeroAmount ? amount >= 0 : amount > 0)) continue;
    const member = days.get(m) ?? days.set(m, new Map()).get(m)!;
    member.set(dayOf(t), (member.get(dayOf(t)) ?? 0) + amount);
  }
  return [...days.keys()].sort().flatMap((m) => {
    const all = [...days.get(m)!].sort((a, b) => a[0] - b[0]);
    const cal = all.filter(([d]) => d <= end);
    if (cal.length === 0) return [];
    const x = cal.length - 1;
    const repeat = cal.slice(1).reduce((s, [, spend]) => s + spend, 0);
    const row: Record<string, number> = { x, t_x: (cal[x][0] - cal[0][0]) / perUnit, T: (end - cal[0][0]) / perUnit, monetary: x > 0 ? repeat / x : 0 };
    if (holdoutEnd) row.x_holdout = all.filter(([d]) => d > end && d <= holdEnd).length;
    return [row];
  });
}

const CASES: [string, CalibrationOptions][] = [
  ['days with a holdout', { calibrationEnd: '2024-01-31', unit: 'day', holdoutEnd: '2024-02-29' }],
  ['weeks, no holdout', { calibrationEnd: '2024-01-31', unit: 'week' }],
  ['weeks, zero amounts counted, holdout', { calibrationEnd: '2024-01-31', unit: 'week', holdoutEnd: '2024-02-29', includeZeroAmount: true }],
];

let driver: NativeDriver;
let engine: Engine;
const tables = async () => (await engine.rows(raw('SELECT table_name FROM duckdb_tables() ORDER BY 1'))).map((r) => r.table_name);
const columns = async (table: string) =>
  (await engine.rows(raw(`SELECT column_name FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`))).map((r) => r.column_name);

beforeAll(async () => {
  driver = await openNativeDriver(':memory:', { threads: 1 });
  engine = await createEngine(driver);
});
afterAll(() => driver.close());

describe("the fit's load: orders without the order facts", () => {
  it('builds no facts, tiers or store days, answers no metric, and a load with facts restores them', async () => {
    const { allTables } = await import('../../../workers/dataset/tables.ts');
    await engine.loadTables({ ...allTables({}), orders: csv(ORDERS) }, 'fit', { facts: false });
    expect(await tables()).not.toContain('store_days');
    // The loaded orders as they are: the canonical order columns only (the facts add order_date and tier).
    expect(await columns('order_facts')).toEqual(HEADER.split(','));
    expect((await engine.rows(raw('SELECT count(*)::DOUBLE AS n FROM orders')))[0].n).toBe(ORDERS.length);
    await expect(engine.runMetric('repurchase_rate', { from: '2024-01-01', to: '2024-01-31' })).rejects.toMatchObject({ code: 'not_ready' });

    await engine.loadTables({ ...allTables({}), orders: csv(ORDERS) }, 'report');
    expect(await tables()).toContain('store_days');
    expect(await columns('order_facts')).toEqual([...HEADER.split(','), 'order_date', 'tier']);
    await expect(engine.runMetric('repurchase_rate', { from: '2024-01-01', to: '2024-01-31' })).resolves.toBeInstanceOf(Uint8Array);
  });

  it.each(CASES)('the model columns read from the chunks equal the summary computed in JS (%s)', async (_, options) => {
    const { allTables } = await import('../../../workers/dataset/tables.ts');
    await engine.loadTables({ ...allTables({}), orders: csv([...ORDERS].reverse()) }, 'fit', { facts: false }); // file order ≠ time order
    const rows = await summaryReader(driver)(modelColumnsSql(options));
    expect(rows).toEqual(summaryInJs(options));
    // The same rows, values and order as the whole summary read through Arrow, less the member id.
    const whole = await engine.rows(calibrationSummarySql(options));
    expect(rows).toStrictEqual(whole.map(({ member_id: _, ...rest }) => rest));
  });

  it('hand-checked: m1 and m5 in days with the holdout', async () => {
    const [m1, m2, m5] = summaryInJs(CASES[0][1]);
    // m1: days 01-01 (150.5), 01-08 (30): x 1, t_x 7, T 30, monetary 30; 02-05 in the holdout.
    expect(m1).toEqual({ x: 1, t_x: 7, T: 30, monetary: 30, x_holdout: 1 });
    expect(m2).toEqual({ x: 0, t_x: 0, T: 0, monetary: 0, x_holdout: 0 });
    // m5: 01-10, 01-24 (25 + 2.5), 01-28 (7.5): x 2, t_x 18, T 21, monetary (27.5 + 7.5) / 2; 02-10 one holdout day.
    expect(m5).toEqual({ x: 2, t_x: 18, T: 21, monetary: 17.5, x_holdout: 1 });
  });
});

describe('store-compass fit loads without facts', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fit-load-'));
    file = join(dir, 'orders.csv');
    // Enough members for every model to fit (each: a first day and, for two in three, repeat days).
    const orders: string[] = [];
    for (let m = 0; m < 60; m++)
      for (let k = 0; k <= m % 3; k++) orders.push(`o${m}-${k},2024-01-${String(1 + ((m + 9 * k) % 28)).padStart(2, '0')} 10:00:00,m${m},S1,offline,${10 + k},1,,,false`);
    writeFileSync(file, `${HEADER}\n${orders.join('\n')}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the command asks the load for no facts for fit, for facts for report; its report equals the fit on a load with facts', async () => {
    const args: CalibrationOptions = { calibrationEnd: '2024-01-20', unit: 'week', holdoutEnd: '2024-01-28', includeZeroAmount: false };
    const out = (await main(['fit', file, '--calibration-end', args.calibrationEnd, '--unit', 'week', '--holdout-end', args.holdoutEnd!])) as Record<string, unknown>;
    const { imports, command, ...fit } = out;
    expect(command).toBe('fit');
    expect(imports).toMatchObject([{ rowsLoaded: 120, rowsRejected: 0 }]);
    // The same fit through the engine's full load (facts built) and its default summary read (Arrow, member ids).
    const full = await openNativeDriver(':memory:', { readable: [`${dir}/`] });
    try {
      const e = await createEngine(full);
      await loadFiles(e, [file]);
      expect(await runFit(e, args)).toStrictEqual(fit);
    } finally {
      full.close();
    }
    // No vi.mock of load-files here: unit files share one module graph (isolate: false), so a mock is lost when another file loaded main.ts first.
    expect(loadOptionsFor('fit')).toEqual({ facts: false });
    expect(loadOptionsFor('report')).toEqual({ facts: true });
  });
});
