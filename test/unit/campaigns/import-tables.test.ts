// Import of the benefits, campaigns and communities tables from store-style files (test/fixtures/benefits/README.md):
// kind detection, header synonyms, label normalisation with its mapping reported, and rejected rows naming file/row/column.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importFile, previewFile, type SourceFile } from '../../../workers/import/index.ts';
import { normaliseArm, normaliseBenefitType, normaliseContactChannel } from '../../../workers/import/campaign-labels.ts';
import { csvRows, expectReconciled } from '../import/helpers.ts';

const file = (name: string): SourceFile => ({ name, bytes: new Uint8Array(readFileSync(`test/fixtures/benefits/${name}`)) });

describe('benefits file', () => {
  it('is detected as benefits, with every column mapped from its Chinese header', async () => {
    const p = await previewFile(file('import-benefits.csv'));
    expect(p.kind).toBe('benefits');
    expect(p.mapping).toEqual({
      member_id: '会员卡号',
      benefit_type: '权益类型',
      issued_time: '发放时间',
      used_time: '核销时间',
      expiry_time: '过期时间',
      face_value: '面值',
      cost: '成本',
      campaign_id: '活动编号',
      order_id: '核销订单号',
      store: '核销门店',
    });
  });

  it('normalises the benefit types, reports the mapping and rejects the row with an unreadable issue time', async () => {
    const { kind, csv, report } = await importFile(file('import-benefits.csv'));
    expectReconciled(report);
    expect(kind).toBe('benefits');
    expect(report).toMatchObject({ rowsRead: 9, rowsLoaded: 8, rowsRejected: 1 });
    expect(report.rejected[0]).toMatchObject({ file: 'import-benefits.csv', row: 8, column: '发放时间', value: 'not a date' });
    const rows = csvRows(csv);
    expect(rows.map((r) => r[1])).toEqual(['生日礼', '会员日', '积分兑换', '新品优先/体验', '免费服务', '等级专属折扣', '其他', '优惠券']);
    // used_time empty = unused; expiry date-only → midnight
    expect(rows[1]).toEqual(['M002', '会员日', '2024-03-08 00:00:00', '', '2024-03-15 00:00:00', '20', '20', 'C-MD', '', '旗舰店']);
    expect(report.warnings).toContain('权益类型「生日券」→「生日礼」（1 行）/ 权益类型 "生日券" → "生日礼" (1 rows)');
    expect(report.warnings).toContain('权益类型「神秘礼物」→「其他」（1 行）/ 权益类型 "神秘礼物" → "其他" (1 rows)');
  });
});

describe('campaigns file', () => {
  it('English headers: detected, arms and channels normalised, an unknown group label rejected', async () => {
    const { kind, csv, report } = await importFile(file('import-campaigns.csv'));
    expectReconciled(report);
    expect(kind).toBe('campaigns');
    expect(report.mapping).toMatchObject({
      campaign_id: 'Campaign ID',
      channel: 'Contact Channel',
      member_id: 'Customer ID',
      sent_time: 'Sent At',
      arm: 'Group',
      cost_per_contact: 'Unit Cost',
    });
    expect(report).toMatchObject({ rowsRead: 7, rowsLoaded: 6, rowsRejected: 1 });
    expect(report.rejected[0]).toMatchObject({ file: 'import-campaigns.csv', row: 7, column: 'Group', value: 'B' });
    const rows = csvRows(csv);
    expect(rows.map((r) => [r[3], r[2], r[5]])).toEqual([
      ['M001', '短信', 'treatment'],
      ['M002', '短信', 'control'],
      ['M003', '短信', 'control'],
      ['M004', '短信', 'treatment'], // empty group = contacted
      ['M005', '企业微信', 'treatment'],
      ['M007', '公众号', 'treatment'],
    ]);
    expect(report.warnings.some((w) => w.includes('「小红书」无法识别'))).toBe(true);
  });
});

describe('communities file', () => {
  it('an impossible join date is left empty with a warning; a row without member id is rejected', async () => {
    const { kind, csv, report } = await importFile(file('import-communities.csv'));
    expectReconciled(report);
    expect(kind).toBe('communities');
    expect(report).toMatchObject({ rowsRead: 4, rowsLoaded: 3, rowsRejected: 1 });
    expect(report.rejected[0]).toMatchObject({ file: 'import-communities.csv', row: 5, column: '会员编号' });
    expect(csvRows(csv)).toEqual([
      ['M001', '社区店宝妈群', '2024-01-05', ''],
      ['M002', '社区店宝妈群', '2024-01-06', '2024-02-01'],
      ['M003', '旗舰店咖啡群', '', ''],
    ]);
  });
});

describe('label normalisers', () => {
  it('benefit types: birthday wins over coupon, points over coupon, unknown → 其他', () => {
    expect(normaliseBenefitType('生日优惠券')).toBe('生日礼');
    expect(normaliseBenefitType('Birthday Gift')).toBe('生日礼');
    expect(normaliseBenefitType('积分抵扣券')).toBe('积分兑换');
    expect(normaliseBenefitType('Member Day coupon')).toBe('会员日');
    expect(normaliseBenefitType('满200减30')).toBe('优惠券');
    expect(normaliseBenefitType('constructor')).toBe('其他');
  });
  it('arms: control words (incl. 未触达, which contains 触达) → control; unknown → null', () => {
    expect(normaliseArm('未触达')).toBe('control');
    expect(normaliseArm('Hold-out')).toBe('control');
    expect(normaliseArm('触达组')).toBe('treatment');
    expect(normaliseArm('A')).toBeNull();
  });
  it('channels: 企业微信 before 微信 (公众号); unknown → null', () => {
    expect(normaliseContactChannel('企业微信')).toBe('企业微信');
    expect(normaliseContactChannel('微信公众号')).toBe('公众号');
    expect(normaliseContactChannel('APP Push')).toBe('APP推送');
    expect(normaliseContactChannel('小红书')).toBeNull();
  });
});
