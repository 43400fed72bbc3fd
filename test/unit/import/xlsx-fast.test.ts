// The fast XLSX reader (workers/import/xlsx-fast.ts) against SheetJS, the independent reader it
// replaces for plain exports: every sheet's text rows must be identical (cell text, empty cells,
// row lengths, blank rows), and workbooks outside its subset must give null (SheetJS reads them).
import { describe, expect, it } from 'vitest';
import { utils, write, type WorkBook } from '@e965/xlsx';
import { CsvWriter } from '../../../workers/import/csv-writer.ts';
import { canonicalNumber, openFastWorkbook, writeFastSheet, type FastWorkbook } from '../../../workers/import/xlsx-fast.ts';
import { fastBook, openWorkbook, readSheet, sheetJsBook } from '../../../workers/import/xlsx-reader.ts';
import { fixture } from './helpers.ts';
import { mixedFile } from './mixed-orders.ts';

const bytesOf = (book: WorkBook, sst = false) => new Uint8Array(write(book, { type: 'array', bookType: 'xlsx', bookSST: sst }) as ArrayBuffer);

function bookOf(sheets: [string, unknown[][]][]): WorkBook {
  const book = utils.book_new();
  for (const [name, rows] of sheets) utils.book_append_sheet(book, utils.aoa_to_sheet(rows, { cellDates: true }), name);
  return book;
}

/** Both readers' rows of every sheet; the fast reader must take the file. */
async function expectSameRows(bytes: Uint8Array) {
  const fast = await openFastWorkbook(bytes);
  expect(fast, 'the fast reader took the file').not.toBeNull();
  const slow = sheetJsBook(openWorkbook(bytes));
  expect(fast!.sheetNames).toEqual(slow.sheetNames);
  for (const name of slow.sheetNames) {
    expect(readSheet(fastBook(fast!), name, bytes.length), name).toEqual(readSheet(slow, name, bytes.length));
  }
}

describe('fast XLSX reader reads what SheetJS reads', () => {
  it('the orders.xlsx fixture: merged title rows, date-time and date formats (custom ids), an empty string cell, two sheets', async () => {
    await expectSameRows(fixture('orders.xlsx').bytes);
  });

  it('typed cells with inline and with shared strings: numbers, Date cells, booleans, errors, &, <, quotes, sparse rows', async () => {
    const rows: unknown[][] = [['订单号', '下单时间', '会员卡号', '门店', '实付金额', '是否退款']];
    for (let i = 1; i <= 200; i++) {
      rows.push([
        i % 40 === 0 ? 1000 + i : `T${i}`,
        i % 3 ? new Date(Date.UTC(2024, 1, 1 + (i % 28), i % 24, 7, 30)) : 45000.25 + i,
        i % 10 ? `M&<"${i % 13}">` : '',
        i % 17 ? "A&B 'store'" : undefined,
        i % 7 ? i * 0.1 + 1e-7 : -i,
        i % 5 === 0,
      ]);
    }
    rows.push([], [], ['合计', null, null, null, 123.45]); // blank rows, then a row with holes
    const book = bookOf([['订单', rows]]);
    const ws = book.Sheets['订单'];
    ws['G3'] = { t: 'e', v: 0x2a }; // #N/A: stored, read as ''
    ws['!ref'] = 'A1:G205';
    for (const sst of [false, true]) await expectSameRows(bytesOf(book, sst));
  });

  it('the mixed orders file as text cells and the bench shape', async () => {
    const rows = mixedFile()
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    await expectSameRows(bytesOf(bookOf([['Sheet1', rows]])));
    const { syntheticOrdersText } = await import('../../../bench/synthetic-orders.ts');
    const synth = syntheticOrdersText(2000)
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    await expectSameRows(bytesOf(bookOf([['订单', synth]]), true));
  });

  it('start tags read in place or as a string give what SheetJS gives: attributes in another order, a reference without a row', async () => {
    const rows = [['订单号', '门店', '金额'], ...Array.from({ length: 30 }, (_, i) => [`T${i}`, `店${i % 3}`, i * 1.5])];
    const bytes = bytesOf(bookOf([['s', rows]])); // stored, not deflated: same-length edits of the sheet XML keep the zip valid
    const text = new TextDecoder('latin1').decode(bytes);
    const edit = (from: string, to: string) => {
      const at = text.indexOf(from);
      expect(at, from).toBeGreaterThan(0);
      expect(to.length).toBe(from.length);
      bytes.set(new TextEncoder().encode(to), at);
    };
    edit('<c r="A2" t="str">', '<c t="str" r="A2">'); // t before r: read in place
    edit('<c r="B4" t="str">', '<c t="str" r="B4">');
    edit('<c r="B6" t="str">', '<c t="str"       >'); // no reference, spaces before '>': read as a string; the column after A6's
    await expectSameRows(bytes);
  });

  it('a preview reads only the first rows (the rest is never inflated): the start of the whole sheet, row for row', async () => {
    const { syntheticOrdersText } = await import('../../../bench/synthetic-orders.ts');
    const rows = syntheticOrdersText(5000)
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    rows.splice(3, 0, [], []); // blank rows inside the preview keep their places
    const bytes = bytesOf(bookOf([['订单', rows]]), true);
    const whole = (await openFastWorkbook(bytes))!.sheets.get('订单')!;
    const part = (await openFastWorkbook(bytes, 100))!.sheets.get('订单')!;
    expect(whole.length).toBe(5003);
    expect(part).toEqual(whole.slice(0, 100));
  });

  it('gives null (SheetJS reads it) for formulas, escaped control characters, and files that are not a zip', async () => {
    const formula = bookOf([
      [
        's',
        [
          ['a', 'b'],
          [1, 2],
        ],
      ],
    ]);
    formula.Sheets.s['C2'] = { t: 'n', v: 3, f: 'A2+B2' };
    formula.Sheets.s['!ref'] = 'A1:C2';
    expect(await openFastWorkbook(bytesOf(formula))).toBeNull();
    const cr = bookOf([
      [
        's',
        [
          ['a', 'b'],
          ['line\r\nbreak', 2],
        ],
      ],
    ]); // written as _x000d_
    expect(await openFastWorkbook(bytesOf(cr))).toBeNull();
    expect(await openFastWorkbook(new TextEncoder().encode('not a zip at all'))).toBeNull();
  });
});

