// Every fixture in test/fixtures/import against the counts and values worked out in its README.
import { describe, expect, it } from 'vitest';
import { importFile, isImportError, previewFile, reportToCsv } from '../../../workers/import/index.ts';
import { csvRows, expectReconciled, fixture } from './helpers.ts';

const BASIC_CSV =
  [
    'order_id,order_time,member_id,store,channel,amount,item_count,discount,points_used,is_refund',
    'A001,2024-03-01 10:15:00,M001,旗舰店,offline,128.5,2,,,false',
    'A002,2024-03-02 14:05:00,M002,社区店,online,1299,5,,,false',
    'A003,2024-03-03 09:30:33,,旗舰店,offline,88.5,1,,,false',
    'A004,2024-03-04 00:00:00,M001,社区店,online,-30,1,,,true',
    'A005,2024-03-05 00:00:00,M003,旗舰店,online,45,3,,,false',
  ].join('\n') + '\n';

describe('encodings: orders-basic in UTF-8, UTF-8 BOM, UTF-16LE, GBK', () => {
  for (const [name, encoding] of [
    ['orders-basic.csv', 'utf-8'],
    ['orders-basic.bom.csv', 'utf-8'],
    ['orders-basic.utf16le.csv', 'utf-16le'],
    ['orders-basic.gbk.csv', 'gb18030'],
  ]) {
    it(name, async () => {
      const preview = await previewFile(fixture(name));
      expect(preview).toMatchObject({ format: 'csv', encoding, delimiter: ',', headerRow: 1, preambleRows: 0, kind: 'orders' });
      expect(preview.headers[0]).toBe('订单号'); // Chinese header intact, BOM stripped
      const { kind, csv, report } = await importFile(fixture(name));
      expectReconciled(report);
      expect(kind).toBe('orders');
      expect(report).toMatchObject({ rowsRead: 6, rowsLoaded: 5, rowsRejected: 1, encoding });
      expect(report.rejected[0]).toMatchObject({ row: 7, column: '下单时间', value: 'not a date' });
      expect(csv).toBe(BASIC_CSV);
    });
  }
});

it('Big5 with traditional headers: mapped through T→S, text kept as written', async () => {
  const { csv, report } = await importFile(fixture('orders-big5.csv'));
  expectReconciled(report);
  expect(report).toMatchObject({ encoding: 'big5', rowsRead: 2, rowsLoaded: 2 });
  expect(csvRows(csv)).toEqual([
    ['T001', '2024-03-01 10:00:00', '會員甲', '臺北店', 'offline', '100', '', '', '', 'false'],
    ['T002', '2024-03-02 11:00:00', '會員乙', '高雄店', 'online', '200', '', '', '', 'false'],
  ]);
});

it('report layout: title lines, quoted commas/newlines, duplicate id, 合计', async () => {
  const preview = await previewFile(fixture('orders-report.csv'));
  expect(preview).toMatchObject({ headerRow: 4, preambleRows: 3, kind: 'orders' });
  const { csv, report } = await importFile(fixture('orders-report.csv'));
  expectReconciled(report);
  expect(report).toMatchObject({ rowsRead: 5, rowsLoaded: 3, rowsRejected: 2, summaryRowsSkipped: 1, preambleRows: 3, duplicateOrderIds: ['R001'] });
  expect(report.rejected.map((r) => [r.row, r.column, r.value])).toEqual([
    [8, '实付金额', ''], // R003: line 8 because R001's note spans lines 5–6
    [9, '订单号', 'R001'],
  ]);
  expect(csv).toContain('R001,2024-03-01 10:00:00,M001,"旗舰店, 北区",,100,');
  expect(csv).toContain('R004,2024-03-05 10:00:00,,"社区店 ""二店""",,20,');
  expect(csv).toContain('R002,2024-03-02 10:00:00,M002,社区店,,1200.5,');
  const rejectedCsv = reportToCsv(report);
  expect(rejectedCsv.startsWith('\ufefffile,row,column,value,reason\r\n')).toBe(true);
  expect(rejectedCsv).toContain('orders-report.csv,9,订单号,R001,');
});

