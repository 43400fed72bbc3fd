// The Pollock scorer (bench/pollock/score.ts) on tiny hand-made tables, the strict RFC 4180 reader
// of the clean files, the pollution-type grouping and the loader glue. Every expected value is
// worked by hand in the comment beside it; docs/pollock.md states the conventions.
import { describe, expect, it } from 'vitest';
import { lossesByPollution, pollutionOf } from '../../../bench/pollock/breakdown.ts';
import { loadWithProduct } from '../../../bench/pollock/load.ts';
import { parseRfc4180 } from '../../../bench/pollock/rfc4180.ts';
import { aggregate, fileTotal, MEASURES, multisetPrf, scoreFile, type Measures } from '../../../bench/pollock/score.ts';

const HEADER = ['id', 'name', 'qty'];
const R1 = ['1', 'apple', '3'];
const R2 = ['2', 'pear', '1'];
const R3 = ['3', 'plum', '2'];
const R4 = ['4', 'fig', '5'];
const CLEAN = [HEADER, R1, R2, R3, R4];

const expectMeasures = (got: Measures, want: Measures) => {
  for (const m of MEASURES) expect(got[m], m).toBeCloseTo(want[m], 12);
};

describe('scoreFile', () => {
  it('a perfect load scores 1 on all 10 measures (total 10)', () => {
    const m = scoreFile(
      CLEAN,
      CLEAN.map((r) => [...r]),
    );
    for (const k of MEASURES) expect(m[k], k).toBe(1);
    expect(fileTotal(m)).toBe(10);
  });

  it('a load missing one of 4 records: record P 1, R 3/4, F1 6/7; cells 12 of 15', () => {
    const m = scoreFile(CLEAN, [HEADER, R1, R2, R3]);
    expectMeasures(m, {
      success: 1,
      header_precision: 1,
      header_recall: 1,
      header_f1: 1,
      record_precision: 3 / 3, // all 3 loaded records are expected
      record_recall: 3 / 4, // 3 of the 4 expected records loaded
      record_f1: (2 * 1 * 0.75) / (1 + 0.75), // = 6/7
      cell_precision: 12 / 12, // header 3 + 3 records × 3 cells, all expected
      cell_recall: 12 / 15, // of 3 + 4 × 3 expected cells
      cell_f1: (2 * 1 * 0.8) / 1.8, // = 8/9
    });
    expect(m.record_f1).toBeCloseTo(6 / 7, 12);
  });

  it('a wrong header cell costs header and cell points, not records', () => {
    // The loader named the 3rd column "column_3" instead of "qty".
    const m = scoreFile([HEADER, R1, R2], [['id', 'name', 'column_3'], R1, R2]);
    expectMeasures(m, {
      success: 1,
      header_precision: 2 / 3,
      header_recall: 2 / 3,
      header_f1: 2 / 3,
      record_precision: 1,
      record_recall: 1,
      record_f1: 1,
      cell_precision: 8 / 9, // 9 cells loaded, 8 expected
      cell_recall: 8 / 9, // 9 cells expected, 8 loaded
      cell_f1: 8 / 9,
    });
    expect(fileTotal(m)).toBeCloseTo(1 + 3 * (2 / 3) + 3 + 3 * (8 / 9), 12); // = 8.6667
  });

  it('a data row taken as the header: header 0, one record lost', () => {
    // Loader skipped the real header: header = R1, records = R2..R4.
    const m = scoreFile(CLEAN, [R1, R2, R3, R4]);
    expect([m.header_precision, m.header_recall, m.header_f1]).toEqual([0, 0, 0]); // R1 ∩ HEADER = ∅
    expect(m.record_precision).toBeCloseTo(3 / 3, 12);
    expect(m.record_recall).toBeCloseTo(3 / 4, 12);
    expect(m.cell_precision).toBeCloseTo(12 / 12, 12); // R1's cells are also expected cells
    expect(m.cell_recall).toBeCloseTo(12 / 15, 12);
  });

  it('an extra header cell: precision 3/4, recall 1 (header-only table: records count as perfect)', () => {
    const m = scoreFile([HEADER], [[...HEADER, 'extra']]);
    expect(m.header_precision).toBeCloseTo(3 / 4, 12);
    expect(m.header_recall).toBe(1);
    expect(m.header_f1).toBeCloseTo((2 * 0.75) / 1.75, 12); // 6/7
    expect([m.record_precision, m.record_recall, m.record_f1]).toEqual([1, 1, 1]); // nothing expected
    expect(m.cell_precision).toBeCloseTo(3 / 4, 12);
  });

  it('a failed load scores 0 on every measure', () => {
    const m = scoreFile(CLEAN, null);
    for (const k of MEASURES) expect(m[k], k).toBe(0);
  });

  it('an empty expected table is matched by any successful load (Pollock), but not by a failure', () => {
    expect(fileTotal(scoreFile([], [['x']]))).toBe(10);
    expect(fileTotal(scoreFile([], null))).toBe(0);
  });

  it('records are whole tuples: ["ab","c"] is not ["a","bc"]', () => {
    const m = scoreFile(
      [
        ['h1', 'h2'],
        ['ab', 'c'],
      ],
      [
        ['h1', 'h2'],
        ['a', 'bc'],
      ],
    );
    expect([m.record_precision, m.record_recall, m.record_f1]).toEqual([0, 0, 0]);
    expect(m.cell_recall).toBeCloseTo(2 / 4, 12); // only h1, h2 of h1 h2 ab c
  });
});

