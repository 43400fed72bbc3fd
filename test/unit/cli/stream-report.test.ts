// `store-compass report` streams its per-member tables from DuckDB to the JSON writer (run) instead of
// holding them whole (main): the printed text must stay exactly JSON.stringify of the whole result, and
// the tables must really arrive in pieces of at most chunkRows rows.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DRIVEN_BY, main, run } from '../../../scripts/cli/main.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';

async function printed(argv: string[], chunkRows: number) {
  let text = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  const chunks = new Map<string, number[]>();
  const exitBefore = process.exitCode;
  await run(argv, out, { chunkRows, onChunk: (id, rows) => chunks.set(id, [...(chunks.get(id) ?? []), rows]) });
  expect(process.exitCode).toBe(exitBefore); // no error was reported
  return { text, chunks };
}

const CASES = {
  'kpi-tiny': ['report', 'test/fixtures/kpi-tiny/orders.csv', '--from', '2024-01-01', '--to', '2024-02-01'],
  // members, benefits and campaigns: the tables campaign_effects and matched_effects are computed from, tiers and dates in rows
  'metrics-benefits': [
    'report',
    ...['members', 'orders', 'benefits', 'campaigns'].map((t) => `test/fixtures/metrics-benefits/${t}.csv`),
    '--from',
    '2024-03-01',
    '--to',
    '2024-04-01',
    '--margin',
    '0.5',
  ],
};

describe('report streams per-member tables', () => {
  for (const [name, argv] of Object.entries(CASES)) {
    it(`${name}: the streamed text is byte-identical to JSON.stringify(main(…), null, 2), each table read in pieces of ≤ 2 rows`, async () => {
      const whole = (await main(argv)) as { metrics: Record<string, unknown> };
      const { text, chunks } = await printed(argv, 2);
      expect(text).toBe(`${JSON.stringify(whole, null, 2)}\n`);
      // Every table metric except the three the report computes from, and those answered over an empty table
      // without their SQL (DRIVEN_BY: these fixtures have no surveys), went through the stream, piece by piece.
      const tables = Object.entries(whole.metrics).filter(([, v]) => Array.isArray(v)) as [string, unknown[]][];
      const { warnings } = whole as unknown as { warnings: { code: string; table?: string }[] };
      const emptyTables = new Set(warnings.filter((w) => w.code === 'missing_table').map((w) => w.table));
      const skipped = (id: string) => DRIVEN_BY[id] !== undefined && emptyTables.has(DRIVEN_BY[id]);
      const streamed = tables.filter(([id]) => !['campaign_member_outcomes', 'did_member_outcomes', 'community_member_outcomes'].includes(id) && !skipped(id));
      for (const [id] of tables.filter(([id]) => skipped(id))) expect(chunks.has(id), id).toBe(false);
      expect(streamed.length).toBeGreaterThan(10);
      for (const [id, rows] of streamed) {
        const pieces = chunks.get(id) ?? [];
        expect(
          pieces.reduce((a, b) => a + b, 0),
          id,
        ).toBe(rows.length);
        expect(pieces.length, id).toBe(Math.max(1, Math.ceil(rows.length / 2)));
        expect(Math.max(...pieces), id).toBeLessThanOrEqual(2);
      }
      // Some table had more than one piece, so the chunking itself was exercised.
      expect(Math.max(...[...chunks.values()].map((p) => p.length))).toBeGreaterThan(2);
    });
  }
});