describe('delimiters', () => {
  for (const [name, delimiter] of [
    ['orders-tab.tsv', '\t'],
    ['orders-semicolon.csv', ';'],
    ['orders-pipe.txt', '|'],
  ]) {
    it(name, async () => {
      const { csv, report } = await importFile(fixture(name));
      expectReconciled(report);
      expect(report).toMatchObject({ delimiter, rowsRead: 3, rowsLoaded: 3 });
      const rows = csvRows(csv);
      expect(rows.map((r) => r[4])).toEqual(['online', 'offline', 'offline']);
      expect(rows.reduce((s, r) => s + Number(r[5]), 0)).toBeCloseTo(10.5 + 20 + 30.25);
      expect(rows[2][2]).toBe(''); // D3 has no customer: non-member
    });
  }
});

it('members: tiers normalised and reported, duplicate member rejected', async () => {
  const { kind, csv, report } = await importFile(fixture('members.csv'));
  expectReconciled(report);
  expect(kind).toBe('members');
  expect(report).toMatchObject({ rowsRead: 8, rowsLoaded: 7, rowsRejected: 1 });
  expect(report.rejected[0]).toMatchObject({ row: 9, column: '会员卡号', value: 'M001' });
  expect(report.tierMapping).toEqual({ 金卡会员: '金卡', VIP: '钻石', 钻石卡: '钻石', 普卡: '普通', 普通会员: '普通', 银卡会员: '银卡', 白金卡: '白金卡', 金卡: '金卡' });
  const rows = csvRows(csv);
  expect(rows.map((r) => r[2])).toEqual(['金卡', '钻石', '钻石', '普通', '普通', '银卡', '白金卡']);
  expect(rows.map((r) => r[4])).toEqual(['男', '女', '女', '男', '', '', '']);
  expect(rows[1]).toEqual(['M002', '2023-02-01', '钻石', '1985-07-08', '女', '1985', '13800000002', '社区店', '', '李四']);
});

it('surveys: NPS vs CSAT from the score range', async () => {
  const nps = await importFile(fixture('surveys-nps.csv'));
  expectReconciled(nps.report);
  expect(nps.report).toMatchObject({ rowsRead: 5, rowsLoaded: 4, rowsRejected: 1 });
  expect(nps.report.rejected[0]).toMatchObject({ row: 6, column: '评分', value: '11' });
  expect(csvRows(nps.csv).map((r) => [r[0], r[2], r[3]])).toEqual([
    ['M001', '10', 'nps'],
    ['M002', '0', 'nps'],
    ['M003', '7', 'nps'],
    ['', '9', 'nps'],
  ]);
  const csat = await importFile(fixture('surveys-csat.csv'));
  expectReconciled(csat.report);
  expect(csvRows(csat.csv).map((r) => [r[2], r[3]])).toEqual([
    ['5', 'csat'],
    ['1', 'csat'],
    ['4', 'csat'],
  ]);
});

const LINE_ORDERS = [
  ['536365', '2010-12-01 08:26:00', '17850', '', '', String(6 * 2.55 + 2 * 3), '8', '', '', 'false'],
  ['536366', '2010-12-01 09:00:00', '', '', '', '2.55', '1', '', '', 'false'],
  ['C536367', '2010-12-01 10:00:00', '17850', '', '', String(-2 * 2.55), '-2', '', '', 'true'],
  ['536368', '2010-12-01 11:00:00', '', '', '', '0', '-5', '', '', 'true'],
  ['536369', '2010-12-01 12:00:00', '13047', '', '', String(4 * 1.25), '7', '', '', 'false'],
];

