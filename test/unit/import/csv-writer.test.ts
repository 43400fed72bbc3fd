// CsvWriter (workers/import/csv-writer.ts) writes the bytes the SQL import's CSV of XLSX/Parquet cells had when it
// was built from joined strings: checked here against that string building written out independently (quote a field
// holding , " CR or LF, double its quotes, join with commas and LF, TextEncoder), on cells chosen to hit every branch
// (ASCII, CJK, emoji, lone surrogates, quoting, NUL) and on random ones; numbers against String(x); UTF-8 bytes
// against TextDecoder's text of them (bad bytes, overlong forms, surrogates, a BOM). And isoFromMillis's arithmetic
// against Date's UTC fields.
import { describe, expect, it } from 'vitest';
import { CsvWriter, NulCell } from '../../../workers/import/csv-writer.ts';
import { isoFromMillis } from '../../../workers/import/parquet-reader.ts';
import { isoTimestamp } from '../../../workers/canonical-csv.ts';

/** The CSV as joined strings: the independent reference. */
function reference(rows: string[][]): Uint8Array {
  const field = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return new TextEncoder().encode(rows.map((r) => `${r.map(field).join(',')}\n`).join(''));
}

/** Byte equality, the first difference in the message (toEqual on MBs of bytes is far too slow). */
function expectSameBytes(got: Uint8Array, want: Uint8Array) {
  const n = Math.min(got.length, want.length);
  let i = 0;
  while (i < n && got[i] === want[i]) i++;
  const at = (b: Uint8Array) => JSON.stringify(new TextDecoder().decode(b.subarray(Math.max(0, i - 20), i + 20)));
  expect(i === got.length && i === want.length, `lengths ${got.length} / ${want.length}, first difference at ${i}: ${at(got)} vs ${at(want)}`).toBe(true);
}

function written(fill: (w: CsvWriter) => void): Uint8Array {
  const w = new CsvWriter();
  fill(w);
  return new Uint8Array(Buffer.concat(w.finish()));
}

const textRows = (rows: string[][]) =>
  written((w) => {
    for (const r of rows) {
      for (const s of r) w.text(s);
      w.endLine();
    }
  });

/** A deterministic generator (no Math.random: a failure must repeat). */
function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const PARTS = ['a', 'Z9', ',', '"', '\n', '\r', '\r\n', ' ', '滨江店', '线上', '¥', '😀', '\ud800', '\udc00x', '.', '-', 'é'];

