/** Reading one canonical field from a row: the mapped column, trimmed, parsed by its type. */
import type { ColumnType } from '../../src/lib/schema.ts';
import type { ColumnMapping } from '../../src/lib/engine/import-types.ts';
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

/** DuckDB INTEGER (int32): a count beyond it cannot be loaded. */
export const INT_MIN = -2_147_483_648;
export const INT_MAX = 2_147_483_647;
/** Beyond ±1e12 (一万亿) a money or score value is junk or a typo, and sums of such values lose every cent. */
export const MAX_ABS_NUMBER = 1e12;
/** Longest cell the importer loads: a store export's longest real field (a comment) is far below it. */
export const MAX_FIELD_CHARS = 32_768;

/** Why a parsed value cannot be loaded although it reads as its type (zh / en), or null when fine. */
export function rangeReason(type: ColumnType, v: Parsed): string | null {
  if (typeof v !== 'number') return null;
  if (type === 'INTEGER' && (v < INT_MIN || v > INT_MAX)) return `整数超出范围（${INT_MIN}～${INT_MAX}）/ whole number out of range (${INT_MIN} to ${INT_MAX})`;
  if (type === 'DOUBLE' && Math.abs(v) > MAX_ABS_NUMBER) return `数值超出合理范围（绝对值不超过 1 万亿）/ number beyond a sane bound (at most 1e12 in absolute value)`;
  return null;
}

/** Rejection reason for a cell longer than MAX_FIELD_CHARS (zh / en). */
export const tooLongReason = (chars: number): string =>
  `字段过长（${chars} 个字符，上限 ${MAX_FIELD_CHARS}）/ field too long (${chars} characters, the limit is ${MAX_FIELD_CHARS})`;

// Bidirectional overrides/isolates/marks and zero-width characters: invisible, yet they reorder
// or split what a name shows (an "RTL override" spoofs text; a zero-width space makes two ids differ).
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff]/g;
const HAS_INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff]/;

/** Text without invisible direction and zero-width characters. */
export const stripInvisible = (s: string): string => (HAS_INVISIBLE.test(s) ? s.replace(INVISIBLE, '') : s);

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
export const cellAt = (cells: readonly string[], idx: number): string => (idx >= 0 && idx < cells.length ? stripInvisible(cells[idx]).trim() : '');
