// XLSX and Parquet orders through the SQL import (workers/import/columnar-orders.ts: cells decoded in
// JS, sent as Arrow batches, the CSV path's projection) against the JS path (importFile) on the same
// file: the same report (counts, rejected rows with their row numbers and columns, warnings) and the
// same table. Fails if a cell's text differs between the paths (dates, numbers, booleans, BigInt),
// if a row is lost or renumbered, or if a file the SQL path cannot treat identically is not sent back.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utils, write } from '@e965/xlsx';
import { DuckDBInstance } from '@duckdb/node-api';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import type { SqlDriver } from '../../../workers/drivers/driver.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { importFile, previewFile, type SourceFile } from '../../../workers/import/index.ts';
import { CsvWriter } from '../../../workers/import/csv-writer.ts';
import { openParquet, previewParquet, takeParquetGroup0, writeParquetRows } from '../../../workers/import/parquet-reader.ts';
import { importOrdersSql } from '../../../workers/import/sql-orders.ts';
import { writeParquet, writeXlsx } from '../../../bench/synthetic-formats.ts';
import { expectReconciled, fixture, loadedTable } from './helpers.ts';
import { HEADER, mixedFile } from './mixed-orders.ts';

let driver: SqlDriver & { close(): void };
let engine: Engine;
let dir: string;
beforeAll(async () => {
  driver = await openNativeDriver();
  engine = await createEngine(driver);
  dir = mkdtempSync(join(tmpdir(), 'columnar-sql-'));
});
afterAll(() => {
  driver?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Imports `file` both ways; the SQL path must take it and equal the JS path. */
async function expectSame(file: SourceFile) {
  const sql = await engine.bulk((d) => importOrdersSql(d, file));
  const js = await importFile(file);
  expect(sql, `${file.name} took the SQL path`).not.toBeNull();
  expect(sql!.report).toEqual(js.report);
  expectReconciled(sql!.report);
  expect(await loadedTable(engine, sql!)).toEqual(await loadedTable(engine, js));
  const scratch = await engine.rows({ text: "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '_import_%'", params: [] });
  expect(scratch).toEqual([]); // the cells table is dropped; the orders table was dropped by tableOf
  return sql!.report;
}

const xlsxFile = (name: string, rows: unknown[][], opts: { sheet?: string; extra?: [string, unknown[][]] } = {}): SourceFile => {
  const book = utils.book_new();
  if (opts.extra) utils.book_append_sheet(book, utils.aoa_to_sheet(opts.extra[1]), opts.extra[0]);
  utils.book_append_sheet(book, utils.aoa_to_sheet(rows, { cellDates: true }), opts.sheet ?? '订单');
  return { name, bytes: new Uint8Array(write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer) };
};

const csvRowsOf = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));

