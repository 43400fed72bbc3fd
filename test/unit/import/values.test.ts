// Value parsers, label normalisation, kind detection for the other tables, progress and abort.
import { describe, expect, it } from 'vitest';
import { importFile, previewFile } from '../../../workers/import/index.ts';
import { normaliseChannel, normaliseTier } from '../../../workers/import/labels.ts';
import { parseDate, parseDateTime, parseNumber } from '../../../workers/import/values.ts';
import { excelSerialToIso } from '../../../workers/import/xlsx-reader.ts';
import { csvRows, expectReconciled } from './helpers.ts';

const text = (name: string, s: string) => ({ name, bytes: new TextEncoder().encode(s) });

describe('dates', () => {
  it.each([
    ['2024/3/5', '2024-03-05 00:00:00'],
    ['2024-03-05', '2024-03-05 00:00:00'],
    ['2024.3.5', '2024-03-05 00:00:00'],
    ['2024年3月5日', '2024-03-05 00:00:00'],
    ['2024年3月5日 14:05', '2024-03-05 14:05:00'],
    ['2024-03-05 14:05:33', '2024-03-05 14:05:33'],
    ['2024-03-05T14:05:33', '2024-03-05 14:05:33'],
    ['２０２４－０３－０５ １４：０５', '2024-03-05 14:05:00'],
    ['20240305', '2024-03-05 00:00:00'],
    ['1709647200', '2024-03-05 22:00:00'], // 2024-03-05 14:00 UTC = 22:00 in UTC+8
    ['1709647200000', '2024-03-05 22:00:00'],
    ['12/1/2010 8:26', '2010-12-01 08:26:00'], // month first when ambiguous
    ['25/12/2023', '2023-12-25 00:00:00'], // day first when the first number > 12
  ])('%s → %s', (raw, iso) => expect(parseDateTime(raw)).toBe(iso));
  it.each(['2024-02-30', '2024-13-01', 'yesterday', '', '2024-03-05 25:00:00'])('%s is rejected', (raw) => expect(parseDateTime(raw)).toBeNull());
  it('date drops the time; Excel serials', () => {
    expect(parseDate('2024-03-05 14:05')).toBe('2024-03-05');
    expect(excelSerialToIso(45352)).toBe('2024-03-01'); // 45292 = 2024-01-01, + 31 + 29
    expect(excelSerialToIso(45352.75)).toBe('2024-03-01 18:00:00');
    expect(excelSerialToIso(0, true)).toBe('1904-01-01');
  });
});

describe('money', () => {
  it.each([
    ['128.50', 128.5],
    ['¥1,234.50', 1234.5],
    ['￥88', 88],
    ['RMB 100', 100],
    ['100元', 100],
    ['１２３．５', 123.5],
    ['１，２３４', 1234],
    ['(30.00)', -30],
    ['30-', -30],
    ['-7', -7],
    ['12,5', 12.5],
  ])('%s → %d', (raw, v) => expect(parseNumber(raw)).toBe(v));
  it.each(['', 'abc', '1,23,4', '0x10', '--5'])('%s is rejected', (raw) => expect(parseNumber(raw)).toBeNull());
});

it('tiers and channels', () => {
  expect(['金卡会员', 'VIP', '钻石卡', '普卡', '普通会员', '银卡会员', '鑽石會員', 'Gold', '白金卡'].map(normaliseTier)).toEqual([
    '金卡',
    '钻石',
    '钻石',
    '普通',
    '普通',
    '银卡',
    '钻石',
    '金卡',
    '白金卡',
  ]);
  expect(['线上', '线下', '门店', '小程序', '网店', '美团外卖', 'Online', '電話'].map(normaliseChannel)).toEqual([
    'online',
    'offline',
    'offline',
    'online',
    'online',
    'online',
    'online',
    null,
  ]);
});

describe('other kinds from headers', () => {
  it('points: kind from labels, else from sign', async () => {
    const f = text('points.csv', '会员卡号,变动时间,积分,类型,原因\nM1,2024-03-01,100,获得,消费\nM1,2024-03-02,-40,兑换,换购\nM2,2024-03-03,-10,,\n');
    expect((await previewFile(f)).kind).toBe('points');
    const { kind, csv, report } = await importFile(f);
    expectReconciled(report);
    expect(kind).toBe('points');
    expect(csvRows(csv).map((r) => [r[2], r[3]])).toEqual([
      ['100', 'earn'],
      ['-40', 'redeem'],
      ['-10', 'redeem'],
    ]);
  });
  it('tier changes', async () => {
    const f = text('tiers.csv', '会员卡号,变更时间,原等级,新等级\nM1,2024-03-01,普卡,银卡会员\nM2,2024-03-02,金卡会员,VIP\n');
    const { kind, csv, report } = await importFile(f);
    expectReconciled(report);
    expect(kind).toBe('tier_changes');
    expect(csvRows(csv).map((r) => r.slice(2))).toEqual([
      ['普通', '银卡'],
      ['金卡', '钻石'],
    ]);
    expect(report.tierMapping).toEqual({ 普卡: '普通', 银卡会员: '银卡', 金卡会员: '金卡', VIP: '钻石' });
  });
  it('footfall: negative or fractional visitors rejected', async () => {
    const f = text('traffic.csv', '门店,日期,客流量\n旗舰店,2024-03-01,120\n旗舰店,2024-03-02,-3\n社区店,2024-03-01,2.5\n社区店,2024-03-02,"1,050"\n');
    const { kind, csv, report } = await importFile(f);
    expectReconciled(report);
    expect(kind).toBe('footfall');
    expect(report).toMatchObject({ rowsRead: 4, rowsLoaded: 2, rowsRejected: 2 });
    expect(report.rejected.map((r) => r.row)).toEqual([3, 4]);
    expect(csvRows(csv)).toEqual([
      ['旗舰店', '2024-03-01', '120'],
      ['社区店', '2024-03-02', '1050'],
    ]);
  });
  it('a caller-supplied kind and mapping override detection', async () => {
    const f = text('x.csv', 'a,b,c\nk1,2024-03-01,5\n');
    const { kind, csv, report } = await importFile(f, { kind: 'orders', mapping: { order_id: 'a', order_time: 'b', amount: 'c' } });
    expectReconciled(report);
    expect(kind).toBe('orders');
    expect(csvRows(csv)).toEqual([['k1', '2024-03-01 00:00:00', '', '', '', '5', '', '', '', 'false']]);
  });
});

describe('progress and cancellation', () => {
  const big = 'order_id,order_time,amount\n' + Array.from({ length: 50_000 }, (_, i) => `o${i},2024-03-01 10:00:00,${i % 100}`).join('\n');
  it('reports progress up to all rows and bytes', async () => {
    const seen: { bytes: number; rows: number }[] = [];
    const f = text('big.csv', big);
    const { report } = await importFile(f, { onProgress: (p) => seen.push(p) });
    expectReconciled(report);
    expect(report.rowsLoaded).toBe(50_000);
    expect(seen.length).toBeGreaterThanOrEqual(10); // every 5,000 rows
    expect(seen.at(-1)).toEqual({ bytes: f.bytes.length, rows: 50_000 });
    expect(seen.every((p, i) => i === 0 || p.rows >= seen[i - 1].rows)).toBe(true);
  });
  it('an aborted signal stops the import with AbortError', async () => {
    const ac = new AbortController();
    const done = importFile(text('big.csv', big), { signal: ac.signal, onProgress: (p) => p.rows >= 5_000 && ac.abort() });
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    const pre = new AbortController();
    pre.abort();
    await expect(importFile(text('big.csv', big), { signal: pre.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
