// Hostile and clumsy inputs (issue 13.4–13.6): every one ends in a per-row rejection naming
// file/row/column/reason, a clear file error, or a correct import — and what is accepted loads
// into native DuckDB without a raw engine error.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { MAX_FIELD_CHARS } from '../../../workers/import/fields.ts';
import { importFile, previewFile, type ImportResult } from '../../../workers/import/index.ts';
import { decompressBudget } from '../../../workers/import/source.ts';
import { csvRows, expectReconciled, fixture } from './helpers.ts';

const utf8 = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });
const ORDERS = '订单号,下单时间,会员卡号,门店,实付金额,件数\n';

let engine: Engine;
let close: () => void;
beforeAll(async () => {
  const driver = await openNativeDriver();
  close = driver.close;
  engine = await createEngine(driver);
});
afterAll(() => close?.());

/** Imports, checks the accounting, and loads the canonical table into DuckDB (must not throw). */
async function importAndLoad(name: string, text: string): Promise<ImportResult> {
  const result = await importFile(utf8(name, text));
  expectReconciled(result.report);
  await engine.loadCsvTable(result.kind, result.csv);
  return result;
}

describe('values DuckDB cannot hold are rejected per row, with a reason (13.4)', () => {
  it('an item count of 2147483648 (INTEGER overflow) is rejected; 2147483647 loads', async () => {
    const { report } = await importAndLoad('orders.csv', `${ORDERS}A1,2024-01-02 10:00:00,M1,店,10,2147483648\nA2,2024-01-02 10:00:00,M1,店,10,2147483647\n`);
    expect(report).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(report.rejected[0]).toMatchObject({ file: 'orders.csv', row: 2, column: '件数', value: '2147483648' });
    expect(report.rejected[0].reason).toMatch(/out of range/);
  });

  it('a visitor count beyond INTEGER is rejected, not a raw DuckDB conversion error', async () => {
    const { report } = await importAndLoad('客流.csv', '门店,日期,客流量\n旗舰店,2024-01-02,99999999999\n旗舰店,2024-01-03,120\n');
    expect(report.kind).toBe('footfall');
    expect(report.rejected).toMatchObject([{ row: 2, column: '客流量', value: '99999999999' }]);
  });

  it('a 1e308 amount (sales overflow) is rejected beyond ±1e12', async () => {
    const { report } = await importAndLoad('orders.csv', `${ORDERS}A1,2024-01-02 10:00:00,M1,店,1e308,1\nA2,2024-01-02 10:00:00,M1,店,999999999999,1\n`);
    expect(report.rejected).toMatchObject([{ row: 2, column: '实付金额', value: '1e308' }]);
    expect(report.rejected[0].reason).toMatch(/sane bound/);
    expect(report.rowsLoaded).toBe(1);
  });

  it('a 3 MB field (past DuckDB’s 2 MB line limit) is rejected with its column; the rest loads', async () => {
    const huge = 'x'.repeat(3 * 1024 * 1024);
    const { report } = await importAndLoad('orders.csv', `${ORDERS}A1,2024-01-02 10:00:00,M1,${huge},10,1\nA2,2024-01-02 10:00:00,M1,店,10,1\n`);
    expect(report).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(report.rejected[0]).toMatchObject({ row: 2, column: '门店' });
    expect(report.rejected[0].reason).toContain(`${huge.length} characters, the limit is ${MAX_FIELD_CHARS}`);
    expect(report.rejected[0].value.length).toBeLessThan(300); // the report does not carry the megabytes
  });

  it('a canonical CSV DuckDB rejects anyway says which table, without the scratch file’s temp path', async () => {
    const err = await engine.loadCsvTable('footfall', 'store,date,visitors\n店,2024-01-02,notanumber\n').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^footfall: /);
    expect((err as Error).message).not.toMatch(/\/tmp|staging|store-compass-[a-z0-9]+\//i);
  });
});

