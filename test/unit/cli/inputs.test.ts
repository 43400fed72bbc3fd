// The command line reads orders by path with native DuckDB (issue 14): the same data as one plain
// CSV, as a .csv.gz, as Parquet written by native DuckDB, and as a folder (or glob) of two monthly
// files gives the same metrics; rejected rows of monthly files name their file and its own line.
// Fails if a format is read differently, a file of the folder is skipped, or line numbers shift.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticOrdersText } from '../../../bench/synthetic-orders.ts';
import { main } from '../../../scripts/cli/main.ts';
import { headBytes, plainLayoutOf, PREVIEW_BYTES } from '../../../scripts/cli/inputs.ts';
import { planOrders } from '../../../workers/import/sql-orders-plan.ts';
import { readSource } from '../../../workers/import/source.ts';
import { mixedFile } from '../import/mixed-orders.ts';

let dir: string;
const at = (...p: string[]) => join(dir, ...p);
type Report = {
  imports: { file: string; reader: string; rowsRead: number; rowsLoaded: number; rowsRejected: number; firstRejections: { file: string; row: number }[] }[];
  metrics: Record<string, unknown>;
};
/** Numbers to 10 significant digits: a sum over doubles in another row order differs in its last bits. */
const rounded = (v: unknown): unknown =>
  typeof v === 'number'
    ? Number(v.toPrecision(10))
    : Array.isArray(v)
      ? v.map(rounded)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)]))
        : v;