describe('line items → orders', () => {
  for (const name of ['line-items.csv', 'line-items.csv.gz']) {
    it(name, async () => {
      const preview = await previewFile(fixture(name));
      expect(preview.kind).toBe('line_items');
      expect(preview.mapping).toMatchObject({ order_id: 'InvoiceNo', quantity: 'Quantity', unit_price: 'UnitPrice', member_id: 'CustomerID' });
      const { kind, csv, report } = await importFile(fixture(name));
      expectReconciled(report);
      expect(kind).toBe('orders');
      expect(report).toMatchObject({ sourceKind: 'line_items', rowsRead: 9, rowsLoaded: 7, rowsRejected: 2, outputRows: 5 });
      expect(report.rejected.map((r) => [r.row, r.column, r.value])).toEqual([
        [9, 'UnitPrice', '-100.00'],
        [10, 'Quantity', 'two'],
      ]);
      expect(csvRows(csv).map((r) => r.map((c, i) => (i === 5 ? String(Number(c)) : c)))).toEqual(
        LINE_ORDERS.map((r) => r.map((c, i) => (i === 5 ? String(Math.round(Number(c) * 1e4) / 1e4) : c))),
      );
    });
  }
  it('line-items.parquet', async () => {
    const { csv, report } = await importFile(fixture('line-items.parquet'));
    expectReconciled(report);
    expect(report).toMatchObject({ rowsRead: 8, rowsLoaded: 7, rowsRejected: 1, outputRows: 5 });
    expect(report.rejected[0]).toMatchObject({ row: 9, column: 'UnitPrice' });
    const csvVersion = await importFile(fixture('line-items.csv'));
    expect(csv).toBe(csvVersion.csv);
  });
});

it('XLSX: two sheets, merged title rows, serial dates, 合计', async () => {
  const preview = await previewFile(fixture('orders.xlsx'));
  expect(preview).toMatchObject({ format: 'xlsx', sheets: ['销售', '会员'], sheet: '销售', headerRow: 3, preambleRows: 2, kind: 'orders' });
  const { csv, report } = await importFile(fixture('orders.xlsx'));
  expectReconciled(report);
  expect(report).toMatchObject({ rowsRead: 3, rowsLoaded: 3, summaryRowsSkipped: 1, preambleRows: 2 });
  expect(csvRows(csv).map((r) => [r[0], r[1], r[2], r[5]])).toEqual([
    ['X001', '2024-03-01 10:30:00', 'M001', '100'],
    ['X002', '2024-03-02 00:00:00', 'M002', '250.5'],
    ['X003', '2024-03-04 09:00:00', '', '30'],
  ]);
  const members = await importFile(fixture('orders.xlsx'), { sheet: '会员' });
  expectReconciled(members.report);
  expect(members.kind).toBe('members');
  expect(csvRows(members.csv).map((r) => r.slice(0, 3))).toEqual([
    ['M001', '2023-03-15', '金卡'],
    ['M002', '2023-03-16', '银卡'],
  ]);
});

describe('bad files throw ImportError naming the file', () => {
  for (const [name, code] of [
    ['empty.csv', 'empty'],
    ['junk.csv', 'binary'],
    ['notes.pdf', 'unsupported'],
    ['no-columns.csv', 'no_columns'],
  ]) {
    it(name, async () => {
      const err = await importFile(fixture(name)).catch((e: unknown) => e);
      expect(isImportError(err)).toBe(true);
      expect(err).toMatchObject({ code, file: name });
      expect((err as Error).message).toContain(name);
      expect((err as Error).message).toMatch(/[\u4e00-\u9fff].* \/ [a-z]/); // zh / en
    });
  }
  it('no-columns.csv previews with kind null', async () => {
    expect((await previewFile(fixture('no-columns.csv'))).kind).toBeNull();
  });
});

describe('Parquet with every page compression DuckDB writes (orders-<codec>.parquet, see README)', () => {
  // Rows i = 1..6: order o{i}, time 2024-03-05 10:00 + i days, member M{i mod 3}, amount 10.5 × i, store 旗舰店.
  const expected = [1, 2, 3, 4, 5, 6].map((i) => [`o${i}`, `2024-03-${String(5 + i).padStart(2, '0')} 10:00:00`, `M${i % 3}`, '旗舰店', '', String(10.5 * i), '', '', '', 'false']);
  it.each(['snappy', 'gzip', 'zstd', 'brotli'])('%s', async (codec) => {
    const { kind, csv, report } = await importFile(fixture(`orders-${codec}.parquet`));
    expectReconciled(report);
    expect(kind).toBe('orders');
    expect(report).toMatchObject({ rowsRead: 6, rowsLoaded: 6, rowsRejected: 0 });
    expect(csvRows(csv)).toEqual(expected);
  });
});
