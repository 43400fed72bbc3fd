// The sql tag: what is bound, what is spliced, and what is refused.
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ident, inList, isSqlStatement, join, quoteIdent, raw, sql, toDisplaySql } from '../../src/lib/sql.ts';

describe('sql tag', () => {
  it('binds values as ? parameters in order', () => {
    const s = sql`SELECT * FROM t WHERE a = ${'x'} AND b > ${2} AND c = ${true} AND d IS ${null}`;
    expect(s.text).toBe('SELECT * FROM t WHERE a = ? AND b > ? AND c = ? AND d IS ?');
    expect(s.params).toEqual(['x', 2, true, null]);
  });
  it('splices nested statements with their parameters in place', () => {
    const inner = sql`SELECT id FROM u WHERE k = ${'k1'}`;
    const s = sql`SELECT ${1} AS one, * FROM (${inner}) WHERE z = ${'z'}`;
    expect(s.text).toBe('SELECT ? AS one, * FROM (SELECT id FROM u WHERE k = ?) WHERE z = ?');
    expect(s.params).toEqual([1, 'k1', 'z']);
  });
  it('splices a statement that crossed a structured clone (a plain {text, params} object), not binds it', () => {
    const cloned = structuredClone(sql`x = ${5}`);
    expect(cloned.constructor).toBe(Object);
    const s = sql`SELECT 1 WHERE ${cloned}`;
    expect(s.text).toBe('SELECT 1 WHERE x = ?');
    expect(s.params).toEqual([5]);
  });
  it('refuses values it cannot bind instead of passing them to the engine', () => {
    expect(() => sql`SELECT ${undefined as unknown as string}`).toThrow(/cannot bind undefined/);
    expect(() => sql`SELECT ${{ text: 1 } as unknown as string}`).toThrow(TypeError);
  });
  it('quotes identifiers and doubles embedded quotes', () => {
    expect(ident('orders').text).toBe('"orders"');
    expect(ident('we"ird').text).toBe('"we""ird"');
  });
  it('inList: TRUE for no values, else an IN list of bound values', () => {
    expect(inList(raw('s'), undefined).text).toBe('TRUE');
    expect(inList(raw('s'), []).text).toBe('TRUE');
    const s = inList(raw('s'), ['a', "b'c"]);
    expect(s.text).toBe('s IN (?, ?)');
    expect(s.params).toEqual(['a', "b'c"]);
  });
  it('join keeps parameters in order', () => {
    const s = join([sql`${1}`, raw('x'), sql`${'two'}`], ' + ');
    expect(s.text).toBe('? + x + ?');
    expect(s.params).toEqual([1, 'two']);
  });
  it('isSqlStatement recognises statements by shape', () => {
    expect(isSqlStatement(raw('x'))).toBe(true);
    expect(isSqlStatement({ text: 'x', params: [] })).toBe(true);
    expect(isSqlStatement('x')).toBe(false);
    expect(isSqlStatement(null)).toBe(false);
  });
  it('toDisplaySql renders literals, escaping quotes, and DuckDB reads it back to the same answer', async () => {
    const s = sql`SELECT ${"it's"} AS a, ${3} AS b, ${null} AS c, ${false} AS d`;
    expect(toDisplaySql(s)).toBe(`SELECT 'it''s' AS a, 3 AS b, NULL AS c, false AS d`);
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const bound = (await con.runAndReadAll(s.text, [...s.params] as never)).getRowObjects();
    const shown = (await con.runAndReadAll(toDisplaySql(s))).getRowObjects();
    expect(shown).toEqual(bound);
    expect(bound[0].a).toBe("it's");
    con.closeSync();
  });
});

describe('quoteIdent', () => {
  it('double-quotes an identifier and doubles embedded quotes, as ident() does', () => {
    expect(quoteIdent('orders')).toBe('"orders"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(ident('a"b').text).toBe(quoteIdent('a"b'));
  });
});
