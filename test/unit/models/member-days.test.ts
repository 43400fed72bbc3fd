// Session 12 (issue 14): the engine's summaries read the purchase days from a table of every member's days
// (memberDaysSql, built once per dataset) instead of grouping the orders again for every summary. The
// summary must be the same to the bit (the fits and scores must not change): checked against the summary
// read from the orders, on the demo's orders (many days per member, refunds among them; zero amounts added),
// with and without zero amounts, with a holdout, and for a range of member ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { calibrationSummarySql, memberDaysSql, type CalibrationOptions } from '../../../src/lib/models/calibration.ts';
import { sql } from '../../../src/lib/sql.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { generateDemo } from '../../../workers/demo/generate.ts';

let engine: Engine;
let close: () => void;
let last: string;
beforeAll(async () => {
  const driver = await openNativeDriver(':memory:', { threads: 1 });
  close = () => driver.close();
  engine = await createEngine(driver);
  // The demo's orders with every 7th amount 0: days of zero-amount orders alone, and beside paid ones.
  const tables = generateDemo().tables;
  tables.orders = tables.orders
    .split('\n')
    .map((line, i) =>
      i > 0 && i % 7 === 0 && line
        ? line
            .split(',')
            .map((v, j) => (j === 5 ? '0' : v))
            .join(',')
        : line,
    )
    .join('\n');
  await engine.loadDataset(tables, 'demo with zero amounts');
  last = (await engine.rows(sql`SELECT strftime(max(order_time)::DATE, '%Y-%m-%d') AS l FROM orders`))[0].l as string;
  await engine.query(sql`CREATE TABLE days AS ${memberDaysSql({ below: 'M005' })}`);
  await engine.query(sql`INSERT INTO days ${memberDaysSql({ from: 'M005' })}`);
});
afterAll(() => close());

/** Every column's values, Object.is-equal or not. */
function sameBits(a: Uint8Array, b: Uint8Array): { rows: number; differing: number } {
  const [x, y] = [tableFromIPC(a), tableFromIPC(b)];
  expect(y.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(x.schema.fields.map((f) => `${f.name}:${f.type}`));
  expect(y.numRows).toBe(x.numRows);
  let differing = 0;
  for (const f of x.schema.fields) {
    const [u, v] = [[...x.getChild(f.name)!], [...y.getChild(f.name)!]];
    u.forEach((value, i) => (Object.is(value, v[i]) ? undefined : differing++));
  }
  return { rows: x.numRows, differing };
}

describe('summaries from the member days', () => {
  it('the data has zero amounts (days of zero-amount orders alone among them), refunds and members with many purchase days', async () => {
    const [r] = await engine.rows(
      sql`SELECT count(*) FILTER (WHERE is_refund)::DOUBLE AS refunds,
        (SELECT count(*) FROM days WHERE spend_pos IS NULL)::DOUBLE AS zero_days,
        (SELECT max(n) FROM (SELECT count(*) AS n FROM days GROUP BY member_id))::DOUBLE AS most FROM orders`,
    );
    expect(r.refunds).toBeGreaterThan(0);
    expect(r.zero_days).toBeGreaterThan(0);
    expect(r.most).toBeGreaterThan(20);
  });

  it.each([
    ['default purchases', {}],
    ['zero amounts counted', { includeZeroAmount: true }],
    ['with a holdout', { holdoutEnd: 'LAST' }],
    ['zero amounts and a holdout, days', { includeZeroAmount: true, holdoutEnd: 'LAST', unit: 'day' as const }],
    ['a range of member ids', { members: { from: 'M002', below: 'M007' } }],
  ])('%s: the same rows to the bit as from the orders', async (_name, options: Partial<CalibrationOptions>) => {
    const holdout = options.holdoutEnd === 'LAST';
    const args: CalibrationOptions = { unit: 'week', ...options, calibrationEnd: holdout ? '2025-09-30' : last, holdoutEnd: holdout ? last : undefined };
    const { rows, differing } = sameBits(await engine.query(calibrationSummarySql(args)), await engine.query(calibrationSummarySql({ ...args, daysFrom: 'days' })));
    expect(rows).toBeGreaterThan(500);
    expect(differing).toBe(0);
  });
});
