/**
 * The member list's columns as people see them (table header, exports): labels, units, and the
 * cell values after masking and group naming. One definition for the screen and the files.
 */
import type { Lang } from '../format.ts';
import type { MetricUnit } from '../metrics/define.ts';
import { rfmGroups } from '../metrics/rfm-schemes.ts';
import type { MemberListColumn } from './list.ts';
import { maskName, maskPhone } from './mask.ts';

/** How a column is printed and exported: a metric unit, a calendar day, or text. */
export type ColumnKind = MetricUnit | 'date';

export interface MemberColumn {
  key: MemberListColumn;
  label: Record<Lang, string>;
  unit?: MetricUnit;
  /** Personal data: masked on screen and in exports unless the user unmasks (never in presentation mode). */
  personal?: boolean;
  date?: boolean;
}

export const MEMBER_COLUMNS: readonly MemberColumn[] = [
  { key: 'member_id', label: { zh: '会员号', en: 'Member ID' } },
  { key: 'name', label: { zh: '姓名', en: 'Name' }, personal: true },
  { key: 'tier', label: { zh: '等级', en: 'Tier' } },
  { key: 'home_store', label: { zh: '所属门店', en: 'Home store' } },
  { key: 'phone', label: { zh: '手机号', en: 'Phone' }, personal: true },
  { key: 'last_purchase', label: { zh: '最近消费', en: 'Last visit' }, date: true },
  { key: 'purchase_days', label: { zh: '消费天数', en: 'Visit days' }, unit: 'count' },
  { key: 'spend', label: { zh: '近一年消费', en: 'Spend (1 yr)' }, unit: 'yuan' },
  { key: 'rfm_group', label: { zh: 'RFM 分组', en: 'RFM group' } },
  { key: 'p_alive', label: { zh: '仍活跃概率', en: 'P(alive)' }, unit: 'ratio' },
  { key: 'next_purchase_days', label: { zh: '若仍活跃，几天后再来', en: 'Next visit if active (days)' }, unit: 'days' },
  { key: 'clv', label: { zh: '预测价值', en: 'CLV' }, unit: 'yuan' },
  { key: 'value_at_risk', label: { zh: '风险价值', en: 'Value at risk' }, unit: 'yuan' },
];

export type MemberRow = Record<MemberListColumn, string | number | null>;

/** A personal cell as shown: masked (phone: middle digits, name: all but the first character) or as is. */
export function personalCell(key: MemberListColumn, v: string | number | null, masked: boolean): string {
  const text = v === null ? '' : String(v);
  if (!masked) return text;
  return key === 'phone' ? maskPhone(text) : maskName(text);
}

/** The display name of an RFM group id under a scheme (the id itself when unknown). */
export function rfmGroupLabel(id: string | null, scheme: 'eleven' | 'cn8', lang: Lang): string {
  if (!id) return '';
  return rfmGroups(scheme).find((g) => g.id === id)?.label[lang] ?? id;
}
