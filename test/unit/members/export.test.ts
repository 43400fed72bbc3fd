// Exports: formula neutralisation, phone masking, CSV BOM and quoting, XLSX round trip.
import { read, utils } from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { exportTable, type MemberRow } from '../../../src/lib/members/columns.ts';
import { describeTarget } from '../../../src/lib/members/describe.ts';
import { sortRows } from '../../../src/lib/members/rows.ts';
import { neutraliseCell, toCsv, toXlsx } from '../../../src/lib/export/table-file.ts';
import { maskPhone } from '../../../src/lib/members/mask.ts';

describe('neutraliseCell', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+86 138', "'+86 138"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['\nx', "'\nx"],
  ])('prefixes %j', (input, output) => expect(neutraliseCell(input)).toBe(output));
  it.each(['张三', 'a=b', '138****5678', '', "'already"])('leaves %j alone', (v) => expect(neutraliseCell(v)).toBe(v));
  it('keeps numbers (negative too) and null', () => {
    expect(neutraliseCell(-50)).toBe(-50);
    expect(neutraliseCell(0)).toBe(0);
    expect(neutraliseCell(null)).toBeNull();
  });
});

describe('maskPhone', () => {
  it('hides the middle of a mobile number', () => expect(maskPhone('13812345678')).toBe('138****5678'));
  it('handles +86 and short numbers', () => {
    expect(maskPhone('+8613812345678')).toBe('+86*******5678');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone('7')).toBe('*');
    expect(maskPhone(null)).toBe('');
  });
});

const ROWS: MemberRow[] = [
  { member_id: 'm1', tier: '钻石', home_store: '店A', phone: '13800000001', last_purchase: '2024-06-20', purchase_days: 3, spend: 550, rfm_group: 'important_value', p_alive: 0.9, next_purchase_days: 12.5, clv: 123.4, value_at_risk: 55 },
  { member_id: '=HYPERLINK("x")', tier: null, home_store: '店, "B"', phone: '=1+2', last_purchase: null, purchase_days: 1, spend: -20, rfm_group: null, p_alive: null, next_purchase_days: null, clv: null, value_at_risk: null },
];

describe('exportTable + toCsv', () => {
  it('masks phones when masked, names groups, neutralises text', () => {
    const masked = exportTable(ROWS, { lang: 'zh', masked: true, scheme: 'cn8' });
    expect(masked.header[0]).toBe('会员号');
    expect(masked.rows[0]).toEqual(['m1', '钻石', '店A', '138****0001', '2024-06-20', 3, 550, '重要价值客户', 0.9, 12.5, 123.4, 55]);
    const open = exportTable(ROWS, { lang: 'en', masked: false, scheme: 'cn8' });
    expect(open.rows[0][3]).toBe('13800000001');
    expect(open.rows[0][7]).toBe('Important value');
    const csv = toCsv(open);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Member ID,Tier,Store,Phone,Last visit,Visit days,Spend (1 yr),RFM group,P(alive),Next visit if active (days),CLV,Value at risk');
    expect(lines[1]).toBe('m1,钻石,店A,13800000001,2024-06-20,3,550,Important value,0.9,12.5,123.4,55');
    expect(lines[2]).toBe(`"'=HYPERLINK(""x"")",,"店, ""B""",'=1+2,,1,-20,,,,,`);
    expect(lines[3]).toBe('');
  });
  it('the CSV bytes start with the UTF-8 BOM EF BB BF', () => {
    const bytes = new TextEncoder().encode(toCsv({ header: ['会员'], rows: [] }));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe('toXlsx', () => {
  it('round-trips through @e965/xlsx: Chinese text, numbers as numbers, formulas neutralised', () => {
    const bytes = toXlsx(exportTable(ROWS, { lang: 'zh', masked: true, scheme: 'cn8' }));
    const book = read(bytes, { type: 'array' });
    const sheet = book.Sheets[book.SheetNames[0]];
    const back = utils.sheet_to_json<unknown[]>(sheet, { header: 1, defval: null });
    expect(back[0]).toEqual(['会员号', '等级', '所属门店', '手机号', '最近消费', '消费天数', '近一年消费', 'RFM 分组', '仍活跃概率', '若仍活跃，几天后再来', '预测价值', '风险价值']);
    expect(back[1]).toEqual(['m1', '钻石', '店A', '138****0001', '2024-06-20', 3, 550, '重要价值客户', 0.9, 12.5, 123.4, 55]);
    expect(back[2]).toEqual([`'=HYPERLINK("x")`, null, '店, "B"', '**+2', null, 1, -20, '', null, null, null, null]);
    expect(Object.values(sheet).some((c) => typeof c === 'object' && c !== null && 'f' in c)).toBe(false); // no formula cells
  });
});

describe('describeTarget', () => {
  it('names targets in both languages', () => {
    expect(describeTarget({ list: 'rfm', scheme: 'cn8', group: 'important_winback' }, 'zh')).toBe('RFM（八类模型）：重要挽留客户');
    expect(describeTarget({ list: 'rfm', scheme: 'eleven', group: 'champions' }, 'en')).toBe('RFM (11 groups): Champions');
    expect(describeTarget({ list: 'lifecycle', stage: 'at_risk' }, 'zh')).toBe('生命周期：预警');
    expect(describeTarget({ list: 'nps_class', npsClass: 'detractor' }, 'en')).toBe('NPS: detractors');
    expect(describeTarget({ list: 'tier', tier: '钻石' }, 'en')).toBe('Tier: 钻石');
    expect(describeTarget({ list: 'all' }, 'zh')).toBe('期内消费会员');
  });
});

describe('sortRows', () => {
  const r = (member_id: string, spend: number | null, tier: string | null) => ({ ...ROWS[0], member_id, spend, tier }) as MemberRow;
  const rows = [r('a', 5, '金卡'), r('b', null, null), r('c', 10, '钻石'), r('d', 5, '普通')];
  it('numbers both ways, empty values last, ties by member id', () => {
    expect(sortRows(rows, 'spend', 'desc').map((x) => x.member_id)).toEqual(['c', 'a', 'd', 'b']);
    expect(sortRows(rows, 'spend', 'asc').map((x) => x.member_id)).toEqual(['a', 'd', 'c', 'b']);
    expect(sortRows(rows, 'tier', 'asc').at(-1)!.member_id).toBe('b');
  });
});