describe('multisetPrf', () => {
  it('counts duplicates: {x,x,y} vs {x,y,y} share 2 items', () => {
    const [p, r, f] = multisetPrf(['x', 'x', 'y'], ['x', 'y', 'y']); // min(2,1) + min(1,2) = 2
    expect(p).toBeCloseTo(2 / 3, 12);
    expect(r).toBeCloseTo(2 / 3, 12);
    expect(f).toBeCloseTo(2 / 3, 12);
  });
  it('nothing in common is 0, never NaN; nothing loaded is 0', () => {
    expect(multisetPrf(['a'], ['b'])).toEqual([0, 0, 0]);
    expect(multisetPrf(['a'], [])).toEqual([0, 0, 0]);
  });
});

describe('aggregate', () => {
  it('simple = sum of per-measure means; weighted uses weights normalised to 1', () => {
    const perfect = scoreFile(CLEAN, CLEAN);
    const failed = scoreFile(CLEAN, null);
    const missing = scoreFile(CLEAN, [HEADER, R1, R2, R3]);
    const agg = aggregate([
      { file: 'a.csv', measures: perfect, weight: 3 },
      { file: 'b.csv', measures: failed, weight: 1 },
    ]);
    expect(agg.means.success).toBe(0.5);
    expect(agg.simple).toBeCloseTo(5, 12); // (10 + 0) / 2
    expect(agg.weighted).toBeCloseTo(10 * (3 / 4) + 0 * (1 / 4), 12); // 7.5
    expect(agg.weightedMeans.record_recall).toBeCloseTo(3 / 4, 12);

    // Third file: missing record, totals 1 + 3 + (1 + 3/4 + 6/7) + (1 + 4/5 + 8/9).
    const missingTotal = 1 + 3 + (1 + 3 / 4 + 6 / 7) + (1 + 4 / 5 + 8 / 9);
    expect(fileTotal(missing)).toBeCloseTo(missingTotal, 12);
    const three = aggregate([
      { file: 'a.csv', measures: perfect, weight: 2 },
      { file: 'b.csv', measures: failed, weight: 1 },
      { file: 'c.csv', measures: missing, weight: 1 },
    ]);
    expect(three.simple).toBeCloseTo((10 + 0 + missingTotal) / 3, 12);
    expect(three.weighted).toBeCloseTo(10 * (2 / 4) + missingTotal * (1 / 4), 12);
  });
  it('refuses a zero total weight', () => {
    expect(() => aggregate([{ file: 'a.csv', measures: scoreFile(CLEAN, CLEAN), weight: 0 }])).toThrow(/sum to 0/);
  });
});

describe('parseRfc4180 (ground-truth reader)', () => {
  it('reads quotes, doubled quotes, embedded newlines and empty fields', () => {
    expect(parseRfc4180('"a","b""c"\n"1",""\n"x\ny",z')).toEqual([
      ['a', 'b"c'],
      ['1', ''],
      ['x\ny', 'z'],
    ]);
    expect(parseRfc4180('a,b\r\n1,\r\n')).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
    expect(parseRfc4180('\ufeffa\n')).toEqual([['a']]);
    expect(parseRfc4180('')).toEqual([]);
  });
  it('throws on input that is not RFC 4180', () => {
    expect(() => parseRfc4180('a"b,c\n')).toThrow(/quote inside/);
    expect(() => parseRfc4180('"a"x,c\n')).toThrow(/unexpected character/);
    expect(() => parseRfc4180('"abc\n')).toThrow(/unterminated/);
    expect(() => parseRfc4180('a\rb\n')).toThrow(/unexpected character/);
  });
});

describe('pollution types', () => {
  it('drops row/column positions from row-level pollutions only', () => {
    expect(pollutionOf('row_more_sep_row9_col3.csv')).toBe('row_more_sep');
    expect(pollutionOf('row_extra_quote81_col0.csv')).toBe('row_extra_quote');
    expect(pollutionOf('row_field_delimiter_9_0x20.csv')).toBe('row_field_delimiter_0x20');
    expect(pollutionOf('file_field_delimiter_0x2C_0x20.csv')).toBe('file_field_delimiter_0x2C_0x20');
    expect(pollutionOf('file_header_multirow_2.csv')).toBe('file_header_multirow_2');
  });
  it('ranks losses by weight: a failed file of weight 3 of 4 loses 7.5 weighted points', () => {
    const losses = lossesByPollution([
      { file: 'row_less_sep_row1_col1.csv', measures: scoreFile(CLEAN, CLEAN), weight: 1 },
      { file: 'file_preamble.csv', measures: scoreFile(CLEAN, null), weight: 3 },
    ]);
    expect(losses[0].pollution).toBe('file_preamble');
    expect(losses[0].lostWeighted).toBeCloseTo((3 / 4) * 10, 12);
    expect(losses[0].lostSimple).toBeCloseTo(10 / 2, 12);
    expect(losses[1].lostWeighted).toBe(0);
  });
});

describe('loadWithProduct (glue to workers/import)', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('gives [header, ...rows] at header width, trimmed, blank rows skipped', async () => {
    // Row " a ;1;extra" has an unread 3rd cell; "b" lacks qty; the blank line is skipped.
    const t = await loadWithProduct('t.csv', bytes('name;qty\n a ;1;extra\n\nb;\n'));
    expect(t).toEqual([
      ['name', 'qty'],
      ['a', '1'],
      ['b', ''],
    ]);
  });
  it('throws on an empty file, as the product does', async () => {
    await expect(loadWithProduct('empty.csv', new Uint8Array(0))).rejects.toThrow(/empty/);
  });
});
