// Session 17 (issue 14, "numbers agree"): money sums must not depend on the row order. A DOUBLE sum does
// (0.1 + 0.2 + 0.3 ≠ 0.3 + 0.2 + 0.1), and the row order differs between a tab (DuckDB-WASM, one thread) and the
// command line (native, several threads), between loads of the same orders, and between the store-day summary's
// groupings: the same data printed different last bits. Money is now summed in exact units of 1/10,000 yuan
// (src/lib/metrics/money.ts). Checked here: a hand-worked fixture against an exact BigInt computation (with the
// rounding of amounts with more than four decimals), and every money metric on the demo bit for bit (Object.is)
// between native DuckDB on 1 thread, native on 4 threads with the orders in reverse order, and DuckDB-WASM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { addDays, addMonths } from '../../../src/lib/metrics/params.ts';
import { salesBy, aovBy } from '../../../src/lib/metrics/sales.ts';
import { TABLE_NAMES } from '../../../src/lib/schema.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { enginesPerOrders, oneMemberOrdersCsv } from './one-member-orders.ts';
import { createEngine, ipcToRows, type Engine } from '../../../workers/engine.ts';
import { END_DATE, MONTHS } from '../../../workers/demo/calendar.ts';
import { generateDemo } from '../../../workers/demo/generate.ts';
import { openWasm, wasmDriver } from '../drivers/wasm-node.ts';
import { nearestDouble } from '../nearest-double.ts';

/** An amount's decimal text as whole 1/10,000 yuan, rounded half away from zero past the fourth decimal (money.ts's stated rule), by string arithmetic. */
function units(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole, frac = ''] = text.replace('-', '').split('.');
  let u = BigInt(whole) * 10000n + BigInt(frac.slice(0, 4).padEnd(4, '0'));
  if (frac.length > 4 && Number(frac[4]) >= 5) u += 1n;
  return negative ? -u : u;
}

const reversed = (csv: string): string => {
  const lines = csv.trimEnd().split('\n');
  return [lines[0], ...lines.slice(1).reverse()].join('\n') + '\n';
};

describe('hand-worked: sales and AOV are the exact sums', () => {
  // One store, one day, one member; amounts as text. 0.1 + 0.2 + 0.3 and 1e8 + 0.01 beside small amounts lose
  // bits as DOUBLE; 1.23456 / 1.23454 / 0.00005 / -2.00007 carry a fifth decimal (rounded to four: 1.2346, 1.2345,
  // 0.0001, -2.0001); -0.07 and -2.00007 are refunds (negative: in sales, not in the order count).
  const AMOUNTS = ['0.1', '0.2', '0.3', '100000000.01', '0.7', '12.3456', '1.23456', '1.23454', '0.00005', '-0.07', '-2.00007', '0.1', '9999.9999'];
  const P: MetricParams = { from: '2024-03-01', to: '2024-04-01' };
  let engines: Engine[] = [];
  let close = () => {};
  beforeAll(async () => {
    const time = () => '2024-03-05 10:00:00';
    ({ engines, close } = await enginesPerOrders([oneMemberOrdersCsv(AMOUNTS, time), oneMemberOrdersCsv([...AMOUNTS].reverse(), time)]));
  });
  afterAll(() => close());

  const exact = AMOUNTS.reduce((s, a) => s + units(a), 0n);
  const purchases = BigInt(AMOUNTS.filter((a) => !a.startsWith('-') && Number(a) > 0).length);

  it('the fixture bites: its DOUBLE sum in file order is not the exact sum', () => {
    expect(exact).toBe(1000100141546n); // 100,010,014.1546 yuan, worked by hand
    const double = AMOUNTS.reduce((s, a) => s + Number(a), 0);
    expect(double).not.toBe(nearestDouble(exact, 10000n));
  });

  it('an amount with a fifth decimal counts rounded to four, half away from zero', () => {
    expect(['1.23456', '1.23454', '0.00005', '-0.00005', '-2.00007'].map(units)).toEqual([12346n, 12345n, 1n, -1n, -20001n]);
  });

  it.each([0, 1])('row order %i: sales, AOV, the trend and the by-store rows are the doubles nearest the exact values', async (i) => {
    const e = engines[i];
    const scalar = async (id: string) => ipcToRows(await e.runMetric(id, P))[0].value;
    const sales = nearestDouble(exact, 10000n);
    expect(await scalar('sales')).toBe(sales);
    expect(await scalar('orders')).toBe(Number(purchases));
    expect(await scalar('aov')).toBe(nearestDouble(exact, 10000n * purchases));
    expect(ipcToRows(await e.runMetric('monthly_trend', P))).toEqual([{ month: '2024-03', sales, orders: Number(purchases), buyers: 1 }]);
    expect((await e.rows(salesBy(P, true))).map((r) => r.value)).toEqual([sales]);
    expect((await e.rows(aovBy(P, true))).map((r) => r.value)).toEqual([nearestDouble(exact, 10000n * purchases)]);
    // Refunds left out: the member sales share is exactly 1, the average unit price the purchases' exact mean.
    const bought = AMOUNTS.filter((a) => !a.startsWith('-') && Number(a) > 0).reduce((s, a) => s + units(a), 0n);
    expect(await scalar('member_sales_share')).toBe(1);
    expect(await scalar('average_unit_price')).toBe(nearestDouble(bought, 10000n * purchases));
  });
});