const report = async (...files: string[]) => (await main(['report', ...files, '--from', '2024-01-01', '--to', '2025-12-31', '--temp-dir', at('spill')])) as Report;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sc-cli-inputs-'));
  const mixed = mixedFile();
  writeFileSync(at('mixed.csv'), mixed);
  writeFileSync(at('mixed.csv.gz'), gzipSync(mixed));
  // Two monthly files: each with the preamble and header, data rows 1–200 and 201–400 (+ the summary row).
  const lines = mixed.trimEnd().split('\n');
  const [preamble, header, ...data] = lines;
  mkdirSync(at('months'));
  writeFileSync(at('months', 'orders-01.csv'), [preamble, header, ...data.slice(0, 200)].join('\n') + '\n');
  writeFileSync(at('months', 'orders-02.csv'), [preamble, header, ...data.slice(200)].join('\n') + '\n');
  // Parquet written by native DuckDB from the synthetic export (typed columns: timestamps, doubles, integers).
  writeFileSync(at('synthetic.csv'), syntheticOrdersText(3000));
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`COPY (SELECT * FROM read_csv('${at('synthetic.csv')}')) TO '${at('synthetic.parquet')}' (FORMAT parquet)`);
  const types = (await conn.runAndReadAll(`SELECT column_type FROM (DESCRIBE SELECT * FROM '${at('synthetic.parquet')}')`)).getRowObjectsJS().map((r) => r.column_type);
  expect(types).toContain('TIMESTAMP'); // the Parquet file is typed, not text
  conn.closeSync();
  db.closeSync();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('store-compass reads orders by path', () => {
  it('a .csv.gz gives the metrics and report of the plain CSV', async () => {
    const plain = await report(at('mixed.csv'));
    const gz = await report(at('mixed.csv.gz'));
    expect(plain.imports[0]).toMatchObject({ reader: 'duckdb', rowsRead: 399, rowsRejected: 8, rowsLoaded: 391 });
    expect(gz.imports[0].reader).toBe('duckdb');
    expect(rounded(gz.metrics)).toEqual(rounded(plain.metrics));
    expect({ ...gz.imports[0], file: '' }).toEqual({
      ...plain.imports[0],
      file: '',
      firstRejections: plain.imports[0].firstRejections.map((r) => ({ ...r, file: 'mixed.csv.gz' })),
    });
  });

  it('a folder of two monthly files, and a glob over them, give the metrics of the one file; rejections name their file and line', async () => {
    const plain = await report(at('mixed.csv'));
    for (const input of [at('months'), at('months', 'orders-0*.csv')]) {
      const months = await report(input);
      expect(rounded(months.metrics), input).toEqual(rounded(plain.metrics));
      expect(months.imports).toHaveLength(1);
      expect(months.imports[0]).toMatchObject({ reader: 'duckdb', rowsRead: 399, rowsLoaded: 391, rowsRejected: 8 });
    }
    // mixed.csv rejects data rows 7, 11, 19, 23, 47, 53, 59, 61 (lines +2); in the folder the first five are in
    // orders-01.csv at the same lines; rows 201… are in orders-02.csv, where data row i is line i − 200 + 2.
    const months = await report(at('months'));
    expect(months.imports[0].firstRejections.map((r) => [r.file, r.row])).toEqual([
      ['orders-01.csv', 9],
      ['orders-01.csv', 13],
      ['orders-01.csv', 21],
      ['orders-01.csv', 25],
      ['orders-01.csv', 49],
    ]);
  });

  it('Parquet written by native DuckDB gives the metrics of the CSV it was written from', async () => {
    const csv = await report(at('synthetic.csv'));
    const parquet = await report(at('synthetic.parquet'));
    expect(parquet.imports[0]).toMatchObject({ reader: 'duckdb', rowsRead: 3000, rowsLoaded: 3000, rowsRejected: 0 });
    expect(rounded(parquet.metrics)).toEqual(rounded(csv.metrics));
  });

  it('the streamed layout scan finds a quote, a blank line or a lone CR across chunk boundaries', async () => {
    const big = 'A1,2024-03-05 10:00:00,M1,旗舰店,线上,10,1\n'.repeat(200_000); // > one 4 MB read
    const cases: [string, string, boolean][] = [
      ['plain', big, true],
      ['crlf', big.replaceAll('\n', '\r\n'), true],
      ['quote-late', `${big}"x"\n`, false],
      ['blank-late', `${big}\n${big}`, false],
      ['lone-cr-late', `${big}x\ry\n`, false],
      ['cr-at-end', `${big}x\r`, false],
    ];
    for (const [name, body, plain] of cases) {
      writeFileSync(at(`${name}.csv`), body);
      expect(await plainLayoutOf(at(`${name}.csv`)), name).toBe(plain);
    }
    writeFileSync(at('blank-late.csv.gz'), gzipSync(`${big}\n${big}`));
    expect(await plainLayoutOf(at('blank-late.csv.gz'))).toBe(false);
  });

  it('a preview cut inside a multi-byte character is no "not UTF-8" warning: the SQL path still takes the file', async () => {
    // The 100M bench file's first MiB ended inside 高新店 (3 bytes a character): the preview warned of bytes that are
    // not UTF-8 and the CLI sent a 6.6 GB file to the JS import, which cannot read it. Here the cut falls in a 店 on purpose.
    const header = '订单号,下单时间,会员卡号,门店,渠道,实付金额,件数\n';
    const row = (i: number, member = 'M0077262') => `O${String(i).padStart(9, '0')},2025-05-11 11:16:46,${member},高新店,线下,368.42,3\n`;
    const rows = Array.from({ length: Math.ceil(PREVIEW_BYTES / Buffer.byteLength(row(2))) + 10 }, (_, i) => row(i + 2)).join('');
    const before = Buffer.from(header + row(1) + rows);
    const shop = before.lastIndexOf(Buffer.from('店'), PREVIEW_BYTES - 1); // the last 店 starting inside the preview
    const body = Buffer.from(header + row(1, `M0077262${'X'.repeat(PREVIEW_BYTES - 1 - shop)}`) + rows);
    expect(body.subarray(PREVIEW_BYTES - 1, PREVIEW_BYTES + 2).toString()).toBe('店'); // the cut is inside it
    const file = at('cut-in-char.csv');
    writeFileSync(file, body);
    const head = await headBytes(file);
    expect(head[head.length - 1]).toBe(10); // complete lines only
    const raw = await readSource({ name: 'cut-in-char.csv', bytes: head }, { preview: true });
    expect(raw.warnings).toEqual([]);
    expect(planOrders('cut-in-char.csv', raw)).not.toBeNull();
  });
});
