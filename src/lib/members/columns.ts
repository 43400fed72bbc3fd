/**
 * The member list's columns as people see them (table header, exports): labels, units, and the
 * cell values after masking and group naming. One definition for the screen and the files.
 */
import type { Lang } from '../format.ts';
import type { MetricUnit } from '../metrics/define.ts';
import { rfmGroups } from '../metrics/rfm-schemes.ts';
import type { Cell, ExportTable } from '../export/table-file.ts';
import type { MemberListColumn } from './list.ts';
import { maskPhone } from './mask.ts';

export interface MemberColumn {
  key: MemberListColumn;
  label: Record<Lang, string>;
  unit?: MetricUnit;
}

export const MEMBER_COLUMNS: readonly MemberColumn[] = [
  { key: 'member_id', label: { zh: '会员号', en: 'Member ID' } },
  { key: 'tier', label: { zh: '等级', en: 'Tier' } },
  { key: 'home_store', label: { zh: '所属门店', en: 'Store' } },
  { key: 'phone', label: { zh: '手机号', en: 'Phone' } },
  { key: 'last_purchase', label: { zh: '最近消费', en: 'Last visit' } },
  { key: 'purchase_days', label: { zh: '消费天数', en: 'Visit days' }, unit: 'count' },
  { key: 'spend', label: { zh: '近一年消费', en: 'Spend (1 yr)' }, unit: 'yuan' },
  { key: 'rfm_group', label: { zh: 'RFM 分组', en: 'RFM group' } },
  { key: 'p_alive', label: { zh: '仍活跃概率', en: 'P(alive)' }, unit: 'ratio' },
  { key: 'next_purchase_days', label: { zh: '若仍活跃，几天后再来', en: 'Next visit if active (days)' }, unit: 'days' },
  { key: 'clv', label: { zh: '预测价值', en: 'CLV' }, unit: 'yuan' },
  { key: 'value_at_risk', label: { zh: '风险价值', en: 'Value at risk' }, unit: 'yuan' },
];

export type MemberRow = Record<MemberListColumn, string | number | null>;

/** The display name of an RFM group id under a scheme (the id itself when unknown). */
export function rfmGroupLabel(id: string | null, scheme: 'eleven' | 'cn8', lang: Lang): string {
  if (!id) return '';
  return rfmGroups(scheme).find((g) => g.id === id)?.label[lang] ?? id;
}

/** A row's cells in column order as exported: phones masked when `masked`, RFM groups named, raw numbers. */
export function exportTable(rows: readonly MemberRow[], opts: { lang: Lang; masked: boolean; scheme: 'eleven' | 'cn8' }): ExportTable {
  const cell = (row: MemberRow, c: MemberColumn): Cell => {
    const v = row[c.key];
    if (c.key === 'phone') return opts.masked ? maskPhone(v as string | null) : ((v as string | null) ?? '');
    if (c.key === 'rfm_group') return rfmGroupLabel(v as string | null, opts.scheme, opts.lang);
    return v;
  };
  return { header: MEMBER_COLUMNS.map((c) => c.label[opts.lang]), rows: rows.map((r) => MEMBER_COLUMNS.map((c) => cell(r, c))) };
}
