// The command line's orders written once (issue 14, session 16): read → the projection → sorted by (order time, place
// in the read) → the order facts, one statement, instead of a scratch table then the sorted facts. DuckDB's sort is not
// stable: without the place in the read as a tie-break, orders of one second came out in an order set by the sort's
// input (the scratch table's), so that order was kept by writing the scratch table first. Now ties are in file order
// (files in the order given, then the line), whichever build; rows the JS converters read take their line too.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCliEngine } from '../../../scripts/cli/open-engine.ts';
import { loadFiles } from '../../../scripts/cli/load-files.ts';
import { allTables } from '../../../workers/dataset/tables.ts';
import { TABLES } from '../../../src/lib/schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'orders-written-once-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = '订单号,下单时间,会员卡号,门店,渠道,实付金额,件数';

/**
 * Hand-made ties (line numbers after the header, which is line 1):
 *   2 Z9 10:00:00 · 3 Z1 09:00:00 · 4 Y5 "2024/3/5 10:00" (a slash date: the JS converters read it, 10:00:00) ·
 *   5 A1 10:00:00 · 6 Q2 hour 24 (rejected) · 7 M0 10:00:00 · 8 B2 the day before · 9 C3 09:00:00
 * then `bulk` orders all in one second (2024-03-06 12:00:00), ids falling as the lines rise, every 500th a slash date.
 */
function tiedCsv(bulk: number, slash = true): string {
  const lines = [
    HEADER,
    'Z9,2024-03-05 10:00:00,M1,店A,线下,10,1',
    'Z1,2024-03-05 09:00:00,M2,店A,线下,11,1',
    slash ? 'Y5,2024/3/5 10:00,M3,店A,线下,12,1' : 'Y5,2024-03-05 10:00:00,M3,店A,线下,12,1',
    'A1,2024-03-05 10:00:00,M4,店B,线下,13,1',
    'Q2,2024-03-05 24:00:00,M5,店A,线下,14,1',
    'M0,2024-03-05 10:00:00,M6,店A,线上,15,1',
    'B2,2024-03-04 23:59:59,M7,店A,线下,16,1',
    'C3,2024-03-05 09:00:00,,店B,线下,17,1',
  ];
  for (let i = 0; i < bulk; i++) lines.push(`P${String(99999 - i)},${slash && i % 500 === 250 ? '2024/3/6 12:00' : '2024-03-06 12:00:00'},M${i % 7},店A,线下,${1 + (i % 50)},1`);
  return `${lines.join('\n')}\n`;
}
/** The facts' order worked by hand: time, then line. */
const expected = (bulk: number) => ['B2', 'Z1', 'C3', 'Z9', 'Y5', 'A1', 'M0', ...Array.from({ length: bulk }, (_, i) => `P${99999 - i}`)];

/** Loads `paths` as `store-compass report` does, noting every statement; returns the facts' order ids in row order and the statements. */
async function load(paths: string[], outOfCore: boolean) {
  const { driver, engine } = await openCliEngine(paths, { tempDirectory: dir, outOfCore });
  const statements: string[] = [];
  const { exec, query } = driver;
  driver.exec = (text) => (statements.push(text), exec(text));
  driver.query = (stmt) => (statements.push(stmt.text), query(stmt));
  try {
    const reports = await loadFiles(engine, paths);
    const ids = (await engine.rows({ text: 'SELECT order_id FROM order_facts ORDER BY rowid', params: [] })).map((r) => r.order_id as string);
    const columns = (await engine.rows({ text: "SELECT column_name AS c FROM duckdb_columns() WHERE table_name = 'order_facts' ORDER BY column_index", params: [] })).map(
      (r) => r.c,
    );
    const tables = (await engine.rows({ text: 'SELECT table_name AS t FROM duckdb_tables() ORDER BY 1', params: [] })).map((r) => r.t);
    return { reports, ids, columns, tables, statements };
  } finally {
    driver.close();
  }
}

const FACTS_COLUMNS = ['order_id', 'order_time', 'member_id', 'store', 'channel', 'amount', 'item_count', 'discount', 'points_used', 'is_refund', 'order_date', 'tier'];
/** Statements that write order rows: the import's table, the staged orders or the facts created from or filled by a SELECT. */
const writes = (statements: string[]) =>
  statements.filter((s) =>
    /(INSERT INTO|CREATE (OR REPLACE )?TABLE) "?(_import_orders|_import_orders_sorted|_staging_orders|_staging_order_facts|order_facts)\b"?[^;]*SELECT/s.test(s),
  );