describe('XLSX orders imported in SQL equal the JS path', () => {
  it('the mixed file as text cells (preamble row, bad rows, ¥ and commas, summary and blank rows): same report and row numbers', async () => {
    const report = await expectSame(xlsxFile('mixed.xlsx', csvRowsOf(mixedFile())));
    // Sheet row = CSV line here (row 1 the preamble, row 2 the header); row 13's split amount leaves only an empty cell right of the header.
    expect(report.rejected.map((x) => x.row)).toEqual([9, 13, 21, 25, 49, 55, 61, 63]);
    expect(report).toMatchObject({ rowsRead: 399, blankRowsSkipped: 1, summaryRowsSkipped: 1, preambleRows: 1 });
  });

  it('typed cells: Excel date serials (date and date-time formats), numbers, booleans, errors and empty cells read as the JS path reads them', async () => {
    const rows: unknown[][] = [HEADER.split(',')];
    for (let i = 1; i <= 300; i++) {
      const when = new Date(Date.UTC(2024, 2, 1 + (i % 28), i % 24, i % 60, 0));
      rows.push([
        i % 50 === 0 ? 1000 + i : `T${i}`, // a numeric order id: String(1050) as in the JS path
        i % 7 === 0 ? `2024-03-0${1 + (i % 9)} 08:00:00` : i % 11 === 0 ? 45352 + i : when, // text, a bare serial (a number), a Date cell
        i % 10 ? `M${i % 13}` : undefined,
        '旗舰店',
        i % 3 ? '线下' : '线上',
        i % 17 === 0 ? -5 : i % 19 === 0 ? '¥1,234.5' : i * 0.1 + 3, // negative, money text with ¥ and a comma, float
        i % 5,
        i % 23 === 0, // booleans: TRUE/FALSE cells
      ]);
    }
    const report = await expectSame(xlsxFile('typed.xlsx', rows));
    expect(report.rowsRead).toBe(300);
  });

  it('the bench shape (synthetic export as text cells, bench/synthetic-formats.ts) and the orders.xlsx fixture', async () => {
    const { syntheticOrdersText } = await import('../../../bench/synthetic-orders.ts');
    const csv = join(dir, 'orders-3k.csv');
    writeFileSync(csv, syntheticOrdersText(3000));
    const report = await expectSame({ name: 'orders-3k.xlsx', bytes: new Uint8Array(readFileSync(await writeXlsx(csv))) });
    expect(report.rowsRead).toBe(3000);
    // The fixture's sheet 销售 has two merged title rows, a header on row 3 and a 合计 row: the SQL path takes it from its header.
    const fx = fixture('orders.xlsx');
    const sql = await engine.bulk((d) => importOrdersSql(d, fx));
    expect(sql, 'orders.xlsx took the SQL path').not.toBeNull();
    expect(sql!.report).toEqual((await importFile(fx)).report);
    expect(sql!.report).toMatchObject({ preambleRows: 2, summaryRowsSkipped: 1 });
    await loadedTable(engine, sql!);
  });

  it('a second sheet is chosen as the JS path chooses it, and a named sheet is read', async () => {
    const rows = csvRowsOf(mixedFile());
    const notes: [string, unknown[][]] = ['说明', [['本表为导出文件'], ['请勿修改']]];
    await expectSame(xlsxFile('two-sheets.xlsx', rows, { extra: notes }));
    const named = xlsxFile('named.xlsx', rows, { extra: notes, sheet: '二月' });
    const sql = await engine.bulk((d) => importOrdersSql(d, named, { sheet: '二月' }));
    expect(sql!.report).toEqual((await importFile(named, { sheet: '二月' })).report);
    await loadedTable(engine, sql!);
    await expect(engine.bulk((d) => importOrdersSql(d, named, { sheet: '三月' }))).rejects.toThrow(/no sheet named "三月"/);
  });

  it('workbooks the SQL path cannot treat identically go to the JS path: repeated ids, a cell right of the header, not orders', async () => {
    const base = csvRowsOf(`${HEADER}\nA1,2024-03-05 10:00:00,M1,旗舰店,线上,10,1,\nA2,2024-03-06 10:00:00,M1,旗舰店,线上,10,1,\n`);
    const repeated = [...base, base[1]];
    const surplus = [...base, ['A3', '2024-03-06 10:00:00', 'M1', '旗舰店', '线上', '10', '1', '', 'surplus']];
    const members = [
      ['会员卡号', '姓名', '注册日期'],
      ['M1', '张三', '2024-01-01'],
    ];
    for (const [name, rows] of [
      ['repeated.xlsx', repeated],
      ['surplus.xlsx', surplus],
      ['members.xlsx', members],
    ] as const) {
      expect(await engine.bulk((d) => importOrdersSql(d, xlsxFile(name, rows as unknown[][]))), name).toBeNull();
    }
    const scratch = await engine.rows({ text: "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '_import_%'", params: [] });
    expect(scratch).toEqual([]);
  });
});

/** A Parquet file of a query's rows, written by native DuckDB. */
async function parquetOf(name: string, select: string, options = ''): Promise<SourceFile> {
  const path = join(dir, name);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`COPY (${select}) TO '${path}' (FORMAT parquet${options})`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return { name, bytes: new Uint8Array(readFileSync(path)) };
}

