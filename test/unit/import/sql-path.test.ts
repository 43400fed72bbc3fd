// The SQL import of an orders CSV (workers/import/sql-orders.ts) against the JS path (importFile),
// an independent implementation of the same rules: the same file must give the same report (every
// field: counts, rejected rows with their line numbers and reasons, warnings) and the same table.
// Fails if the projection reads a value differently, loses a line number or skips a slow row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import type { SqlDriver } from '../../../workers/drivers/driver.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { importFile, type ImportResult, type SourceFile } from '../../../workers/import/index.ts';
import { importOrdersSql } from '../../../workers/import/sql-orders.ts';
import { expectReconciled, fixture } from './helpers.ts';

let driver: SqlDriver & { close(): void };
let engine: Engine;
beforeAll(async () => {
  driver = await openNativeDriver();
  engine = await createEngine(driver);
});
afterAll(() => driver?.close());

const text = (name: string, body: string): SourceFile => ({ name, bytes: new TextEncoder().encode(body) });

/** The loaded table of an import's canonical CSV, in a stable order. */
async function tableOf(result: ImportResult) {
  await engine.loadCsvTable('orders', result.csv);
  return engine.rows({ text: 'SELECT * FROM orders ORDER BY order_id', params: [] });
}

async function bothPaths(file: SourceFile) {
  const sql = await engine.bulk((d) => importOrdersSql(d, file));
  const js = await importFile(file);
  return { sql, js };
}

async function expectSame(file: SourceFile) {
  const { sql, js } = await bothPaths(file);
  expect(sql, `${file.name} took the SQL path`).not.toBeNull();
  expect(sql!.report).toEqual(js.report);
  expectReconciled(sql!.report);
  expect(await tableOf(sql!)).toEqual(await tableOf(js));
  return sql!;
}

const HEADER = '订单号,下单时间,会员卡号,门店,渠道,实付金额,件数,是否退款';

/** Many plain rows (the fast path) with a few of every kind the projection hands to the JS path. */
function mixedFile(): string {
  const lines = ['导出时间：2025-01-01', HEADER]; // a preamble line: the header is line 2
  const special: Record<number, string> = {
    7: 'B7,2023-02-29 10:00:00,M1,旗舰店,线上,10.00,1,', // no such day: rejected
    11: 'B11,2024-03-05 10:00:00,M2,旗舰店,线下,N/A,1,', // unreadable amount: rejected
    13: 'B13,2024/3/5 14:05,M3,旗舰店,线下,¥1,234.50,2,', // slash date; the comma splits the amount: ¥1 loaded, 234.50 not a count (warned)
    17: 'B17,2024年3月5日,M4, 社区店 ,微信小程序,(30.00),1,', // slow but loaded: CJK date, padded store, mini-program, negative in brackets
    19: 'B19,2024-03-05 24:00:00,M5,旗舰店,线上,10,1,', // hour 24: rejected
    23: 'B23,2024-03-05 10:00:60,M5,旗舰店,线上,10,1,', // second 60: rejected
    29: 'B29,2024-03-05 10:00:00,,旗舰店,到店自提,10,1,', // unknown channel: kept, warned
    31: 'B31,2024-03-05 10:00:00,M6,旗舰店,线上,25,1,是', // flagged refund: amount made negative
    37: 'B37,2024-03-05 10:00:00,M7,旗舰店,线上,-8,x,', // negative amount = refund; unreadable optional count: left empty, warned
    41: ',,,,,,,', // blank row: skipped, not read
    43: 'B43,1709618700,M8,旗舰店,线上,1e3,1,', // epoch seconds, exponent: slow but loaded
    47: 'B47,2024-03-05,M9,旗舰店,线上,5,2147483648,', // integer out of range: rejected
    53: 'B53,1899-12-31 00:00:00,M9,旗舰店,线上,5,1,', // year before 1900: rejected
    59: 'B59,2024-03-05 10:00:00,M9,旗舰店,线上,1000000000001,1,', // beyond 1e12: rejected
    61: 'B61,2024-03-05 10:00:00,M9,旗舰店,线上,0x10,1,', // hex is not a number here: rejected
  };
  for (let i = 1; i <= 400; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(
      special[i] ??
        `A${i},2024-02-${day} ${String(i % 24).padStart(2, '0')}:0${i % 10}:${String(i % 60).padStart(2, '0')},${i % 10 ? `M${i % 37}` : ''},店${i % 3},${i % 4 ? '线下' : '线上'},${(i * 1.25).toFixed(2)},${1 + (i % 5)},${i % 9 ? '' : '否'}`,
    );
  }
  lines.push('合计,,,,,12345,,'); // summary row: skipped
  return `${lines.join('\n')}\n`;
}

