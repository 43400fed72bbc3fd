/**
 * The one SQL projection of the orders import (issue 14), shared by the browser (DuckDB-WASM) and
 * the command line (native DuckDB): over raw VARCHAR columns c0…cN it says which rows it reads
 * exactly as values.ts would (`fast`) and the canonical value of each column for those rows. Rows
 * it does not read go through the JS converters (sql-orders.ts).
 */
import type { ColumnMapping } from '../../src/lib/engine/import-types.ts';
import { TABLES } from '../../src/lib/schema.ts';
import { MAX_FIELD_CHARS } from './fields.ts';

export const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

// JS `trim()` whitespace and the invisible characters cellAt strips (fields.ts), as RE2 classes.
export const EDGE = String.raw`[\s\x{0b}\x{a0}\x{feff}\x{2028}\x{2029}\p{Z}]`;
export const INVISIBLE = String.raw`[\x{200b}-\x{200f}\x{202a}-\x{202e}\x{2060}-\x{2064}\x{2066}-\x{2069}\x{061c}\x{feff}]`;
/** First characters isSummaryRow looks at (header.ts SUMMARY_FIRST) or JS whitespace. */
const SUMMARY_OR_EDGE = String.raw`^([\s\x{0b}\x{a0}\x{feff}\x{2028}\x{2029}\p{Z}]|[合总總小汇匯共tTsSgG])`;
const ID = '^[0-9A-Za-z_-]+$';
const NUMBER = String.raw`^-?\d{1,12}(\.\d+)?$`; // ≤ 12 integer digits: always within MAX_ABS_NUMBER
const INTEGER = String.raw`^-?\d{1,9}$`; // always within INT32
const D = '[0-9]';
/**
 * `YYYY-MM-DD hh:mm:ss` with hh 00–23, mm and ss 00–59, as two GLOBs (whole-string matches, ASCII digits like RE2's `\d`):
 * a GLOB is about half an RE2 test's CPU, and with the time's fields in range try_cast reads exactly what
 * try_strptime(…, '%Y-%m-%d %H:%M:%S') reads (both refuse 2023-02-29, both read year 0000) at about half its CPU.
 */
const TIMESTAMP_GLOBS = [`${D}${D}${D}${D}-${D}${D}-${D}${D} [01]${D}:[0-5]${D}:[0-5]${D}`, `${D}${D}${D}${D}-${D}${D}-${D}${D} 2[0-3]:[0-5]${D}:[0-5]${D}`];
const DATE_GLOB = `${D}${D}${D}${D}-${D}${D}-${D}${D}`;
/** Fields whose fast test lets a cell start only with an ASCII digit or '-' (never a summary label or whitespace). */
const STARTS_NUMERIC = new Set(['order_time', 'amount', 'item_count', 'discount', 'points_used']);
/**
 * ID in the first two columns, not starting like a summary row: an ID cell starts with no whitespace or CJK summary
 * label, so of SUMMARY_OR_EDGE only its ASCII letters t T s S g G are left, kept out of the first character here
 * (one RE2 test for both; a separate `NOT IN` list was planned as a hash join, which lost the rows' order).
 */
const ID_NOT_SUMMARY = '^[0-9A-FH-RU-Za-fh-ru-z_-][0-9A-Za-z_-]*$';
const ID_FIELDS = new Set(['order_id', 'member_id']);
/** Fields whose fast cells are at most this long (order_time 19, item_count 10 characters); channel and is_refund when every label is. */
const BOUNDED = new Set(['order_time', 'item_count']);

/** Labels mapped by the JS normalisers, at most this many per column written into the SQL (more: that column's rows take the JS path). */
export const MAX_LABELS = 64;

export const rawCol = (j: number) => `c${j}`;
/** A raw cell, '' for a missing one (as the JS reader sees it). */
export const cell = (j: number) => `coalesce(c${j}, '')`;

/** A text cell the JS path would keep as is (nothing to trim or strip): one RE2 pass for both tests. */
const plainText = (v: string) => `(${v} = '' OR NOT regexp_matches(${v}, '^${EDGE}|${EDGE}$|${INVISIBLE}'))`;

/** Raw label → canonical value as a CASE (NULL for a label the JS normaliser does not map). */
function labelCase(x: string, pairs: [string, string | boolean][], type: 'VARCHAR' | 'BOOLEAN'): string {
  if (!pairs.length) return `NULL::${type}`;
  return `(CASE ${x} ${pairs.map(([r, c]) => `WHEN ${quote(r)} THEN ${typeof c === 'boolean' ? c : quote(c)}`).join(' ')} END)`;
}

export interface Projection {
  /** `expr AS _v_<column>, …`: each value parsed once (a layer under `fast` and `select`, which refer to them). */
  values: string;
  /** True for a row the projection reads (boolean SQL over c0… and _v_…, never NULL). */
  fast: string;
  /** `expr AS column, …` in TABLES.orders order, typed as the schema (over _v_…). */
  select: string;
}

/**
 * The projection over raw columns: `colOf(field)` is the raw column index of a canonical field
 * (-1: not mapped); `labels` holds the JS-normalised channel and refund labels (null: too many).
 */
