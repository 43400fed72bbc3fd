// Issue 10 "Import polish": store columns named 消费门店 & co. are recognised; a missing or mostly
// empty store/channel/member column is reported with what it costs; report lines are in one
// language with field labels, not internal names.
import { describe, expect, it } from 'vitest';
import { localizeMessage } from '../../../src/components/import/strings.ts';
import { optionalColumnWarnings } from '../../../workers/import/coverage.ts';
import { mapColumns } from '../../../workers/import/detect-kind.ts';
import { importFile } from '../../../workers/import/index.ts';

const csv = (text: string, name = 'orders.csv') => ({ name, bytes: new TextEncoder().encode(text) });

describe('store synonyms', () => {
  for (const header of ['消费门店', '交易门店', '门店名称', '销售门店', '下单门店']) {
    it(`${header} maps to store in an orders file`, () => {
      expect(mapColumns('orders', ['订单号', '下单时间', '会员卡号', header, '实付金额']).mapping.store).toBe(header);
    });
  }

  it('an orders file with 消费门店 imports its stores and warns about nothing store-related', async () => {
    const { report, csv: out } = await importFile(
      csv('订单号,下单时间,会员卡号,消费门店,渠道,实付金额\nA1,2024-03-01 10:00,M1,浦东店,线下,100\nA2,2024-03-02 11:00,M2,徐汇店,线上,50\n'),
    );
    expect(report.mapping.store).toBe('消费门店');
    expect(out).toContain('浦东店');
    expect(report.warnings.filter((w) => w.includes('门店'))).toEqual([]);
  });
});

describe('optional columns a panel needs', () => {
  const headers = ['订单号', '下单时间', '会员卡号', '门店', '渠道', '实付金额'];
  const full = { order_id: '订单号', order_time: '下单时间', member_id: '会员卡号', store: '门店', channel: '渠道', amount: '实付金额' };
  const rows = [
    ['A1', '2024-03-01', 'M1', '浦东店', '线下', '10'],
    ['A2', '2024-03-01', '', '', '线下', '10'],
    ['A3', '2024-03-01', '', '', '线下', '10'],
    ['', '', '', '', '', ''], // blank rows do not count
  ];

  it('no warning when every needed column is mapped and filled', () => {
    expect(
      optionalColumnWarnings(
        'orders',
        headers,
        full,
        rows.map((r) => r.map((c) => c || 'x')),
      ),
    ).toEqual([]);
  });

  it('an absent store column says which panels lose what', () => {
    const { store: _, ...noStore } = full;
    const warnings = optionalColumnWarnings(
      'orders',
      headers,
      noStore,
      rows.map((r) => r.map((c) => c || 'x')),
    );
    expect(warnings).toHaveLength(1);
    expect(localizeMessage(warnings[0], 'zh')).toBe('没有门店列：罗盘的门店对比、门店筛选和各门店指标不可用');
    expect(localizeMessage(warnings[0], 'en')).toMatch(/^no store column: .*store comparison/);
  });

  it('columns filled in 1 of 3 data rows (33% < 50%) are reported with their share', () => {
    const warnings = optionalColumnWarnings('orders', headers, full, rows);
    expect(warnings.map((w) => localizeMessage(w, 'en').split(':')[0])).toEqual([
      'the store column "门店" is filled in only 33% of rows',
      'the member id column "会员卡号" is filled in only 33% of rows',
    ]);
  });

  it('other kinds (members, surveys…) are not checked', () => {
    expect(optionalColumnWarnings('members', ['会员卡号'], { member_id: '会员卡号' }, [['M1']])).toEqual([]);
  });

  it('the import report carries the warning for a file whose store column is unknown', async () => {
    const { report } = await importFile(csv('订单号,下单时间,会员卡号,奇怪的列,渠道,实付金额\nA1,2024-03-01 10:00,M1,浦东店,线下,100\n'));
    expect(report.warnings.map((w) => localizeMessage(w, 'zh'))).toContain('没有门店列：罗盘的门店对比、门店筛选和各门店指标不可用');
  });
});

describe('one language per report line', () => {
  it('keeps the half for the UI language', () => {
    const w = '没有订单号列：按行号生成订单号 / no order id column: order ids generated from line numbers';
    expect(localizeMessage(w, 'zh')).toBe('没有订单号列：按行号生成订单号');
    expect(localizeMessage(w, 'en')).toBe('no order id column: order ids generated from line numbers');
  });

  it('shows field labels instead of internal names', () => {
    const reason = '缺少必填值 / missing required value (order_time)';
    expect(localizeMessage(reason, 'en')).toBe('missing required value (order time)');
    expect(localizeMessage('缺少必填值（见下） (order_time) / x', 'zh')).toBe('缺少必填值（见下） （下单时间）');
    expect(localizeMessage(reason, 'zh')).not.toMatch(/order_time|[a-z]{3,}/);
  });

  it('leaves text without a separator as it is', () => {
    expect(localizeMessage('plain text (not_a_field)', 'zh')).toBe('plain text (not_a_field)');
  });
});