describe('queryChunks: the streamed pieces as row objects, without an Arrow round trip', () => {
  it('gives exactly what ipcToRows(query(…)) gives (values, types, nulls, key order) for every column type DuckDB hands the report', async () => {
    const driver = await openNativeDriver();
    try {
      const stmt = {
        text: `SELECT i, 'm' || i AS member_id, CASE WHEN i % 3 = 0 THEN NULL ELSE i * 1.25 END AS dbl, (i * 7)::BIGINT * 1000000000 AS big,
            (i - 2)::HUGEINT AS huge, (i::HUGEINT - 2) * 18446744073709551616 + 5 AS huge_wide, (i * 1.5)::DECIMAL(18, 2) AS dec,
            (i * 1.5 - 3)::DECIMAL(38, 10) AS dec_wide, i::TINYINT AS tiny, (i - 3)::SMALLINT AS small, i::UINTEGER AS uint,
            (i * 4000000000)::UBIGINT AS ubig, (i / 3)::FLOAT AS flt, DATE '2024-02-27' + i::INTEGER AS day, DATE '1969-12-30' + i::INTEGER AS old_day,
            TIMESTAMP '2024-02-28 23:59:59.123456' + INTERVAL (i) HOUR AS ts, TIMESTAMP '1969-12-31 23:59:59.5' + INTERVAL (i) SECOND AS old_ts,
            (TIMESTAMP '2024-01-01 00:00:01' + INTERVAL (i) DAY)::TIMESTAMP_S AS ts_s, (TIMESTAMP '2024-01-01 00:00:01.25' + INTERVAL (i) DAY)::TIMESTAMP_MS AS ts_ms,
            i % 2 = 0 AS flag, CASE WHEN i = 1 THEN NULL ELSE '店' || i END AS store, [i, i + 1] AS list, {'a': i} AS struct, NULL AS nothing,
            -0.0 AS negzero, 'nan'::DOUBLE AS nan, 'x' AS "__proto__", 1e300 * i AS huge_dbl, INTERVAL (i) DAY AS span, TIME '12:34:56' AS clock, 2 AS i
          FROM range(5) r(i) ORDER BY i`,
        params: [],
      };
      const whole = ipcToRows(await driver.query(stmt));
      const pieces: Record<string, unknown>[][] = [];
      for await (const rows of driver.queryChunks(stmt, 2)) pieces.push(rows);
      expect(pieces.map((p) => p.length)).toEqual([2, 2, 1]);
      const streamed = pieces.flat();
      expect(streamed).toEqual(whole);
      expect(streamed.map((r) => Object.keys(r))).toEqual(whole.map((r) => Object.keys(r)));
      expect(streamed.map((r) => Object.values(r).map((v) => typeof v))).toEqual(whole.map((r) => Object.values(r).map((v) => typeof v)));
      expect(JSON.stringify(streamed)).toBe(JSON.stringify(whole));
      // Hand-worked: a day reads as its UTC midnight in epoch ms (1969-12-30 is two days before the epoch), a timestamp
      // as epoch ms (microseconds cut), a HUGEINT past 64 bits wraps as Arrow's Int64 keeps it (−2·2^64 + 5 → 5).
      expect(streamed[0]).toMatchObject({ day: Date.UTC(2024, 1, 27), old_day: -2 * 86_400_000, ts: Date.UTC(2024, 1, 28, 23, 59, 59, 123), old_ts: -500, huge_wide: 5 });
      expect(streamed[0].i).toBe(2); // the repeated name: its first place, its last value
      const empty = { text: 'SELECT 1::BIGINT AS a, 2.5 AS b WHERE false', params: [] };
      const emptyPieces: unknown[][] = [];
      for await (const rows of driver.queryChunks(empty, 2)) emptyPieces.push(rows);
      expect(emptyPieces).toEqual([[]]);
      // Pieces across DuckDB's 2,048-row chunks: 5,000 rows in pieces of 3,000 → 3,000 + 2,000, in order.
      const many = { text: 'SELECT i::BIGINT AS i FROM range(5000) r(i) ORDER BY i', params: [] };
      const sizes: number[] = [];
      let next = 0;
      for await (const rows of driver.queryChunks(many, 3000)) {
        sizes.push(rows.length);
        for (const r of rows) expect(r.i).toBe(next++);
      }
      expect(sizes).toEqual([3000, 2000]);
    } finally {
      driver.close();
    }
  });
});
