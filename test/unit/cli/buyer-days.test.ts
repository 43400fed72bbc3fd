// The command line's shared buyer days (session 17): the period's member × purchase-day rows (history.ts buyerDays),
// held by purchase_frequency, median_purchase_gap_days and purchase_gap_histogram, are built once into a table — by day
// ranges when the period holds more orders than a range may (open-engine.ts BUYER_DAY_BYTES) — and those three read it
// (shared-sql.ts). Neither the table nor any of the three answers may differ from the catalogue's own SQL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCliEngine } from '../../../scripts/cli/open-engine.ts';
import { loadFiles } from '../../../scripts/cli/load-files.ts';
import { dayRanges, sharedSnapshots, uses } from '../../../scripts/cli/shared-sql.ts';
import { syntheticOrdersText } from '../../../bench/synthetic-orders.ts';
import { METRICS } from '../../../src/lib/metrics/index.ts';
import { buyerDays } from '../../../src/lib/metrics/history.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { sql } from '../../../src/lib/sql.ts';

const HOLDERS = ['median_purchase_gap_days', 'purchase_frequency', 'purchase_gap_histogram'];

describe('dayRanges', () => {
  const days = [
    { day: '2024-03-01', rows: 3 },
    { day: '2024-03-02', rows: 4 },
    { day: '2024-03-05', rows: 2 },
    { day: '2024-03-06', rows: 9 },
    { day: '2024-03-07', rows: 1 },
  ];
  it('cuts at day boundaries, each range holding at most maxRows (a larger day alone), covering [from, to) without gaps', () => {
    expect(dayRanges(days, '2024-02-28', '2024-03-10', 7)).toEqual([
      ['2024-02-28', '2024-03-05'], // 3 + 4
      ['2024-03-05', '2024-03-06'], // 2 (+ 9 would be 11)
      ['2024-03-06', '2024-03-07'], // 9 alone
      ['2024-03-07', '2024-03-10'], // 1
    ]);
    expect(dayRanges(days, '2024-02-28', '2024-03-10', 1)).toEqual([
      ['2024-02-28', '2024-03-02'],
      ['2024-03-02', '2024-03-05'],
      ['2024-03-05', '2024-03-06'],
      ['2024-03-06', '2024-03-07'],
      ['2024-03-07', '2024-03-10'],
    ]);
  });
  it('one range when everything fits, or when there are no rows', () => {
    expect(dayRanges(days, '2024-03-01', '2024-03-08', 19)).toEqual([['2024-03-01', '2024-03-08']]);
    expect(dayRanges([], '2024-03-01', '2024-03-08', 1)).toEqual([['2024-03-01', '2024-03-08']]);
  });
});

describe('shared buyer days', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-buyer-days-'));
  // A year of orders (2025), ~55 a day over 8 stores and both channels, members buying again within days.
  const file = join(dir, 'orders-20k.csv');
  beforeAll(() => writeFileSync(file, syntheticOrdersText(20_000)));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the report shares them: held by exactly the three member-day metrics, a whole subquery each', () => {
    const p: MetricParams = { from: '2025-10-03', to: '2025-12-31' };
    const fragment = buyerDays(p);
    const holders = METRICS.filter((m) => uses(fragment, [m.sql(p)]) > 0).map((m) => m.id);
    expect(holders.sort()).toEqual(HOLDERS);
    const shared = sharedSnapshots(METRICS, p).filter((f) => f.byDays);
    expect(shared.map((f) => ({ text: f.text, params: f.params }))).toEqual([fragment]);
    expect(shared[0].byDays!.over('2025-11-01', '2025-11-15')).toEqual(buyerDays({ ...p, from: '2025-11-01', to: '2025-11-15' }));
  });

  const CASES: { name: string; p: MetricParams; ranges: 'one' | 'many' }[] = [
    { name: 'one day', p: { from: '2025-06-15', to: '2025-06-16' }, ranges: 'one' },
    { name: 'mid-month to mid-month', p: { from: '2025-03-10', to: '2025-05-20' }, ranges: 'many' },
    { name: 'month end to month end (February)', p: { from: '2025-01-31', to: '2025-03-01' }, ranges: 'many' },
    { name: 'to the year end, two stores', p: { from: '2025-11-30', to: '2026-01-01', stores: ['旗舰店', '万达店'] }, ranges: 'many' },
    { name: 'online only, zero amounts counted', p: { from: '2025-07-01', to: '2025-08-01', channels: ['online'], countZeroAmount: true }, ranges: 'many' },
  ];
  for (const { name, p, ranges } of CASES)
    for (const rangeRows of [1, 150]) {
      it(`${name}, ranges of ≤ ${rangeRows} orders: the table holds exactly the fragment's rows, and the three answers are the catalogue's`, async () => {
        const { driver, engine } = await openCliEngine([file], { memoryLimit: '256MB', tempDirectory: dir, rangeRows });
        try {
          await loadFiles(engine, [file]);
          const holders = METRICS.filter((m) => HOLDERS.includes(m.id));
          const rows = async (stmt: ReturnType<typeof sql>) => ipcToRows(await driver.query(stmt));
          // Before any share: each statement as the catalogue builds it, over the orders.
          const plain = [];
          for (const m of holders) plain.push(await rows(m.sql(p))); // one statement at a time on the connection
          const fragment = buyerDays(p);
          const own = await rows(sql`SELECT * FROM (${fragment}) ORDER BY ALL`);
          expect(own.length).toBeGreaterThan(0);
          const [build] = sharedSnapshots(holders, p);
          expect({ text: build.text, params: build.params }).toEqual(fragment);
          const pieces = await driver.share(build);
          if (ranges === 'one') expect(pieces).toBe(1);
          else expect(pieces).toBeGreaterThan(3);
          // The table, built in `pieces` statements: the same rows, each once.
          expect(await rows(sql`SELECT * FROM _cli_shared_0 ORDER BY ALL`)).toEqual(own);
          // Each holder now reads the table (its statement no longer scans the orders), with the catalogue's answer.
          for (const [i, m] of holders.entries()) {
            expect(await rows(m.sql(p))).toEqual(plain[i]);
          }
          // The substitution happened: with the table emptied the answers change.
          await driver.query(sql`DELETE FROM _cli_shared_0`);
          expect(await rows(holders.find((m) => m.id === 'purchase_frequency')!.sql(p))).toEqual([{ value: null }]);
        } finally {
          driver.close();
        }
      });
    }
});