describe('Parquet orders imported in SQL equal the JS path', () => {
  it('the page-compression fixtures (timestamps, decimals) and line-items.parquet (not orders: JS path)', async () => {
    for (const codec of ['snappy', 'gzip', 'zstd', 'brotli']) {
      const report = await expectSame(fixture(`orders-${codec}.parquet`));
      expect(report.rowsLoaded).toBe(6);
    }
    expect(await engine.bulk((d) => importOrdersSql(d, fixture('line-items.parquet')))).toBeNull();
  });

  it('the mixed file and the bench shape written by native DuckDB (BIGINT → BigInt, TIMESTAMP, text amounts): same report, row numbers, table', async () => {
    const { syntheticOrdersText } = await import('../../../bench/synthetic-orders.ts');
    const csv = join(dir, 'orders-3k.csv');
    writeFileSync(csv, syntheticOrdersText(3000));
    const report = await expectSame({ name: 'orders-3k.parquet', bytes: new Uint8Array(readFileSync(await writeParquet(csv))) });
    expect(report.rowsRead).toBe(3000);
    // The mixed file without its preamble line (a Parquet file has its own column names), every column text, empty cells NULL.
    const [header, ...data] = csvRowsOf(mixedFile()).slice(1);
    const q = (v: string) => (v === '' ? 'NULL' : `'${v.replaceAll("'", "''")}'`);
    const values = data.map((r) => `(${header.map((_, j) => q(r[j] ?? '')).join(', ')})`).join(',\n');
    const report2 = await expectSame(await parquetOf('mixed.parquet', `SELECT * FROM (VALUES ${values}) t(${header.map((h) => `"${h}"`).join(', ')})`));
    // Parquet rows are the CSV's lines less the preamble: the CSV's rejected lines 9, 13, … are rows 8, 12, …
    expect(report2.rejected.map((x) => x.row)).toEqual([8, 12, 20, 24, 48, 54, 60, 62]);
  });

  it('cells with commas, quotes and line breaks reach SQL whole (the cells are CSV to read_csv); a NUL character sends the file to the JS path', async () => {
    const odd = ['a,b', 'say "hi"', '"', '"lead', 'two\nlines', 'cr\rhere', 'crlf\r\nend', ',', ' ', '""', 'trail,'];
    const rows = Array.from(
      { length: 60 },
      (_, i) => `('Q${i}', TIMESTAMP '2024-03-01 10:00:00' + INTERVAL (${i}) HOUR, 'M${i % 9}', '${odd[i % odd.length]}', '${odd[(i + 3) % odd.length]}', '${i + 0.5}', ${i % 4})`,
    );
    const select = (cells: string[]) => `SELECT * FROM (VALUES ${cells.join(',\n')}) t(订单号, 下单时间, 会员卡号, 门店, 渠道, 实付金额, 件数)`;
    const report = await expectSame(await parquetOf('odd-cells.parquet', select(rows)));
    expect(report.rowsLoaded).toBe(60);
    // The same cells through XLSX (SheetJS writes them; the fast reader leaves CR to SheetJS).
    const sheet = [
      HEADER.split(',').slice(0, 7),
      ...Array.from({ length: 60 }, (_, i) => [`Q${i}`, '2024-03-01 10:00:00', `M${i % 9}`, odd[i % odd.length], odd[(i + 3) % odd.length], `${i + 0.5}`, `${i % 4}`]),
    ];
    expect((await expectSame(xlsxFile('odd-cells.xlsx', sheet))).rowsLoaded).toBe(60);
    const nul = await parquetOf('nul.parquet', select([...rows.slice(0, 5), `('Q99', TIMESTAMP '2024-03-01 10:00:00', 'M1', 'a' || chr(0) || 'b', '线上', '1.5', 1)`]));
    expect(await engine.bulk((d) => importOrdersSql(d, nul))).toBeNull();
  });

  it("a preview's decode of row group 0 is the import's (kept for the very same bytes only): after a preview, and after another file's, the import equals the JS path", async () => {
    const groups = (name: string, salt: number) =>
      parquetOf(
        name,
        `SELECT 'P' || (i * ${salt}) AS 订单号, TIMESTAMP '2024-01-01 08:00:00' + INTERVAL (i * ${salt}) MINUTE AS 下单时间, 'M' || (i % 97) AS 会员卡号,
           CASE WHEN i % 2 = 0 THEN '滨江店' ELSE '旗舰店' END AS 门店, (i % 50 + 0.25)::VARCHAR AS 实付金额, (i % 4)::BIGINT AS 件数
         FROM range(1, 9001) t(i)`,
        ', ROW_GROUP_SIZE 2048',
      );
    const a = await groups('preview-a.parquet', 1);
    const b = await groups('preview-b.parquet', 3);
    expect((await previewFile(a)).kind).toBe('orders');
    await expectSame(a);
    await previewFile(b);
    await expectSame(a); // b's row group 0 was kept: a is decoded whole
    await previewFile(a);
    await expectSame(b);
  });

  it('takeParquetGroup0: the CSV of row group 0 a preview wrote, for the same bytes only, once', async () => {
    const file = await parquetOf('take.parquet', `SELECT 'T' || i AS id, i AS n, 'x,"y"' AS s FROM range(0, 5000) t(i)`, ', ROW_GROUP_SIZE 2048');
    const pq = () => openParquet(file.bytes.slice());
    const n0 = Number(pq().metadata.row_groups[0].num_rows);
    const w = new CsvWriter();
    const head = await writeParquetRows(pq(), 0, n0, w, 5000);
    const fresh = Buffer.concat(w.finish());
    expect(head).toHaveLength(n0);
    expect(head[1]).toEqual(['T1', '1', 'x,"y"']);
    expect(fresh.toString('utf8').split('\n')[1]).toBe('T1,1,"x,""y"""');

    const preview = await previewParquet(pq());
    expect(preview!.rows).toEqual([['id', 'n', 's'], ...head.slice(0, 50)]);
    const kept = takeParquetGroup0(pq());
    expect(Buffer.concat(kept!.pieces).equals(fresh)).toBe(true);
    expect(kept!.head).toEqual(head);
    expect(takeParquetGroup0(pq())).toBeNull(); // taken once

    // One byte changed inside row group 0, or in the footer (same size): decoded anew, the kept CSV is not used.
    const region = pq().metadata.row_groups[0].columns[0].meta_data!;
    const inGroup = file.bytes.slice();
    inGroup[Number(region.data_page_offset) + 40] ^= 1;
    const inFooter = file.bytes.slice();
    inFooter[inFooter.length - 20] ^= 1;
    for (const changed of [inGroup, inFooter]) {
      await previewParquet(pq());
      expect(takeParquetGroup0({ ...pq(), buffer: changed.buffer as ArrayBuffer })).toBeNull();
    }
    const other = await parquetOf('take-other.parquet', `SELECT 'T' || i AS id, i AS n, 'x' AS s FROM range(0, 10) t(i)`);
    await previewParquet(pq());
    expect(takeParquetGroup0(openParquet(other.bytes))).toBeNull();
  });

  it('several row groups and typed columns (INTEGER, DOUBLE ids, DATE, BOOLEAN, NULLs): batches keep the row order and numbers', async () => {
    const file = await parquetOf(
      'groups.parquet',
      `SELECT 'G' || i AS 订单号, DATE '2024-01-01' + (i % 300)::INTEGER AS 下单时间, CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 97)::DOUBLE END AS 会员卡号,
         '店' || (i % 3) AS 门店, CASE WHEN i % 1000 = 0 THEN 'N/A' ELSE (i % 50 + 0.25)::VARCHAR END AS 实付金额, (i % 4)::INTEGER AS 件数, i % 11 = 0 AS 是否退款
       FROM range(1, 30001) t(i)`,
      ', ROW_GROUP_SIZE 4096',
    );
    const report = await expectSame(file);
    // 'N/A' amounts on i = 1000, 2000, …, 30000: data row i is row i + 1 (row 1 is the column names).
    expect(report.rejected.map((r) => r.row)).toEqual(Array.from({ length: 30 }, (_, k) => (k + 1) * 1000 + 1));
    expect(report.rowsRead).toBe(30000);
  });
});
