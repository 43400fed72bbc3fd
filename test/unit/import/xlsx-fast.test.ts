// The fast XLSX reader (workers/import/xlsx-fast.ts) against SheetJS, the independent reader it
// replaces for plain exports: every sheet's text rows must be identical (cell text, empty cells,
// row lengths, blank rows), and workbooks outside its subset must give null (SheetJS reads them).
import { describe, expect, it } from 'vitest';
import { utils, write, type WorkBook } from '@e965/xlsx';
import { openFastWorkbook } from '../../../workers/import/xlsx-fast.ts';
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