describe('gzip bombs stop early (13.5)', () => {
  it('a small gzip expanding past the budget fails naming the file, "too large after decompression"', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x41)); // 8 MB of "A" in a few KB
    expect(bomb.length).toBeLessThan(64 * 1024);
    const file = { name: 'bomb.csv.gz', bytes: new Uint8Array(bomb) };
    const err = await importFile(file, { maxDecompressedBytes: 1024 * 1024 }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/^bomb\.csv\.gz: 文件解压后过大（超过 1 MB）\/ too large after decompression \(over 1 MB\)/);
    expect((err as unknown as { code: string }).code).toBe('too_large');
    await expect(previewFile(file, { maxDecompressedBytes: 1024 * 1024 })).rejects.toThrow(/too large after decompression/);
  });

  it('a gzip within the budget imports as before; the default budget is 256 MB where the platform does not say', async () => {
    const text = `${ORDERS}A1,2024-01-02 10:00:00,M1,店,10,1\n`;
    const { report } = await importFile({ name: 'o.csv.gz', bytes: new Uint8Array(gzipSync(text)) }, { maxDecompressedBytes: Buffer.byteLength(text) });
    expect(report.rowsLoaded).toBe(1);
    expect(decompressBudget()).toBe(256 * 1024 * 1024);
  });
});

describe('the "lower" list (13.6)', () => {
  it('an unterminated quote rejects its own line (named) and the 1,998 lines after it still load', async () => {
    const lines = [ORDERS.trimEnd()];
    for (let i = 1; i <= 1999; i++) lines.push(i === 2 ? `A${i},2024-01-02 10:00:00,M1,"旗舰店,10,1` : `A${i},2024-01-02 10:00:00,M1,店,10,1`);
    const { report } = await importAndLoad('orders.csv', `${lines.join('\n')}\n`);
    expect(report).toMatchObject({ rowsRead: 1999, rowsLoaded: 1998, rowsRejected: 1 });
    expect(report.rejected[0]).toMatchObject({ row: 3 });
    expect(report.rejected[0].reason).toBe('第 3 行的引号没有闭合 / the quote on line 3 is never closed');
  });

  it('labels __proto__, constructor, hasOwnProperty are kept as text (no prototype lookups)', async () => {
    const members = await importAndLoad(
      'members.csv',
      '会员卡号,会员等级,性别,入会日期\nM1,__proto__,constructor,2023-01-05\nM2,constructor,hasOwnProperty,2023-01-05\nM3,hasOwnProperty,__proto__,2023-01-05\n',
    );
    expect(csvRows(members.csv).map((r) => [r[2], r[4]])).toEqual([
      ['__proto__', 'constructor'],
      ['constructor', 'hasOwnProperty'],
      ['hasOwnProperty', '__proto__'],
    ]);
    expect(Object.entries(members.report.tierMapping!)).toEqual([
      ['__proto__', '__proto__'],
      ['constructor', 'constructor'],
      ['hasOwnProperty', 'hasOwnProperty'],
    ]);
    const points = await importAndLoad('积分.csv', '会员卡号,时间,积分,类型\nM1,2024-01-02,10,constructor\nM1,2024-01-03,-5,__proto__\n');
    expect(csvRows(points.csv).map((r) => r[3])).toEqual(['constructor', '__proto__']);
  });

  it('one stray GBK word in a UTF-8 file: the file stays UTF-8 and the bad line is reported', async () => {
    const head = new TextEncoder().encode(`${ORDERS}A1,2024-01-02 10:00:00,M1,旗舰店,10,1\nA2,2024-01-02 10:00:00,M1,社区店,10,1\nA3,2024-01-02 10:00:00,M1,`);
    const gbk = new Uint8Array([0xc9, 0xe7, 0xc7, 0xf8]); // 社区 in GBK
    const tail = new TextEncoder().encode(',10,1\nA4,2024-01-02 10:00:00,M1,会员店,10,1\n');
    const bytes = new Uint8Array([...head, ...gbk, ...tail]);
    const { csv, report } = await importFile({ name: 'mixed.csv', bytes });
    expect(report.encoding).toBe('utf-8');
    expect(csvRows(csv).map((r) => r[3])).toEqual(['旗舰店', '社区店', '\ufffd'.repeat(4), '会员店']);
    expect(report.warnings.join('\n')).toContain('lines 4 contain bytes that are not UTF-8');
    // A whole GBK file is still GBK.
    expect((await importFile(fixture('orders-basic.gbk.csv'))).report.encoding).toBe('gb18030');
  });

  it('right-to-left overrides and zero-width characters are stripped from names and ids', async () => {
    const { csv } = await importAndLoad(
      'orders.csv',
      `${ORDERS}A\u200b1,2024-01-02 10:00:00,M\u200d1,\u202e店旗舰\u202c,10,1\nA2,2024-01-02 10:00:00,\ufeffM1,社区\u2066店\u2069,10,1\n`,
    );
    expect(csvRows(csv).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['A1', 'M1', '店旗舰'],
      ['A2', 'M1', '社区店'],
    ]);
  });
});