describe('orders CSV imported in SQL equals the JS path', () => {
  it('a file with a few bad and unusual rows among many plain ones: same report, same line numbers, same table', async () => {
    // Row 13 has an unquoted comma in the amount: one cell more than the header (the JS reader
    // ignores cells past the header; DuckDB reads a row ending in one empty extra cell the same way).
    const sql = await expectSame(text('mixed.csv', mixedFile()));
    const r = sql.report;
    expect(r.rejected.map((x) => x.row)).toEqual([9, 13, 21, 25, 49, 55, 61, 63]); // data row i is line i + 2
    expect(r.blankRowsSkipped).toBe(1);
    expect(r.summaryRowsSkipped).toBe(1);
    expect(r.rowsRead).toBe(399);
  });

  it('the bench shape (synthetic till export) and the orders fixtures the SQL path accepts', async () => {
    const { syntheticOrdersText } = await import('../../../bench/synthetic-orders.ts');
    await expectSame(text('orders-2500.csv', syntheticOrdersText(2500)));
    // Fixtures: each one the SQL path takes must equal the JS path (those with quotes or repeated ids take the JS path).
    const taken: string[] = [];
    for (const name of ['orders-basic.csv', 'orders-basic.bom.csv', 'orders-semicolon.csv', 'orders-pipe.txt', 'orders-tab.tsv', 'orders-report.csv']) {
      const { sql, js } = await bothPaths(fixture(name));
      if (!sql) continue;
      taken.push(name);
      expect(sql.report, name).toEqual(js.report);
      expect(await tableOf(sql), name).toEqual(await tableOf(js));
    }
    expect(taken.length).toBeGreaterThan(0);
    console.log('fixtures through SQL:', taken.join(', '));
  });

  it('files the SQL path cannot number or treat identically go to the JS path', async () => {
    const quoted = `${HEADER}\nA1,2024-03-05 10:00:00,M1,"旗舰店\n二楼",线上,10,1,\n`;
    const repeated = `${HEADER}\nA1,2024-03-05 10:00:00,M1,旗舰店,线上,10,1,\nA1,2024-03-06 10:00:00,M1,旗舰店,线上,10,1,\n`;
    const blankLine = `${HEADER}\nA1,2024-03-05 10:00:00,M1,旗舰店,线上,10,1,\n\nA2,2024-03-06 10:00:00,M1,旗舰店,线上,10,1,\n`;
    for (const [name, body] of [
      ['quoted.csv', quoted],
      ['repeated.csv', repeated],
      ['blank-line.csv', blankLine],
    ]) {
      expect(await engine.bulk((d) => importOrdersSql(d, text(name, body))), name).toBeNull();
    }
    const extra = `${HEADER}\nA1,2024-03-05 10:00:00,M1,旗舰店,线上,10,1,,surplus\n`; // DuckDB refuses a non-empty extra cell
    expect(await engine.bulk((d) => importOrdersSql(d, text('extra.csv', extra)))).toBeNull();
    expect(await engine.bulk((d) => importOrdersSql(d, fixture('orders-basic.gbk.csv')))).toBeNull(); // not UTF-8 (for now)
    expect(await engine.bulk((d) => importOrdersSql(d, fixture('members.csv')))).toBeNull(); // not orders
  });

  it('leaves no scratch table behind', async () => {
    await engine.bulk((d) => importOrdersSql(d, text('mixed.csv', mixedFile())));
    const left = await engine.rows({ text: "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name LIKE '_import_%'", params: [] });
    expect(left[0].n).toBe(0);
  });
});
