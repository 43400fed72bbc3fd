/** Reading one canonical field from a row: the mapped column, trimmed, parsed by its type. */
import type { ColumnType } from '../../src/lib/schema.ts';
import type { ColumnMapping } from './types.ts';
import { parseBoolean, parseDate, parseDateTime, parseInteger, parseNumber } from './values.ts';

export type Parsed = string | number | boolean | null;

const TYPE_NAMES: Record<ColumnType, [zh: string, en: string]> = {
  VARCHAR: ['文本', 'text'],
  DATE: ['日期', 'date'],
  TIMESTAMP: ['日期时间', 'date-time'],
  DOUBLE: ['数字', 'number'],
  INTEGER: ['整数', 'whole number'],
  BOOLEAN: ['是/否', 'yes/no'],
};

/** Rejection reason for unreadable text of a type (zh / en). */
export const unreadableReason = (type: ColumnType): string => `无法识别为${TYPE_NAMES[type][0]} / not a valid ${TYPE_NAMES[type][1]}`;

/** Type name for warnings (zh / en). */
export const typeLabel = (type: ColumnType): string => TYPE_NAMES[type].join(' / ');

/** Text → value of a canonical type; undefined when the text is not empty but unreadable. */
export function parseAs(type: ColumnType, text: string): Parsed | undefined {
  if (text === '') return null;
  let v: Parsed;
  switch (type) {
    case 'VARCHAR':
      return text;
    case 'DATE':
      v = parseDate(text);
      break;
    case 'TIMESTAMP':
      v = parseDateTime(text);
      break;
    case 'DOUBLE':
      v = parseNumber(text);
      break;
    case 'INTEGER':
      v = parseInteger(text);
      break;
    case 'BOOLEAN':
      v = parseBoolean(text);
      break;
  }
  return v === null ? undefined : v;
}

/** An id column as text: `17850.0` (an id that went through a float) reads as `17850`. */
export function idText(text: string): string {
  return text.endsWith('.0') && /^\d+\.0$/.test(text) ? text.slice(0, -2) : text;
}

/** Column indexes of the mapped fields (−1 = not mapped); throws on a header the file lacks. */
export function columnIndexes(headers: readonly string[], mapping: ColumnMapping, fields: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of fields) {
    const h = mapping[f];
    out[f] = h ? headers.indexOf(h) : -1;
    if (h && out[f] < 0) throw new Error(`mapped column "${h}" is not in the file`);
  }
  return out;
}

/** Trimmed cell text, '' when the column is missing or not mapped. */
export const cellAt = (cells: readonly string[], idx: number): string => (idx >= 0 && idx < cells.length ? cells[idx].trim() : '');