describe('CsvWriter writes what the joined strings gave', () => {
  it('chosen cells: empty, plain, quoting, CJK, emoji, lone surrogates (U+FFFD), a long field across pieces', () => {
    const rows = [
      ['', 'a', ''],
      ['a,b', 'say "hi"', '"'],
      ['two\nlines', 'cr\rhere', 'crlf\r\nend'],
      ['滨江店', '线上,线下', '😀'],
      ['\ud800', 'x\udc00y', '"\ud83d"'],
      ['x'.repeat(5 << 20), '9.51', ''],
      [''],
    ];
    expectSameBytes(textRows(rows), reference(rows));
  });

  it('random cells from those parts, with many lines (several 4 MB pieces)', () => {
    const r = rng(7);
    const rows = Array.from({ length: 60_000 }, () =>
      Array.from({ length: 7 }, () =>
        Array.from({ length: Math.floor(r() * 6) }, () => PARTS[Math.floor(r() * PARTS.length)])
          .join('')
          .concat(r() < 0.5 ? 'O000000001' : ''),
      ),
    );
    expectSameBytes(textRows(rows), reference(rows));
  });

  it('a NUL character throws NulCell (the file takes the JS path), quoted or not', () => {
    expect(() => written((w) => w.text('a\0b'))).toThrow(NulCell);
    expect(() => written((w) => w.text('a,\0'))).toThrow(NulCell);
    expect(() => written((w) => w.utf8(new Uint8Array([0x61, 0, 0x62])))).toThrow(NulCell);
  });

  it('numbers as String(x): integers, negatives, -0, 2^53 and beyond, fractions, NaN, Infinity', () => {
    const xs = [0, -0, 1, 9, 10, 99, 100, -1, -10, 123456789, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e21, 1e-7, 0.1, -2.5, 17850.5, NaN, Infinity, -Infinity];
    const r = rng(3);
    for (let i = 0; i < 2000; i++) xs.push(Math.floor((r() - 0.5) * 10 ** Math.floor(r() * 16)));
    const out = written((w) => {
      for (const x of xs) w.number(x);
      w.endLine();
    });
    expect(new TextDecoder().decode(out)).toBe(`${xs.map(String).join(',')}\n`);
  });

  it('UTF-8 bytes as TextDecoder reads them: valid text copied, bad bytes, overlong forms, encoded surrogates, cut sequences and a BOM decoded', () => {
    const enc = new TextEncoder();
    const cells: number[][] = [
      [...enc.encode('滨江店')],
      [...enc.encode('😀 ok')],
      [0xef, 0xbb, 0xbf, 0x61], // BOM: TextDecoder drops it
      [0x61, 0xef, 0xbb, 0xbf], // not leading: kept
      [0xc0, 0x80], // overlong NUL
      [0xc1, 0xbf],
      [0xe0, 0x80, 0x80], // overlong
      [0xe0, 0xa0, 0x80], // U+0800
      [0xed, 0xa0, 0x80], // a surrogate
      [0xed, 0x9f, 0xbf], // U+D7FF
      [0xf0, 0x8f, 0xbf, 0xbf], // overlong
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
      [0xf4, 0x8f, 0xbf, 0xbf], // U+10FFFF
      [0xe6, 0xbb], // cut
      [0xe6, 0x61, 0x62],
      [0x80],
      [0xff, 0xfe],
      [0x61, 0x2c, 0x62], // a comma: quoted
      [0x22],
      [],
    ];
    const r = rng(11);
    const alphabet = [0x61, 0x2c, 0x22, 0x0a, 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xe6, 0xed, 0xef, 0xbb, 0xf0, 0xf4, 0x8f, 0x90, 0xa0, 0xff];
    for (let i = 0; i < 5000; i++) cells.push(Array.from({ length: Math.floor(r() * 7) }, () => alphabet[Math.floor(r() * alphabet.length)]));
    const dec = new TextDecoder();
    const out = written((w) => {
      for (const c of cells) {
        w.utf8(new Uint8Array(c));
        w.endLine();
      }
    });
    expectSameBytes(out, reference(cells.map((c) => [dec.decode(new Uint8Array(c))])));
    // utf8Range: the same cells read in place from one buffer, each between other bytes (a cut sequence stays cut).
    const all = new Uint8Array(cells.reduce((n, c) => n + c.length + 2, 0));
    const spans: [number, number][] = [];
    let at = 0;
    for (const c of cells) {
      all.set([0xe6, ...c, 0xbb], at);
      spans.push([at + 1, at + 1 + c.length]);
      at += c.length + 2;
    }
    const ranged = written((w) => {
      for (const [from, to] of spans) {
        w.utf8Range(all, from, to);
        w.endLine();
      }
    });
    expectSameBytes(ranged, reference(cells.map((c) => [dec.decode(new Uint8Array(c))])));
    // ascii: plain ASCII cells (nothing to quote) read in place are their bytes.
    const plain = ['O000000001', '2025-09-27 14:11:36', '', '347.11', 'a b;c\t'];
    const line = enc.encode(`<${plain.join('|')}>`);
    let from = 1;
    const copied = written((w) => {
      for (const p of plain) {
        w.ascii(line, from, from + p.length);
        from += p.length + 1;
      }
      w.endLine();
    });
    expectSameBytes(copied, reference([plain]));
  });
});

describe('isoFromMillis', () => {
  it("gives Date's UTC wall clock: epoch, before 1970, leap days, centuries, day edges, random instants, beyond its arithmetic's range", () => {
    const byDate = (ms: number) => {
      const d = new Date(ms);
      return isoTimestamp(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
    };
    const xs = [0, -1, 1, 999, -999, -1000, -1001, 86_399_999, 86_400_000, -86_400_000, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(1900, 2, 1), Date.UTC(2100, 1, 28, 12)];
    xs.push(Date.UTC(1600, 0, 1), Date.UTC(-1, 11, 31, 23, 59, 59), 1e15, -1e15, 1e15 + 1, 8.64e15, 1.5, -0.5);
    const r = rng(5);
    for (let i = 0; i < 20_000; i++) xs.push(Math.floor((r() - 0.5) * 2 * 10 ** (3 + Math.floor(r() * 13))));
    for (const ms of xs) expect(isoFromMillis(ms), String(ms)).toBe(byDate(ms));
  });
});
