// The SQL import's projection (workers/import/sql-orders-projection.ts) cell by cell: which rows it reads itself
// (`fast`) and the order time it reads, for cells worked out by hand against values.ts's rules. Its cheaper tests
// (GLOBs and try_cast for times, one RE2 test per ID cell that also rules out summary labels, the byte length before
// the character count) must take exactly the rows the regex forms took: a row taken wrongly would skip the JS
// converters' rejection or normalisation; a row left out wrongly would only be slower (sql-path.test.ts compares
// whole files with the JS path).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { ordersProjection, quote } from '../../../workers/import/sql-orders-projection.ts';

let driver: NativeDriver;
beforeAll(async () => {
  driver = await openNativeDriver();
});
afterAll(() => driver?.close());

/** `fast` and the order time of each row of raw cells, through the projection for a layout of `fields` (one column each; null: unmapped). */
async function project(fields: (string | null)[], rows: (string | null)[][], labels = { channel: [['线上', 'online']] as [string, string][], refund: [] as [string, boolean][] }) {
  const colOf = (f: string) => fields.indexOf(f);
  const p = ordersProjection(fields.length, colOf, labels);
  const values = rows.map((r, i) => `(${i}, ${r.map((c) => (c === null ? 'NULL' : `${quote(c)}::VARCHAR`)).join(', ')})`).join(', ');
  const cols = fields.map((_, j) => `c${j}`).join(', ');
  const text = `SELECT i, ${p.fast} AS fast, strftime(_v_order_time, '%Y-%m-%d %H:%M:%S') AS t FROM (SELECT *, ${p.values} FROM (VALUES ${values}) v(i, ${cols})) ORDER BY i`;
  return ipcToRows(await driver.query({ text, params: [] })).map((r) => ({ fast: r.fast, t: r.t }));
}

const LAYOUT = ['order_id', 'order_time', 'member_id', 'store', 'channel', 'amount', 'item_count'];
const row = (over: Partial<Record<string, string | null>>) =>
  LAYOUT.map((f) =>
    f in over ? over[f]! : { order_id: 'A1', order_time: '2024-03-05 10:00:00', member_id: 'M1', store: '旗舰店', channel: '线上', amount: '10.5', item_count: '1' }[f]!,
  );

