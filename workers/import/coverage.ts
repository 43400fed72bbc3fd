/**
 * Optional columns that whole panels depend on: when a file of orders/line items has no such
 * column, or the column is empty in most data rows, the import report says which panels lose
 * what (a store file whose 消费门店 column was not recognised must not pass silently).
 */
import type { ColumnMapping, ImportKind } from '../../src/lib/engine/import-types.ts';

/** Share of data rows below which a mapped column counts as "mostly empty". */
export const MOSTLY_EMPTY_SHARE = 0.5;

const NEEDED: { field: string; zh: string; en: string; loses: { zh: string; en: string } }[] = [
  {
    field: 'store',
    zh: '门店',
    en: 'store',
    loses: { zh: '罗盘的门店对比、门店筛选和各门店指标不可用', en: 'the compass store comparison, the store filter and per-store metrics are unavailable' },
  },
  {
    field: 'channel',
    zh: '渠道',
    en: 'channel',
    loses: { zh: '线上/线下拆分和渠道筛选不可用', en: 'the online/offline split and the channel filter are unavailable' },
  },
  {
    field: 'member_id',
    zh: '会员号',
    en: 'member id',
    loses: {
      zh: '这些订单都算作非会员消费：复购、流失预警、客群、价值和会员名单都没有这些订单',
      en: 'these orders all count as walk-in sales: repurchase, churn warning, segments, value and member lists leave them out',
    },
  },
];

const KINDS_WITH_PANELS: readonly ImportKind[] = ['orders', 'line_items'];

/**
 * Warnings (zh / en, like every import warning) for needed optional columns that are absent or
 * filled in fewer than MOSTLY_EMPTY_SHARE of the data rows. `rows` are the file's rows after the
 * header (blank rows ignored).
 */
export function optionalColumnWarnings(kind: ImportKind, headers: readonly string[], mapping: ColumnMapping, rows: readonly (readonly string[])[]): string[] {
  const data = rows.filter((r) => r.some((c) => c.trim() !== ''));
  return coverageWarnings(kind, headers, mapping, data.length, (index) => data.filter((r) => (r[index] ?? '').trim() !== '').length);
}

/** The same from counts: `dataRows` non-blank rows, `filled(index)` of them with a value in column `index` (the SQL import counts in SQL). */
export function coverageWarnings(kind: ImportKind, headers: readonly string[], mapping: ColumnMapping, dataRows: number, filled: (index: number) => number): string[] {
  if (!KINDS_WITH_PANELS.includes(kind)) return [];
  const warnings: string[] = [];
  for (const need of NEEDED) {
    const column = mapping[need.field];
    const index = column ? headers.indexOf(column) : -1;
    if (index < 0) {
      warnings.push(`没有${need.zh}列：${need.loses.zh} / no ${need.en} column: ${need.loses.en}`);
      continue;
    }
    if (dataRows === 0) continue;
    const n = filled(index);
    if (n / dataRows < MOSTLY_EMPTY_SHARE) {
      const pct = Math.round((100 * n) / dataRows);
      warnings.push(`${need.zh}列「${column}」只有 ${pct}% 的行有值：${need.loses.zh} / the ${need.en} column "${column}" is filled in only ${pct}% of rows: ${need.loses.en}`);
    }
  }
  return warnings;
}
