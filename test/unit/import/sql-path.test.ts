// The SQL import of an orders CSV (workers/import/sql-orders.ts) against the JS path (importFile),
// an independent implementation of the same rules: the same file must give the same report (every
// field: counts, rejected rows with their line numbers and reasons, warnings) and the same table.
// Fails if the projection reads a value differently, loses a line number or skips a slow row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import type { SqlDriver } from '../../../workers/drivers/driver.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { importFile, type SourceFile } from '../../../workers/import/index.ts';
import { dropSqlImport, importOrdersSql } from '../../../workers/import/sql-orders.ts';
import { expectReconciled, fixture, loadedTable } from './helpers.ts';

let driver: SqlDriver & { close(): void };
let engine: Engine;
beforeAll(async () => {
  driver = await openNativeDriver();
  engine = await createEngine(driver);
});
afterAll(() => driver?.close());

const text = (name: string, body: string): SourceFile => ({ name, bytes: new TextEncoder().encode(body) });

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
  expect(await loadedTable(engine, sql!)).toEqual(await loadedTable(engine, js));
  return sql!;
}

import { HEADER, mixedFile } from './mixed-orders.ts';
import { gbkEncode } from './gbk-encode.ts';

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
      expect(await loadedTable(engine, sql), name).toEqual(await loadedTable(engine, js));
    }
    expect(taken.length).toBeGreaterThan(0);
    console.log('fixtures through SQL:', taken.join(', '));
  });

  it('line numbers stay exact when DuckDB reads a large file in parallel (the table keeps the scan order)', async () => {
    const { syntheticOrdersText, BAD_EVERY } = await import('../../../bench/synthetic-orders.ts');
    const rows = 3 * BAD_EVERY;
    const sql = await engine.bulk((d) => importOrdersSql(d, text('orders-300k.csv', syntheticOrdersText(rows))));
    // The generator writes an unreadable amount on data rows BAD_EVERY, 2·BAD_EVERY, …; data row i is line i + 1.
    expect(sql!.report.rejected.map((r) => r.row)).toEqual([1, 2, 3].map((k) => k * BAD_EVERY + 1));
    expect(sql!.report).toMatchObject({ rowsRead: rows, rowsLoaded: rows - 3 });
    await engine.bulk((d) => dropSqlImport(d, sql!));
  });

  it("cells at the edges of the projection's cheap tests (hours 20–24, summary labels in the first two columns, edge spaces, long fields) equal the JS path", async () => {
    const plain = (i: number) => `A${i},2024-02-03 ${String(i % 24).padStart(2, '0')}:0${i % 10}:${String(i % 60).padStart(2, '0')},M${i % 31},店${i % 3},线上,${i % 50}.5,1,`;
    const edge = [
      'X1,2024-03-05 24:00:00,M1,店,线上,1,1,',
      'X2,2024-03-05 23:59:59,M1,店,线上,1,1,',
      'X3,2024-03-05 20:00:00,M1,店,线上,1,1,',
      'X4,2024-03-05 19:60:00,M1,店,线上,1,1,',
      'X5,2024-03-05,M1,店,线上,1,1,',
      'X6,2024-02-30 10:00:00,M1,店,线上,1,1,',
      'T100,2024-03-05 10:00:00,M1,店,线上,1,1,',
      'Total,2024-03-05 10:00:00,,,,1,,',
      'X7,Subtotal,,,,1,,',
      'X8,2024-03-05 10:00:00,M1,\u3000店,线上,1,1,',
      'X9,2024-03-05 10:00:00,M1,店\u200b二,线上,1,1,',
      `X10,2024-03-05 10:00:00,M1,${'店'.repeat(20_000)},线上,1,1,`,
      `X11,2024-03-05 10:00:00,M1,${'x'.repeat(32_769)},线上,1,1,`,
      'gX12,2024-03-05 10:00:00,M1,店,线上,1,1,',
    ];
    const lines = [HEADER];
    for (let i = 1; i <= 300; i++) lines.push(i % 20 === 0 ? (edge[i / 20 - 1] ?? plain(i)) : plain(i));
    await expectSame(text('edges.csv', `${lines.join('\n')}\n`));
    // The member id first and the order id second: the summary test applies to both.
    const swapped = [
      '会员卡号,订单号,下单时间,门店,实付金额',
      'M1,B1,2024-03-05 10:00:00,店,1',
      'Total,,,,9',
      'M2,sum,,,9',
      'G1,B2,2024-03-05 10:00:00,店,2',
      'H1,B3,2024-03-05 21:00:00,店,3',
    ];
    await expectSame(text('swapped.csv', `${swapped.join('\n')}\n`));
  });

  it('a channel label first seen after the preview: its many rows are read in a second pass, the same as the JS path', async () => {
    const lines = [HEADER];
    for (let i = 1; i <= 37_000; i++) lines.push(`A${i},2024-02-03 10:00:00,M${i % 97},旗舰店,${i <= 25_000 ? '线下' : '微信小程序'},${i % 50}.5,1,`);
    const file = text('late-label.csv', `${lines.join('\n')}\n`);
    let passes = 0;
    const sql = await engine.bulk((d) => importOrdersSql({ ...d, query: (q) => ((passes += +q.text.startsWith('CREATE OR REPLACE TABLE _import_orders')), d.query(q)) }, file));
    expect(passes).toBe(2);
    const js = await importFile(file);
    expect(sql!.report).toEqual(js.report);
    expect(await loadedTable(engine, sql!)).toEqual(await loadedTable(engine, js));
  });

  it('a GBK export goes through the SQL path (decoded chunk by chunk to UTF-8) and equals the JS path; undecodable bytes send it to the JS path', async () => {
    const gbk = { name: 'mixed-gbk.csv', bytes: gbkEncode(mixedFile().replaceAll('¥', '￥')) }; // ¥ has no two-byte GBK code; ￥ has
    const sql = await expectSame(gbk);
    expect(sql.report.encoding).toBe('gb18030');
    expect(sql.report.rejected.map((x) => x.row)).toEqual([9, 13, 21, 25, 49, 55, 61, 63]);
    // 0x81 0x20 is no GB18030 character: the JS path reports that line; the SQL path does not take the file.
    const broken = new Uint8Array([...gbk.bytes.subarray(0, gbk.bytes.length - 1), 0x81, 0x20, 0x0a]);
    expect(await engine.bulk((d) => importOrdersSql(d, { name: 'broken-gbk.csv', bytes: broken }))).toBeNull();
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
    expect(await engine.bulk((d) => importOrdersSql(d, fixture('orders-basic.gbk.csv')))).toBeNull(); // GBK, but a quoted field
    expect(await engine.bulk((d) => importOrdersSql(d, fixture('members.csv')))).toBeNull(); // not orders
  });

  it('leaves only its table of canonical rows behind (the caller loads or drops it); a file sent to the JS path leaves nothing', async () => {
    const scratch = async () =>
      (await engine.rows({ text: "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '_import_%' ORDER BY 1", params: [] })).map((r) => r.table_name);
    const result = await engine.bulk((d) => importOrdersSql(d, text('mixed.csv', mixedFile())));
    expect(await scratch()).toEqual([result!.table]);
    await engine.bulk((d) => dropSqlImport(d, result!));
    const repeated = `${HEADER}\nA1,2024-03-05 10:00:00,M1,旗舰店,线上,10,1,\nA1,2024-03-06 10:00:00,M1,旗舰店,线上,10,1,\n`;
    expect(await engine.bulk((d) => importOrdersSql(d, text('repeated.csv', repeated)))).toBeNull();
    expect(await scratch()).toEqual([]);
  });
});