describe('the SQL projection reads exactly the rows the JS rules read the same way', () => {
  it('order times: only YYYY-MM-DD hh:mm:ss with hh ≤ 23, mm and ss ≤ 59 on a real day, or YYYY-MM-DD, years 1900–2100', async () => {
    const cases: [string, string | null][] = [
      ['2024-03-05 23:59:59', '2024-03-05 23:59:59'],
      ['2024-03-05 00:00:00', '2024-03-05 00:00:00'],
      ['2024-03-05 19:59:59', '2024-03-05 19:59:59'],
      ['2024-03-05 20:00:00', '2024-03-05 20:00:00'],
      ['2024-02-29 10:00:00', '2024-02-29 10:00:00'],
      ['2024-03-05', '2024-03-05 00:00:00'],
      ['2024-03-05 24:00:00', null], // DuckDB's cast alone reads this as the next midnight
      ['2024-03-05 29:00:00', null],
      ['2024-03-05 10:60:00', null],
      ['2024-03-05 10:00:60', null],
      ['2023-02-29 10:00:00', null],
      ['2024-04-31', null],
      ['1899-12-31 23:59:59', null],
      ['2101-01-01 00:00:00', null],
      ['2024-3-05 10:00:00', null],
      ['2024-03-05T10:00:00', null],
      ['2024-03-05 10:00:00 ', null],
      ['2024-03-05 10:00', null],
      ['２０２４-03-05 10:00:00', null],
      ['2024-03-05 1٣:00:00', null],
      ['2024/03/05 10:00:00', null],
    ];
    const out = await project(
      LAYOUT,
      cases.map(([t]) => row({ order_time: t })),
    );
    expect(out.map((r) => r.fast)).toEqual(cases.map(([, t]) => t !== null));
    // The time read for every accepted row (and for 1899/2101: read, then refused by the year test).
    expect(out.filter((r) => r.fast).map((r) => r.t)).toEqual(cases.filter(([, t]) => t !== null).map(([, t]) => t));
  });

  it('summary rows and IDs: an ID in the first two columns starting with t T s S g G is left to the JS rules (Total, sum, GrandTotal)', async () => {
    const ids: [string, boolean][] = [
      ['A1', true],
      ['F9', true],
      ['H_1', true],
      ['R-2', true],
      ['U3', true],
      ['z', true],
      ['0', true],
      ['Total', false],
      ['total', false],
      ['Sum', false],
      ['s1', false],
      ['GrandTotal', false],
      ['g2', false],
      ['T100', false],
      ['S', false],
      ['', false],
      ['A 1', false],
      ['合计', false],
      [' A1', false],
      ['A1\u200b', false],
    ];
    const first = await project(
      LAYOUT,
      ids.map(([id]) => row({ order_id: id })),
    );
    expect(first.map((r) => r.fast)).toEqual(ids.map(([, ok]) => ok));
    // The member id in the first column (blank allowed, not NULL: a first cell must be there), the order id second.
    const swapped = ['member_id', 'order_id', 'order_time', 'store', 'amount'];
    const cells = (m: string | null, o: string) => [m, o, '2024-03-05 10:00:00', '店', '1'];
    const rows: [(string | null)[], boolean][] = [
      [cells('M1', 'A1'), true],
      [cells('Total', 'A1'), false],
      [cells('M1', 'Total'), false],
      [cells('M1', 'tX'), false],
      [cells('G1', 'B2'), false],
      [cells('H1', 'B2'), true],
      [cells(null, 'B3'), false],
    ];
    expect(
      (
        await project(
          swapped,
          rows.map(([r]) => r),
        )
      ).map((r) => r.fast),
    ).toEqual(rows.map(([, ok]) => ok));
    // The order time first: a time starts with a digit, so only its own test applies; a summary label in the order id (second) is caught there.
    const timeFirst = ['order_time', 'order_id', 'amount'];
    const timeRows: [string[], boolean][] = [
      [['2024-03-05 10:00:00', 'A1', '1'], true],
      [['2024-03-05 10:00:00', 'Total', '1'], false],
      [['Total', 'A1', '1'], false],
    ];
    expect(
      (
        await project(
          timeFirst,
          timeRows.map(([r]) => r),
        )
      ).map((r) => r.fast),
    ).toEqual(timeRows.map(([, ok]) => ok));
  });

  it('stores: leading or trailing whitespace of any kind, or an invisible character anywhere, leave the row to the JS rules', async () => {
    const stores: [string, boolean][] = [
      ['旗舰店', true],
      ['', true],
      ['A B', true],
      [' 旗舰店', false],
      ['旗舰店 ', false],
      ['\u3000旗舰店', false],
      ['旗舰店\u00a0', false],
      ['旗舰店\t', false],
      ['\u2003店', false],
      ['旗\u200b舰店', false],
      ['旗舰\u2060店', false],
      ['\u202e店', false],
      ['\ufeff店', false],
    ];
    const out = await project(
      LAYOUT,
      stores.map(([s]) => row({ store: s })),
    );
    expect(out.map((r) => r.fast)).toEqual(stores.map(([, ok]) => ok));
  });

  it('field length: more than 32,768 characters in any field (mapped or not) leaves the row to the JS rules; 32,768 CJK characters (98,304 bytes) do not', async () => {
    const withExtra = [...LAYOUT, null];
    const base = [...row({}), 'note'];
    const at = (j: number, v: string) => base.map((c, k) => (k === j ? v : c));
    const cases: [(string | null)[], boolean][] = [
      [base, true],
      [at(3, '店'.repeat(32_768)), true],
      [at(3, '店'.repeat(32_769)), false],
      [at(3, 'x'.repeat(32_768)), true],
      [at(3, 'x'.repeat(32_769)), false],
      [at(7, '注'.repeat(32_768)), true],
      [at(7, '注'.repeat(32_769)), false],
      [at(7, 'y'.repeat(32_769)), false],
      [at(0, `A${'1'.repeat(32_768)}`), false],
      [at(5, `1.${'5'.repeat(32_767)}`), false],
      [at(5, `1.${'5'.repeat(32_766)}`), true],
    ];
    expect(
      (
        await project(
          withExtra,
          cases.map(([r]) => r),
        )
      ).map((r) => r.fast),
    ).toEqual(cases.map(([, ok]) => ok));
  });

  it('keeps the rows in the order read when it builds a table from a parallel read_csv (line numbers are rowids)', async () => {
    // An IN list of the summary letters was planned as a hash join (MARK), which lost the order: caught here.
    const p = ordersProjection(LAYOUT.length, (f) => LAYOUT.indexOf(f), { channel: [['线上', 'online']], refund: [] });
    const n = 300_000;
    const lines = Array.from({ length: n }, (_, i) => `A${i},2024-03-05 10:00:00,${i % 7 ? `M${i % 50}` : 'Total'},店,线上,${i % 90},1`);
    const path = await driver.registerText('_proj_order.csv', `${lines.join('\n')}\n`);
    const columns = LAYOUT.map((_, j) => `'c${j}': 'VARCHAR'`).join(', ');
    const read = `read_csv('${path}', header = false, auto_detect = false, delim = ',', quote = '', escape = '', columns = {${columns}})`;
    try {
      await driver.exec(`CREATE OR REPLACE TABLE _proj_order AS SELECT *, ${p.fast} AS _fast FROM (SELECT *, ${p.values} FROM ${read})`);
      const [r] = ipcToRows(await driver.query({ text: `SELECT count(*) FILTER (WHERE 'A' || rowid <> c0)::DOUBLE AS wrong, count(*)::DOUBLE AS n FROM _proj_order`, params: [] }));
      expect(r).toEqual({ wrong: 0, n });
    } finally {
      await driver.exec('DROP TABLE IF EXISTS _proj_order');
      await driver.dropText('_proj_order.csv');
    }
  });
});
