/**
 * Cell text → canonical values: dates/timestamps, money and numbers, booleans. Each parser
 * returns null when the text cannot be read; hot paths (ISO timestamps, plain numbers) are
 * checked with cheap character tests before any regex.
 */
import { isoTimestamp } from '../canonical-csv.ts';

/** Epoch numbers are wall-clock China Standard Time (UTC+8, no DST): the product's stores. */
export const EPOCH_UTC_OFFSET_HOURS = 8;

// eslint-disable-next-line no-control-regex -- the ASCII range starts at \x00 by definition
const NON_ASCII = /[^\x00-\x7f]/;
const fold = (s: string) => (NON_ASCII.test(s) ? s.normalize('NFKC') : s);

function daysIn(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function build(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): string | null {
  if (!(y >= 1900 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo))) return null;
  if (!(h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 59)) return null;
  return isoTimestamp(y, mo, d, h, mi, s);
}

function fromEpochMs(ms: number): string | null {
  const d = new Date(ms + EPOCH_UTC_OFFSET_HOURS * 3_600_000);
  return build(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const YMD =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s]*(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2})(?:\.\d+)?\s*秒?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$/;
const DMY = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:[T\s]?(\d{2}):?(\d{2}):?(\d{2})?)?$/;

/**
 * A date or date-time in common Chinese/ISO forms → `YYYY-MM-DD HH:MM:SS` (midnight for dates):
 * 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, optional 14:05[:33]; 20240305[143005];
 * epoch seconds (10 digits) or millis (13 digits); day-first/month-first with the year last
 * (month first unless the first number is > 12). Excel serials are converted by the XLSX reader.
 */
export function parseDateTime(raw: string): string | null {
  const s = fold(raw.trim());
  const n = s.length;
  // Fast path: `YYYY-MM-DD HH:MM:SS` as most exports (and our own canonical form) write it.
  if (n === 19 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58) {
    return build(+s.slice(0, 4), +s.slice(5, 7), +s.slice(8, 10), +s.slice(11, 13), +s.slice(14, 16), +s.slice(17, 19));
  }
  if (n === 0) return null;
  if (isDigit(s.charCodeAt(0)) && /^\d+$/.test(s)) {
    if (n === 10) return fromEpochMs(+s * 1000);
    if (n === 13) return fromEpochMs(+s);
  }
  let m = YMD.exec(s) ?? COMPACT.exec(s);
  if (m) return build(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  m = DMY.exec(s);
  if (m) {
    const [a, b] = [+m[1], +m[2]];
    const [mo, d] = a > 12 ? [b, a] : [a, b];
    return build(+m[3], mo, d, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  }
  return null;
}

/** A date → `YYYY-MM-DD` (any time part is dropped). */
export function parseDate(raw: string): string | null {
  const t = parseDateTime(raw);
  return t === null ? null : t.slice(0, 10);
}

const CURRENCY = /¥|rmb|cny|元|\$|us\$|usd|€|£|\s/gi;
const THOUSANDS = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const DECIMAL_COMMA = /^[-+]?\d+,\d{1,2}$/;

/**
 * Money or any number: ¥/￥/RMB/元/$ and spaces dropped, full-width digits and `．，` folded,
 * `1,234.50` thousands separators, `(30.00)` and `30-` as negatives, `12,5` (1–2 digits after a
 * lone comma) as a decimal comma. Null when not a finite number.
 */
export function parseNumber(raw: string): number | null {
  const c0 = raw.charCodeAt(0);
  // Fast path: a plain number (not `0x..`, `0b..`, which Number() would also accept).
  if ((isDigit(c0) || c0 === 45 || c0 === 46) && !(c0 === 48 && raw.length > 1 && raw.charCodeAt(1) > 57)) {
    const v = Number(raw);
    if (Number.isFinite(v)) return v;
  }
  let s = fold(raw).replace(CURRENCY, '');
  if (s === '') return null;
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) [negative, s] = [true, s.slice(1, -1)];
  else if (s.endsWith('-') && s.length > 1) [negative, s] = [true, s.slice(0, -1)];
  if (s.includes(',')) {
    if (THOUSANDS.test(s)) s = s.replaceAll(',', '');
    else if (DECIMAL_COMMA.test(s)) s = s.replace(',', '.');
    else return null;
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? (negative ? -v : v) : null;
}

/** A whole number (counts, years); null when fractional or unreadable. */
export function parseInteger(raw: string): number | null {
  const v = parseNumber(raw);
  return v !== null && Number.isInteger(v) ? v : null;
}

const TRUE = new Set(['true', 't', '1', 'y', 'yes', '是', '退款', '退货', '已退款', '已退货', 'refund', 'refunded', 'returned']);
const FALSE = new Set(['false', 'f', '0', 'n', 'no', '否', '正常', '未退款', 'none']);

/** Yes/no in zh/en; null when neither. */
export function parseBoolean(raw: string): boolean | null {
  const k = fold(raw.trim()).toLowerCase();
  return TRUE.has(k) ? true : FALSE.has(k) ? false : null;
}
