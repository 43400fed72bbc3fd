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
const TIMESTAMP = String.raw`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$`;
const DATE = String.raw`^\d{4}-\d{2}-\d{2}$`;

/** Labels mapped by the JS normalisers, at most this many per column written into the SQL (more: that column's rows take the JS path). */
export const MAX_LABELS = 64;

export const rawCol = (j: number) => `c${j}`;
/** A raw cell, '' for a missing one (as the JS reader sees it). */
export const cell = (j: number) => `coalesce(c${j}, '')`;

/** A text cell the JS path would keep as is (nothing to trim or strip). */
const plainText = (v: string) => `(${v} = '' OR NOT (regexp_matches(${v}, '^${EDGE}|${EDGE}$') OR regexp_matches(${v}, '${INVISIBLE}')))`;

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
  const fast: string[] = [
    // not blank, not a summary row: the first two cells are non-empty and start like no summary label
    `c0 IS NOT NULL AND c1 IS NOT NULL AND NOT regexp_matches(c0, '${SUMMARY_OR_EDGE}') AND NOT regexp_matches(c1, '${SUMMARY_OR_EDGE}')`,
    `greatest(${Array.from({ length: width }, (_, j) => `length(${cell(j)})`).join(', ')}) <= ${MAX_FIELD_CHARS}`,
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
        fast.push(`regexp_matches(${x}, '${ID}')`);
        value[col.name] = x;
        break;
      case 'member_id':
        fast.push(`(${x} = '' OR regexp_matches(${x}, '${ID}'))`);
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
        // strptime refuses impossible dates (2023-02-29) and hours/minutes out of range; seconds ≤ 59 and years 1900–2100 as values.ts.
        value[col.name] =
          `CASE WHEN regexp_matches(${x}, '${TIMESTAMP}') AND substr(${x}, 18, 2) <= '59' THEN try_strptime(${x}, '%Y-%m-%d %H:%M:%S') WHEN regexp_matches(${x}, '${DATE}') THEN try_strptime(${x}, '%Y-%m-%d') END`;
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
