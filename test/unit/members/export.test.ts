// Exports: formula neutralisation, phone masking, CSV BOM and quoting, XLSX round trip.
import { read, utils } from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { type MemberRow } from '../../../src/lib/members/columns.ts';
import { callListTable } from '../../../src/lib/members/call-list.ts';
import { describeTarget } from '../../../src/lib/members/describe.ts';
import { sortRows } from '../../../src/lib/members/rows.ts';
import { neutraliseCell, toCsv, toXlsx } from '../../../src/lib/export/table-file.ts';
import { maskName, maskPhone } from '../../../src/lib/members/mask.ts';

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
  {
    member_id: 'm1',
    name: '张伟',
    tier: '钻石',
    home_store: '店A',
    phone: '13800000001',
    last_purchase: '2024-06-20',
    purchase_days: 3,
    spend: 13179.600000000002,
    rfm_group: 'important_value',
    p_alive: 1.584009357113245e-8,
    next_purchase_days: 12.54,
    clv: 123.456,
    value_at_risk: 55,
  },
  {
    member_id: '=HYPERLINK("x")',
    name: '=cmd',
    tier: null,
    home_store: '店, "B"',
    phone: '=1+2',
    last_purchase: null,
    purchase_days: 1,
    spend: -20,
    rfm_group: null,
    p_alive: null,
    next_purchase_days: null,
    clv: null,
    value_at_risk: null,
  },
];
const PERIOD = { from: '2024-04-01', to: '2024-07-01' };
const AT_RISK = { list: 'lifecycle', stage: 'at_risk' } as const;