/**
 * Every metric with a money sum (and those built on one: the store compass's AOV and member share, the matched
 * members' spend band). member_day_sales needs a member day; rfm's monetary was exact before this change.
 */
const MONEY_METRICS = [
  'sales',
  'aov',
  'monthly_trend',
  'average_unit_price',
  'member_sales_share',
  'cohort_retention',
  'tier_mix',
  'birthday_sales',
  'birthday_gift_sales',
  'member_day_sales',
  'store_compass',
  'members_at_risk',
  'benefit_funnel',
  'campaign_member_outcomes',
  'campaign_response',
  'channel_effectiveness',
  'did_member_outcomes',
  'community_member_outcomes',
  'rfm_groups',
];

describe('every money metric: the same bits whatever the row order, the threads and the engine (demo)', { timeout: 600_000 }, () => {
  const to = addDays(END_DATE, 1);
  // Each view with the metrics it leaves out: the whole span has no community member at its start (no rows), and
  // the matched members' outcomes (the slowest statement, ~5 s native) are compared once.
  const PARAMS: [MetricParams, string[]][] = [
    [{ from: addMonths(to, -MONTHS), to, memberDay: 'w5' }, ['community_member_outcomes']],
    [{ from: addMonths(to, -3), to, countZeroAmount: true, memberDay: 'd8' }, ['did_member_outcomes']],
  ];
  let one: Engine;
  let four: Engine;
  let wasm: Engine;
  const closers: (() => void)[] = [];

  beforeAll(async () => {
    const demo = generateDemo();
    const load = async (engine: Engine, reverse: boolean) => {
      for (const t of TABLE_NAMES) await engine.loadCsvTable(t, t === 'orders' && reverse ? reversed(demo.tables[t]) : demo.tables[t]);
      return engine;
    };
    const [d1, d4] = [await openNativeDriver(':memory:', { threads: 1 }), await openNativeDriver(':memory:', { threads: 4 })];
    closers.push(d1.close, d4.close);
    one = await load(await createEngine(d1), false);
    four = await load(await createEngine(d4), true);
    const w = await openWasm();
    closers.push(w.close);
    wasm = await load(await createEngine(wasmDriver(w)), true);
  }, 600_000);
  afterAll(() => closers.forEach((c) => c()));

  /** Cells of `a` and `b` at the same place that are not Object.is-equal, as `row.column` (rows must match in number). */
  function differing(a: Record<string, unknown>[], b: Record<string, unknown>[]): string[] {
    expect(b.length).toBe(a.length);
    return a.flatMap((r, i) => Object.keys(r).flatMap((k) => (Object.is(r[k], b[i][k]) ? [] : [`${i}.${k}: ${String(r[k])} vs ${String(b[i][k])}`])));
  }

  it.each(PARAMS.map(([p, skip]) => [JSON.stringify(p), p, skip] as const))('%s', async (_name, p, skip) => {
    let cells = 0;
    for (const id of MONEY_METRICS.filter((m) => !skip.includes(m))) {
      const base = ipcToRows(await one.runMetric(id, p));
      expect(base.length, id).toBeGreaterThan(0);
      cells += base.length;
      expect(differing(base, ipcToRows(await four.runMetric(id, p))), `${id}: native 1 thread vs 4 threads, orders reversed`).toEqual([]);
      expect(differing(base, ipcToRows(await wasm.runMetric(id, p))), `${id}: native vs DuckDB-WASM, orders reversed`).toEqual([]);
    }
    expect(cells).toBeGreaterThan(1000);
  });

  it('a store tile from the by-store rows is the store-filtered metric to the bit', async () => {
    const p = PARAMS[0][0];
    for (const e of [one, four, wasm])
      for (const [id, by] of [
        ['sales', salesBy],
        ['aov', aovBy],
      ] as const)
        for (const row of await e.rows(by(p, true))) {
          const tile = ipcToRows(await e.runMetric(id, { ...p, stores: [String(row.k)] }))[0].value;
          expect(Object.is(tile, row.value), `${id} ${String(row.k)}`).toBe(true);
        }
  });
});