export function ordersProjection(width: number, colOf: (field: string) => number, labels: { channel: [string, string][] | null; refund: [string, boolean][] | null }): Projection {
  // The fields read from each raw column (a column the mapping names twice has both tests).
  const fieldsOf = (j: number) => TABLES.orders.filter((c) => colOf(c.name) === j).map((c) => c.name);
  // Not a summary row: the first two cells start like no summary label. Each test below is ANDed with the column's
  // own fast test, so where that test already allows only a digit or '-' first, nothing is left to test, and where
  // it allows only '' or an ID, that ID's pattern leaves out the summary letters (ID_NOT_SUMMARY).
  const summary = (j: number) => (fieldsOf(j).some((f) => STARTS_NUMERIC.has(f) || ID_FIELDS.has(f)) ? [] : [`NOT regexp_matches(c${j}, '${SUMMARY_OR_EDGE}')`]);
  const idPattern = (j: number) => (j < 2 ? ID_NOT_SUMMARY : ID);
  // No field longer than MAX_FIELD_CHARS, over the columns whose own test does not bound them: the byte length (no
  // scan) first, the character count only for a row where some field has more bytes than that.
  const labelsBounded = (pairs: [string, unknown][] | null) => (pairs ?? []).every(([r]) => r.length <= MAX_FIELD_CHARS);
  const bounded = (j: number) =>
    fieldsOf(j).some((f) => BOUNDED.has(f) || (f === 'channel' && labelsBounded(labels.channel)) || (f === 'is_refund' && labelsBounded(labels.refund)));
  const unbounded = Array.from({ length: width }, (_, j) => j).filter((j) => !bounded(j));
  const longest = (len: string) => (unbounded.length === 1 ? `${len}(${cell(unbounded[0])})` : `greatest(${unbounded.map((j) => `${len}(${cell(j)})`).join(', ')})`);
  const fast: string[] = [
    ['c0 IS NOT NULL', 'c1 IS NOT NULL', ...summary(0), ...summary(1)].join(' AND '),
    ...(unbounded.length ? [`CASE WHEN ${longest('strlen')} <= ${MAX_FIELD_CHARS} THEN true ELSE ${longest('length')} <= ${MAX_FIELD_CHARS} END`] : []),
  ];
  const value: Record<string, string> = {};
  for (const col of TABLES.orders) {
    const j = colOf(col.name);
    if (j < 0) {
      value[col.name] = `NULL::${col.type}`;
      continue;
    }
    const x = cell(j);
    switch (col.name) {
      case 'order_id':
        fast.push(`regexp_matches(${x}, '${idPattern(j)}')`);
        value[col.name] = x;
        break;
      case 'member_id':
        fast.push(`(${x} = '' OR regexp_matches(${x}, '${idPattern(j)}'))`);
        value[col.name] = `nullif(${x}, '')`;
        break;
      case 'store':
        fast.push(plainText(x));
        value[col.name] = `nullif(${x}, '')`;
        break;
      case 'channel': {
        value[col.name] = labelCase(x, labels.channel ?? [], 'VARCHAR');
        fast.push(`(${x} = '' OR _v_channel IS NOT NULL)`);
        break;
      }
      case 'is_refund': {
        value[col.name] = labelCase(x, labels.refund ?? [], 'BOOLEAN');
        fast.push(`(${x} = '' OR _v_is_refund IS NOT NULL)`);
        break;
      }
      case 'order_time': {
        // The casts refuse impossible dates (2023-02-29); hours ≤ 23, minutes and seconds ≤ 59 and years 1900–2100 as values.ts.
        value[col.name] =
          `CASE WHEN ${TIMESTAMP_GLOBS.map((g) => `${x} GLOB '${g}'`).join(' OR ')} THEN try_cast(${x} AS TIMESTAMP) WHEN ${x} GLOB '${DATE_GLOB}' THEN try_strptime(${x}, '%Y-%m-%d') END`;
        fast.push(`_v_order_time IS NOT NULL AND year(_v_order_time) BETWEEN 1900 AND 2100`);
        break;
      }
      default: {
        const re = col.type === 'INTEGER' ? INTEGER : NUMBER;
        const cond = `regexp_matches(${x}, '${re}')`;
        fast.push(col.required ? cond : `(${x} = '' OR ${cond})`);
        value[col.name] = `CASE WHEN ${x} <> '' THEN TRY_CAST(${x} AS ${col.type}) END`; // the regex makes TRY_CAST exact
      }
    }
  }
  const values = TABLES.orders.map((col) => `(${value[col.name]})::${col.type} AS _v_${col.name}`).join(', ');
  const amount = '_v_amount';
  const refund = '_v_is_refund';
  // Refund rules of table-rows.ts applyKindRules: negative amount = refund; a flagged refund is negative.
  const select = TABLES.orders
    .map((col) => {
      if (col.name === 'is_refund') return `CASE WHEN ${amount} < 0 THEN true WHEN ${refund} IS NULL THEN false ELSE ${refund} END AS is_refund`;
      if (col.name === 'amount') return `CASE WHEN ${refund} = true AND ${amount} > 0 THEN -${amount} ELSE ${amount} END AS amount`;
      return `_v_${col.name} AS ${col.name}`;
    })
    .join(', ');
  return { values, fast: `coalesce((${fast.join(') AND (')}), false)`, select };
}

/** Every canonical field's raw column index (-1: not mapped). */
export function columnIndex(headers: readonly string[], mapping: ColumnMapping): (field: string) => number {
  return (field) => {
    const h = mapping[field as keyof ColumnMapping];
    return h ? headers.indexOf(h) : -1;
  };
}
