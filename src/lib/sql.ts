/**
 * A tiny `sql` tagged template: interpolated values become bound `?` parameters, nested
 * statements are spliced in with their parameters, and `raw()` / `ident()` splice trusted text.
 * The same {text, params} runs on DuckDB-WASM (prepared statements) and native DuckDB.
 */
export type SqlValue = string | number | boolean | null;

export interface SqlStatement {
  readonly text: string;
  readonly params: readonly SqlValue[];
}

class Fragment implements SqlStatement {
  constructor(
    readonly text: string,
    readonly params: readonly SqlValue[],
  ) {}
}

/**
 * A statement is recognised by shape, not class: one that crossed comlink (structured clone) is a plain
 * {text, params} object and must still be spliced in, never bound as a parameter.
 */
export const isSqlStatement = (v: unknown): v is SqlStatement =>
  typeof v === 'object' && v !== null && typeof (v as SqlStatement).text === 'string' && Array.isArray((v as SqlStatement).params);

const isSqlValue = (v: unknown): v is SqlValue => v === null || ['string', 'number', 'boolean'].includes(typeof v);

export function sql(strings: TemplateStringsArray, ...values: (SqlValue | SqlStatement)[]): SqlStatement {
  let text = strings[0];
  const params: SqlValue[] = [];
  values.forEach((value, i) => {
    if (isSqlStatement(value)) {
      text += value.text;
      params.push(...value.params);
    } else if (isSqlValue(value)) {
      text += '?';
      params.push(value);
    } else {
      // undefined, Date, BigInt…: binding them would fail later in the engine with a message far from the cause.
      throw new TypeError(`sql: cannot bind ${typeof value} at position ${i + 1} (after "${strings[i].slice(-40)}")`);
    }
    text += strings[i + 1];
  });
  return new Fragment(text, params);
}

/** Trusted SQL text (never user input). */
export const raw = (text: string): SqlStatement => new Fragment(text, []);

/** A quoted identifier: table or column names that come from our own schema. */
export const ident = (name: string): SqlStatement => new Fragment(quoteIdent(name), []);

/** A double-quoted identifier as text, for statements built as strings (DDL the driver runs with exec). */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Joins fragments with a separator, keeping their parameters in order. */
export function join(parts: readonly SqlStatement[], separator = ', '): SqlStatement {
  return new Fragment(
    parts.map((p) => p.text).join(separator),
    parts.flatMap((p) => p.params),
  );
}

/** `TRUE` when the list is empty, else `column IN (?, ?, …)` with bound values. */
export function inList(column: SqlStatement, values: readonly string[] | undefined): SqlStatement {
  if (!values || values.length === 0) return raw('TRUE');
  return sql`${column} IN (${join(values.map((v) => sql`${v}`))})`;
}

/** Renders a statement with literal values, for display and docs only (never executed). */
export function toDisplaySql(stmt: SqlStatement): string {
  let i = 0;
  return stmt.text.replace(/\?/g, () => {
    const v = stmt.params[i++];
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return `'${String(v).replaceAll("'", "''")}'`;
  });
}