describe('store-compass report: the orders written once', () => {
  for (const outOfCore of [false, true]) {
    it(`ties in one second are in line order, the facts written by the one sorted read (${outOfCore ? 'out of core: a database file' : 'in memory'})`, async () => {
      const file = join(dir, `plain-${outOfCore}.csv`);
      writeFileSync(file, tiedCsv(3000, false));
      const { reports, ids, columns, tables, statements } = await load([file], outOfCore);
      expect(reports[0]).toMatchObject({ rowsRead: 3008, rowsLoaded: 3007, rowsRejected: 1 });
      expect(reports[0].rejected).toEqual([expect.objectContaining({ file: `plain-${outOfCore}.csv`, row: 6, column: '下单时间' })]);
      expect(ids).toEqual(expected(3000));
      expect(columns).toEqual(FACTS_COLUMNS);
      // One write of the orders: the read sorted into the table that becomes the facts. No staged orders, no second sort.
      const w = writes(statements);
      expect(w).toHaveLength(1);
      expect(w[0]).toMatch(/read_csv\(.*ORDER BY order_time, _line$/s);
      expect(statements.some((s) => s.includes('_staging_orders'))).toBe(false);
      expect(statements.some((s) => s.includes('_sorted'))).toBe(false);
      expect(tables).not.toContain('_import_orders');
    }, 120_000);

    it(`rows the JS converters load are placed at their line among the ties (${outOfCore ? 'out of core' : 'in memory'})`, async () => {
      const file = join(dir, `slash-${outOfCore}.csv`);
      writeFileSync(file, tiedCsv(3000));
      const { reports, ids, columns, statements } = await load([file], outOfCore);
      expect(reports[0]).toMatchObject({ rowsRead: 3008, rowsLoaded: 3007, rowsRejected: 1 });
      expect(reports[0].rejected).toEqual([expect.objectContaining({ row: 6, column: '下单时间' })]);
      expect(ids).toEqual(expected(3000));
      expect(columns).toEqual(FACTS_COLUMNS);
      // Here (and only here) the facts are sorted a second time, with the slow rows in.
      expect(writes(statements).filter((s) => s.includes('_sorted'))).toHaveLength(1);
    }, 120_000);
  }

  it('several files: ties in the files’ order, then the line; a rejected row names its own file and line', async () => {
    const folder = join(dir, 'two');
    mkdirSync(folder);
    // a.csv and b.csv (read in that order): both hold orders at 10:00:00; b's first line is tied with a's and comes after them.
    writeFileSync(join(folder, 'a.csv'), `${HEADER}\nK2,2024-03-05 10:00:00,M1,店A,线下,10,1\nK1,2024/3/5 10:00,M1,店A,线下,10,1\nK0,2024-03-05 10:00:00,M1,店A,线下,10,1\n`);
    writeFileSync(
      join(folder, 'b.csv'),
      `${HEADER}\nJ9,2024-03-05 10:00:00,M1,店A,线下,10,1\nJ8,2024-03-05 24:00:00,M1,店A,线下,10,1\nH7,2024-03-05 09:59:59,M1,店A,线下,10,1\nJ6,2024/3/5 10:00,M1,店A,线下,10,1\n`,
    );
    const { reports, ids } = await load([folder], false);
    expect(reports[0]).toMatchObject({ rowsRead: 7, rowsLoaded: 6, rowsRejected: 1 });
    expect(reports[0].rejected).toEqual([expect.objectContaining({ file: 'b.csv', row: 3, column: '下单时间' })]);
    expect(ids).toEqual(['H7', 'K2', 'K1', 'K0', 'J9', 'J6']);
  }, 120_000);

  it('the engine takes sorted facts only for a load with facts and no members', async () => {
    const file = join(dir, 'for-engine.csv');
    writeFileSync(file, tiedCsv(0, false));
    const { driver, engine } = await openCliEngine([file], { tempDirectory: dir, outOfCore: false });
    try {
      await engine.bulk((d) => d.exec('CREATE TABLE some_facts AS SELECT * FROM order_facts'));
      const members = `${TABLES.members.map((c) => c.name).join(',')}\n${TABLES.members.map((c) => ({ member_id: 'M1', tier: '金卡' })[c.name] ?? '').join(',')}\n`;
      await expect(engine.loadTables({ ...allTables({ members }), orders: { sortedFacts: 'some_facts' } }, 'cli')).rejects.toThrow(/no members/);
      // The failed load dropped the table it was handed and left the data as it was.
      expect((await engine.rows({ text: "SELECT count(*)::DOUBLE AS n FROM duckdb_tables() WHERE table_name = 'some_facts'", params: [] }))[0].n).toBe(0);
      expect((await engine.rows({ text: 'SELECT count(*)::DOUBLE AS n FROM members', params: [] }))[0].n).toBe(0);
    } finally {
      driver.close();
    }
  }, 60_000);
});