describe('callListTable + toCsv (issue 10: call-ready exports)', () => {
  it('who, why, what to do, then the numbers; masked by default; money to the cent; no float noise', () => {
    const t = callListTable(ROWS, { lang: 'zh', masked: true, scheme: 'cn8', target: AT_RISK, params: PERIOD });
    expect(t.header).toEqual([
      '会员号',
      '姓名',
      '手机号',
      '所属门店',
      '等级',
      '最近消费',
      '上榜原因',
      '建议动作',
      '消费天数',
      '近一年消费',
      'RFM 分组',
      '仍活跃概率',
      '若仍活跃，几天后再来',
      '预测价值',
      '风险价值',
    ]);
    // 2024-06-20 → the period's last day 2024-06-30: 10 days; the first playbook action aimed at 预警 members
    expect(t.rows[0]).toEqual([
      'm1',
      '张*',
      '138****0001',
      '店A',
      '钻石',
      '2024-06-20',
      '生命周期：预警；距上次消费 10 天',
      '预警期会员：导购一对一微信/电话回访',
      3,
      13179.6,
      '重要价值客户',
      0,
      12.5,
      123.46,
      55,
    ]);
    expect(t.formats).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      'date',
      undefined,
      undefined,
      undefined,
      'money',
      undefined,
      'percent',
      'decimal',
      'money',
      'money',
    ]);
    expect(t.about).toContainEqual(['名单', '生命周期：预警']);
    expect(t.about).toContainEqual(['个人信息', '已打码（手机号中间四位、姓名仅留姓）']);
    expect(t.about).toContainEqual(['时间', '2024/04/01 ~ 2024/06/30']);
  });
  it('unmasked only when asked; the action the user came from is the suggested action; headers in English', () => {
    const t = callListTable(ROWS, { lang: 'en', masked: false, scheme: 'cn8', target: { ...AT_RISK, action: 'at_risk_nudge' }, params: { ...PERIOD, stores: ['店A'] } });
    expect(t.rows[0].slice(0, 3)).toEqual(['m1', '张伟', '13800000001']);
    expect(t.rows[0][7]).toBe('Reach members at risk before they fall asleep');
    expect(t.header[6]).toBe('Why on the list');
    expect(t.about).toContainEqual(['Scope', 'members whose home store is the filtered store']);
    expect(t.about).toContainEqual(['Personal data', 'NOT masked: for the store’s own follow-up only, do not share']);
  });
  it('value at risk states each member’s P(alive); the CSV starts with the about lines, then an empty line, then the table', () => {
    const t = callListTable([{ ...ROWS[0], p_alive: 0.031 }], { lang: 'zh', masked: true, scheme: 'cn8', target: { list: 'value_at_risk' }, params: PERIOD });
    expect(t.rows[0][6]).toBe('价值流失风险（仍活跃概率 < 50%，按风险价值排序）；仍活跃概率 3.1%');
    const csv = toCsv(t);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('名单,价值流失风险（仍活跃概率 < 50%，按风险价值排序）');
    const blank = lines.indexOf('');
    expect(lines[blank + 1]).toBe(t.header.join(','));
    expect(lines[blank + 2].startsWith('m1,张*,138****0001,店A,钻石,2024-06-20,价值流失风险（仍活跃概率 < 50%，按风险价值排序）；仍活跃概率 3.1%,')).toBe(true);
  });
  it('formula cells are neutralised in every column (names too)', () => {
    const csv = toCsv(callListTable(ROWS, { lang: 'zh', masked: false, scheme: 'cn8', target: AT_RISK, params: PERIOD }));
    const row = csv.split('\r\n').find((l) => l.startsWith('"\'=HYPERLINK'))!;
    expect(row.startsWith(`"'=HYPERLINK(""x"")",'=cmd,'=1+2,"店, ""B""",`)).toBe(true);
  });
  it('the CSV bytes start with the UTF-8 BOM EF BB BF', () => {
    const bytes = new TextEncoder().encode(toCsv({ header: ['会员'], rows: [] }));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe('toXlsx', () => {
  it('round-trips: Chinese text, numbers with number formats, real dates, the about sheet, formulas neutralised', () => {
    const bytes = toXlsx(callListTable(ROWS, { lang: 'zh', masked: true, scheme: 'cn8', target: AT_RISK, params: PERIOD }), '名单', '说明');
    const book = read(bytes, { type: 'array', cellDates: true, cellNF: true });
    expect(book.SheetNames).toEqual(['名单', '说明']);
    const sheet = book.Sheets['名单'];
    const back = utils.sheet_to_json<unknown[]>(sheet, { header: 1, defval: null });
    expect(back[0]).toEqual([
      '会员号',
      '姓名',
      '手机号',
      '所属门店',
      '等级',
      '最近消费',
      '上榜原因',
      '建议动作',
      '消费天数',
      '近一年消费',
      'RFM 分组',
      '仍活跃概率',
      '若仍活跃，几天后再来',
      '预测价值',
      '风险价值',
    ]);
    expect(sheet.F2.t).toBe('d'); // a real date
    expect((sheet.F2.v as Date).toISOString().slice(0, 10)).toBe('2024-06-20');
    expect(sheet.F2.z).toBe('yyyy-mm-dd');
    expect([sheet.J2.v, sheet.J2.z]).toEqual([13179.6, '#,##0.00']);
    expect([sheet.L2.v, sheet.L2.z]).toEqual([0, '0.0%']);
    expect([sheet.M2.v, sheet.M2.z]).toEqual([12.5, '0.0']);
    expect(back[2].slice(0, 4)).toEqual([`'=HYPERLINK("x")`, "'=***", '**+2', '店, "B"']);
    expect(Object.values(sheet).some((c) => typeof c === 'object' && c !== null && 'f' in c)).toBe(false); // no formula cells
    const about = utils.sheet_to_json<unknown[]>(book.Sheets['说明'], { header: 1, defval: null });
    expect(about[0]).toEqual(['名单', '生命周期：预警']);
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

describe('maskName', () => {
  it('keeps the first character only (spaces kept)', () => {
    expect(maskName('张伟')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('John Smith')).toBe('J*** *****');
    expect(maskName(null)).toBe('');
  });
});