/** The CSV of rows[from…] `width` cells a line, as joined strings (the independent reference for writeFastSheet). */
function rowsCsv(rows: (string[] | undefined)[], from: number, width: number): string {
  const field = (x: string) => (/[",\n\r]/.test(x) ? `"${x.replaceAll('"', '""')}"` : x);
  let out = '';
  for (let r = from; r < rows.length; r++) out += `${Array.from({ length: width }, (_, j) => field(rows[r]?.[j] ?? '')).join(',')}\n`;
  return out;
}

/** writeFastSheet with a fixed plan; what the plan was shown, the outcome and the CSV. */
async function streamed(bytes: Uint8Array, previewRows: number, plan: { width: number; headerLine: number } | null, sheet?: string) {
  const seen: { preview: FastWorkbook; more: boolean }[] = [];
  const w = new CsvWriter();
  const outcome = await writeFastSheet(bytes, sheet, previewRows, (preview, more) => (seen.push({ preview, more }), plan), w);
  return { outcome, seen, csv: Buffer.concat(w.finish()).toString('utf8') };
}

describe('a sheet written as CSV straight from the scan (writeFastSheet) equals its rows written as CSV', () => {
  const sheetRows = () => {
    const rows: unknown[][] = [['报表'], [], ['订单号', '门店', '金额', '备注']];
    for (let i = 1; i <= 400; i++) {
      if (i % 37 === 0)
        rows.push([]); // a row storing no cell
      else rows.push([`T${i}`, i % 5 ? `店,${i % 3}` : undefined, i * 1.25, i % 9 ? undefined : `say "${i}"`]);
    }
    rows.push([], [], ['合计', undefined, 500.5]);
    return rows;
  };

  it('the plan sees the first rows (as a preview reads them) and whether more follow; the rows after its header line are written, gaps as empty lines', async () => {
    const bytes = bytesOf(bookOf([['订单', sheetRows()]]), true);
    const whole = (await openFastWorkbook(bytes))!.sheets.get('订单')!;
    for (const [previewRows, width] of [
      [50, 4],
      [50, 3], // cells right of the width are empty here: written without them… (none is stored right of column D)
      [100_000, 4], // the whole sheet in the preview
      [4, 4], // only the header row before the scan writes
    ] as const) {
      const { outcome, seen, csv } = await streamed(bytes, previewRows, { width, headerLine: 3 });
      if (width === 3) {
        expect(outcome).toBe('refused'); // column D holds text in some rows: the JS path
        continue;
      }
      expect(outcome, String(previewRows)).toBe('written');
      expect(seen).toHaveLength(1);
      expect(seen[0].preview.sheets.get('订单')).toEqual((await openFastWorkbook(bytes, previewRows))!.sheets.get('订单'));
      expect(seen[0].more).toBe(whole.length > previewRows);
      expect(csv, String(previewRows)).toBe(rowsCsv(whole, 3, width));
    }
  });

  it('empty text right of the width is no refusal; a refused plan, or no row after the header, is refused', async () => {
    const rows = [
      ['a', 'b', ''],
      ['1', '2', ''],
      ['3', '4', ''],
    ];
    const bytes = bytesOf(bookOf([['s', rows]]));
    expect(await streamed(bytes, 1, { width: 2, headerLine: 1 })).toMatchObject({ outcome: 'written', csv: '1,2\n3,4\n' });
    expect((await streamed(bytes, 10, null)).outcome).toBe('refused');
    expect((await streamed(bytes, 10, { width: 2, headerLine: 3 })).outcome).toBe('refused');
  });

  it('several sheets: the named one is written; none named, or a name that is absent, is left to the rows path', async () => {
    const bytes = bytesOf(
      bookOf([
        ['说明', [['x']]],
        ['订单', sheetRows()],
      ]),
    );
    const whole = (await openFastWorkbook(bytes))!.sheets.get('订单')!;
    expect(await streamed(bytes, 50, { width: 4, headerLine: 3 }, '订单')).toMatchObject({ outcome: 'written', csv: rowsCsv(whole, 3, 4) });
    expect((await streamed(bytes, 50, { width: 4, headerLine: 3 })).outcome).toBe('unsupported');
    expect((await streamed(bytes, 50, { width: 4, headerLine: 3 }, '无')).outcome).toBe('unsupported');
    expect((await streamed(new TextEncoder().encode('not a zip at all'), 50, { width: 4, headerLine: 3 })).outcome).toBe('unsupported');
  });

  it('cells out of row or column order after the preview are left to the rows path', async () => {
    const rows = [['订单号', '门店', '金额'], ...Array.from({ length: 30 }, (_, i) => [`T${i}`, `店${i % 3}`, `${i}`])];
    for (const [from, to] of [
      ['<c r="B20" t="str">', '<c r="B12" t="str">'], // a cell of an earlier row
      ['<c r="C20" t="str">', '<c r="A20" t="str">'], // a column already written
    ]) {
      const bytes = bytesOf(bookOf([['s', rows]])); // stored: a same-length edit keeps the zip valid
      const at = new TextDecoder('latin1').decode(bytes).indexOf(from);
      expect(at, from).toBeGreaterThan(0);
      bytes.set(new TextEncoder().encode(to), at);
      expect((await streamed(bytes, 5, { width: 3, headerLine: 1 })).outcome, to).toBe('unsupported');
    }
  });
});

describe('canonicalNumber', () => {
  it('is true exactly for the <v> texts String(parseFloat(v)) gives back unchanged (chosen edges, then random digit strings)', () => {
    const chosen = ['0', '-0', '1', '-1', '10', '01', '1.5', '1.50', '1.', '.5', '0.5', '-0.5', '0.000001', '0.0000015', '0.0000001', '123456789012345', '1234567890123456'];
    chosen.push('12345678901234.5', '9007199254740993', '1e5', '1E-7', '+1', '1,5', ' 1', '', '-', '99999999999999.9', '0.1', '0.30000000000000004', '45927.5913888889');
    let x = 17;
    const next = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const alphabet = '0000123456789-.e';
    for (let i = 0; i < 30_000; i++) chosen.push(Array.from({ length: 1 + Math.floor(next() * 18) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
    for (const v of chosen) {
      const wrapped = `<v>${v}</v>`;
      const same = v !== '' && String(parseFloat(v)) === v;
      // True only when String gives it back (false may also be a number String keeps: the slow path reads it then).
      if (canonicalNumber(wrapped, 3, 3 + v.length)) expect(same, v).toBe(true);
    }
    // The common plain numbers are taken.
    for (const v of ['0', '1', '-1', '10', '1.5', '0.5', '-0.5', '0.000001', '0.0000015', '123456789012345', '12345678901234.5', '0.1', '347.11', '45927.5913888889']) {
      expect(canonicalNumber(`<v>${v}</v>`, 3, 3 + v.length), v).toBe(true);
    }
  });
});
