// One writer for every CSV/XLSX: no cell of any file the app writes starts like a formula.
import { read, utils } from '@e965/xlsx';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { reportToCsv } from '../../../src/lib/export/rejected-rows.ts';
import { neutraliseCell, toCsv, toXlsx } from '../../../src/lib/export/table-file.ts';

const FORMULA = /^[=+\-@\t\r\n＝＋－＠\u2212]/;
/** Rows of a CSV (a row of one empty cell is a real row; the final CRLF ends the last row). */
const parseCsv = (csv: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, '').replace(/\r\n$/, ''), { newline: '\r\n' }).data;

describe('rejected-rows CSV', () => {
  it('regression: hostile values and file names are written as text, not formulas (they were written unchanged)', () => {
    const csv = reportToCsv({
      rejected: [
        { file: "=cmd|' /C calc'!A0.csv", row: 3, column: 'amount', value: '=HYPERLINK("http://x","y")', reason: 'not a number' },
        { file: 'orders.csv', row: 4, column: 'member', value: '@SUM(1+1)*cmd', reason: '+bad' },
        { file: 'orders.csv', row: 5, column: 'amount', value: '-40', reason: '\tTAB' },
      ],
    });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(['file', 'row', 'column', 'value', 'reason']);
    expect(rows[1][0]).toBe("'=cmd|' /C calc'!A0.csv");
    expect(rows[1][3]).toBe(`'=HYPERLINK("http://x","y")`);
    expect(rows[2][3]).toBe("'@SUM(1+1)*cmd");
    expect(rows[2][4]).toBe("'+bad");
    expect(rows[3][4]).toBe("'\tTAB");
    expect(rows[1][1]).toBe('3');
  });
});

describe('table writer (property)', () => {
  const cell = fc.oneof(
    fc.string(),
    fc.constantFrom('=1+1', '+1', '-1', '@A1', '\t=x', '\r=x', '＝SUM(A1)', '−1', 'ok', ''),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constant(null),
  );
  const table = fc
    .record({ header: fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }) })
    .chain(({ header }) => fc.record({ header: fc.constant(header), rows: fc.array(fc.array(cell, { minLength: header.length, maxLength: header.length }), { maxLength: 6 }) }));
  it('no CSV or XLSX text cell starts like a formula; numbers stay numbers; text keeps its content after the quote', () => {
    fc.assert(
      fc.property(table, (t) => {
        const csvRows = parseCsv(toCsv(t));
        // Text cells (a negative number is a number, not a formula: it is written as is).
        [t.header, ...t.rows].forEach((row, i) =>
          row.forEach((v, j) => {
            if (typeof v === 'string') expect(FORMULA.test(csvRows[i]?.[j] ?? ''), JSON.stringify(csvRows[i]?.[j])).toBe(false);
          }),
        );
        const book = read(toXlsx(t), { type: 'array' });
        const aoa = utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[0]], { header: 1, raw: true, defval: null });
        t.rows.forEach((row, i) =>
          row.forEach((v, j) => {
            const got = aoa[i + 1]?.[j] ?? null;
            if (typeof v === 'number')
              expect(got).toBe(v + 0); // + 0: XLSX has no negative zero
            else if (typeof v === 'string' && v !== '') {
              expect(FORMULA.test(String(got))).toBe(false);
              expect(String(got).endsWith(v)).toBe(true);
            }
          }),
        );
      }),
      { numRuns: 200 },
    );
  });
  it('neutralises full-width and Unicode-minus formula starts too', () => {
    expect(neutraliseCell('＝1+1')).toBe("'＝1+1");
    expect(neutraliseCell('\u22121')).toBe("'\u22121");
    expect(neutraliseCell(-1)).toBe(-1);
  });
});
