// The fast XLSX reader (workers/import/xlsx-fast.ts) against SheetJS, the independent reader it
// replaces for plain exports: every sheet's text rows must be identical (cell text, empty cells,
// row lengths, blank rows), and workbooks outside its subset must give null (SheetJS reads them).
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { utils, write, type WorkBook } from '@e965/xlsx';
import { CsvWriter } from '../../../workers/import/csv-writer.ts';
import { openFastWorkbook, setScanSegmentForTests, writeFastSheet, type FastWorkbook } from '../../../workers/import/xlsx-fast.ts';
import { fastBook, openWorkbook, readSheet, sheetJsBook } from '../../../workers/import/xlsx-reader.ts';
import { canonicalNumber, decodeRange, scanSheetStream, SheetScan } from '../../../workers/import/xlsx-scan.ts';
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

  it('gives null (SheetJS reads it) for formulas and files that are not a zip; reads escaped control characters as SheetJS does', async () => {
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
    await expectSameRows(bytesOf(cr));
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

  it('the same CSV whatever the scan segments (cells split across chunks), a leading U+FEFF kept, quoted cells quoted', async () => {
    const rows = sheetRows();
    rows.push(['\ufeffBOM开头', '店,"引"', 1.5, 'a\nb']);
    const bytes = bytesOf(bookOf([['订单', rows]]));
    const whole = (await openFastWorkbook(bytes))!.sheets.get('订单')!;
    expect(whole.at(-1)).toEqual(['\ufeffBOM开头', '店,"引"', '1.5', 'a\nb']);
    try {
      for (const seg of [1, 13, undefined]) {
        setScanSegmentForTests(seg);
        expect((await streamed(bytes, 50, { width: 4, headerLine: 3 })).csv, String(seg)).toBe(rowsCsv(whole, 3, 4));
      }
    } finally {
      setScanSegmentForTests(undefined);
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
      const wrapped = new TextEncoder().encode(`<v>${v}</v>`);
      const same = v !== '' && String(parseFloat(v)) === v;
      // True only when String gives it back (false may also be a number String keeps: the slow path reads it then).
      if (canonicalNumber(wrapped, 3, 3 + v.length)) expect(same, v).toBe(true);
    }
    // The common plain numbers are taken.
    for (const v of ['0', '1', '-1', '10', '1.5', '0.5', '-0.5', '0.000001', '0.0000015', '123456789012345', '12345678901234.5', '0.1', '347.11', '45927.5913888889']) {
      expect(canonicalNumber(new TextEncoder().encode(`<v>${v}</v>`), 3, 3 + v.length), v).toBe(true);
    }
  });
});

// ---- The byte scanner (xlsx-scan.ts) on hand-edited workbooks: each behaviour SheetJS has, cell for cell ----

/** The zip's entries (stored or deflated) by name. */
function unzip(bytes: Uint8Array): Map<string, Uint8Array> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = b.length - 22;
  while (b.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const out = new Map<string, Uint8Array>();
  let at = b.readUInt32LE(eocd + 16);
  for (let k = b.readUInt16LE(eocd + 10); k > 0; k--) {
    const method = b.readUInt16LE(at + 10);
    const size = b.readUInt32LE(at + 20);
    const nameLen = b.readUInt16LE(at + 28);
    const local = b.readUInt32LE(at + 42);
    const name = b.toString('utf8', at + 46, at + 46 + nameLen);
    at += 46 + nameLen + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const data = b.subarray(start, start + size);
    out.set(name, method === 8 ? inflateRawSync(data) : data);
  }
  return out;
}

/** A zip of these entries, each deflated (as Excel writes them), with their CRCs. */
function zip(entries: Map<string, Uint8Array>): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, raw] of entries) {
    const data = deflateRawSync(raw);
    const n = Buffer.from(name, 'utf8');
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(crc32(raw), 14);
    head.writeUInt32LE(data.length, 18);
    head.writeUInt32LE(raw.length, 22);
    head.writeUInt16LE(n.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc32(raw), 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(raw.length, 24);
    dir.writeUInt16LE(n.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(head, n, data);
    central.push(dir, n);
    offset += 30 + n.length + data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.size, 8);
  end.writeUInt16LE(entries.size, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dirBytes, end]));
}

/** A workbook SheetJS wrote, its parts' text then edited (`parts`: name → new text, or a function of the old). */
function edited(book: WorkBook, parts: Record<string, string | ((old: string) => string)>, sst = true): Uint8Array {
  const entries = unzip(bytesOf(book, sst));
  for (const [name, edit] of Object.entries(parts)) {
    const old = entries.has(name) ? Buffer.from(entries.get(name)!).toString('utf8') : '';
    entries.set(name, Buffer.from(typeof edit === 'string' ? edit : edit(old), 'utf8'));
  }
  return zip(entries);
}

/** A sheet XML around these rows' XML. */
const sheetXmlOf = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:H20"/><sheetData>${rows}</sheetData></worksheet>`;

/** A shared strings part of these `<si>` bodies. */
const sstOf = (items: string[]) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${items.length}" uniqueCount="${items.length}">${items.map((x) => `<si>${x}</si>`).join('')}</sst>`;

/** A one-sheet book SheetJS wrote (its styles, workbook, content types), to put hand-written parts into. */
const baseBook = () => bookOf([['表', [['x', 1]]]]);

/** Each segment size: the scanner's cells equal SheetJS's (the fast reader must take the file). */
async function expectSameRowsAllSegments(bytes: Uint8Array, segments = [1, 7, 64, undefined]) {
  try {
    for (const seg of segments) {
      setScanSegmentForTests(seg);
      await expectSameRows(bytes);
    }
  } finally {
    setScanSegmentForTests(undefined);
  }
}

describe('the byte scanner reads what SheetJS reads, behaviour by behaviour', () => {
  it('shared strings: plain, xml:space, rich text runs (rPr, phonetic runs left out), entities named and numeric, _xHHHH_, CR LF, CDATA, empty', async () => {
    const items = [
      '<t>订单号</t>',
      '<t xml:space="preserve"> 前后空格 </t>',
      '<r><rPr><b/><sz val="11"/><rFont val="宋体"/></rPr><t>滨江</t></r><r><t xml:space="preserve">店 &amp; </t></r><r><rPr><i/></rPr><t>旗舰</t></r>',
      '<t>东方</t><rPh sb="0" eb="2"><t>ドンファン</t></rPh><phoneticPr fontId="1"/>',
      '<r><t>甲</t></r><rPh sb="0" eb="1"><t>コウ</t></rPh><r><t>乙</t></r>',
      '<t>&lt;a&gt; &quot;q&quot; &apos;s&apos; &amp;amp;</t>',
      '<t>&#20013;&#x6587;&#X41;&#65;&#x1F600;&AMP;</t>',
      '<t>行一_x000D__x000A_行二_x0041_</t>',
      '<t>a\r\nb\rc\nd</t>',
      '<t><![CDATA[<不转义> &amp;]]>后</t>',
      '<t/>',
      '<t></t>',
      '<r><t/></r>',
    ];
    const rows = items.map((_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${i}</v></c><c r="B${i + 1}"><v>${i}</v></c></row>`).join('');
    const bytes = edited(baseBook(), { 'xl/sharedStrings.xml': sstOf(items), 'xl/worksheets/sheet1.xml': sheetXmlOf(rows) });
    await expectSameRowsAllSegments(bytes);
    const cells = (await openFastWorkbook(bytes))!.sheets.get('表')!.map((r) => r![0]);
    // Hand-worked: what each item reads as.
    expect(cells.slice(0, 10)).toEqual([
      '订单号',
      ' 前后空格 ',
      '滨江店 & 旗舰',
      '东方',
      '甲乙',
      '<a> "q" \'s\' &amp;',
      '中文)A\uf600\0',
      '行一\n行二A',
      'a\nb\rc\nd',
      '<不转义> &amp;后',
    ]);
  });

  it('inline strings (plain, rich, entities) and str cells (entities, a double escape, _xHHHH_, CR LF, a leading U+FEFF, empty)', async () => {
    const rows = [
      '<row r="1"><c r="A1" t="inlineStr"><is><t>门店&amp;渠道</t></is></c><c r="B1" t="inlineStr"><is><r><t>线</t></r><r><rPr><b/></rPr><t>下&#x5E97;</t></r></is></c><c r="C1" t="inlineStr"><is><t/></is></c><c r="D1" t="inlineStr"></c></row>',
      '<row r="2"><c r="A2" t="str"><v>A&amp;B &lt;c&gt; &#65;&#x42;</v></c><c r="B2" t="str"><v>&amp;lt;x&amp;gt; &amp;#67;</v></c><c r="C2" t="str"><v>x_x0041_y_x000D__x000A_z</v></c><c r="D2" t="str"><v>a\r\nb</v></c></row>',
      '<row r="3"><c r="A3" t="str"><v>\ufeff带BOM</v></c><c r="B3" t="str"><v></v></c><c r="C3" t="str"/><c r="D3" t="str"><v xml:space="preserve"> 空 </v></c><c r="E3" t="str"><v>,逗号"引号"</v></c></row>',
    ].join('');
    const bytes = edited(baseBook(), { 'xl/worksheets/sheet1.xml': sheetXmlOf(rows) });
    await expectSameRowsAllSegments(bytes);
    const sheet = (await openFastWorkbook(bytes))!.sheets.get('表')!;
    expect(sheet[0]).toEqual(['门店&渠道', '线下店', '', '']);
    expect(sheet[1]).toEqual(['A&B <c> AB', '<x> C', 'xAy\nz', 'a\nb']);
    expect(sheet[2]).toEqual(['\ufeff带BOM', '', '', ' 空 ', ',逗号"引号"']);
  });

  it('numbers (canonical or not, an entity), dates by number format (built-in and custom, date1904), booleans, errors', async () => {
    const styles = (old: string) =>
      old
        .replace(/<numFmts[\s\S]*?<\/numFmts>/, '')
        .replace('<fonts', '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy/m/d h:mm"/><numFmt numFmtId="165" formatCode="0.00&quot;元&quot;"/></numFmts><fonts')
        .replace(
          /<cellXfs[\s\S]*?<\/cellXfs>/,
          '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>',
        );
    const rows = [
      '<row r="1"><c r="A1"><v>347.11</v></c><c r="B1"><v>1.50</v></c><c r="C1"><v>1E-7</v></c><c r="D1"><v>0.0000001</v></c><c r="E1"><v>-0</v></c><c r="F1"><v>&#49;2</v></c><c r="G1" s="0"><v>007</v></c><c r="H1"><v>123456789012345678</v></c></row>',
      '<row r="2"><c r="A2" s="1"><v>45658</v></c><c r="B2" s="2"><v>45658.5</v></c><c r="C2" s="3"><v>45658.5</v></c><c r="D2" s="4"><v>45658.75</v></c><c r="H2" s="4"><v>45658.999999</v></c><c r="E2" s="1"/><c r="F2" s="1"><v></v></c><c r="G2" s="9"><v>3</v></c></row>',
      '<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="b"><v>0</v></c><c r="C3" t="b"><v>true</v></c><c r="D3" t="b"><v>&#49;</v></c><c r="E3" t="b"/><c r="F3" t="e"><v>#N/A</v></c><c r="G3" t="e"><v>#DIV/0!</v></c><c r="H3" t="n"><v>5</v></c></row>',
    ].join('');
    for (const date1904 of [false, true]) {
      const bytes = edited(baseBook(), {
        'xl/styles.xml': styles,
        'xl/worksheets/sheet1.xml': sheetXmlOf(rows),
        'xl/workbook.xml': (old) => (date1904 ? old.replace('<workbookPr ', '<workbookPr date1904="1" ') : old),
      });
      await expectSameRowsAllSegments(bytes, [1, undefined]);
      const sheet = (await openFastWorkbook(bytes))!.sheets.get('表')! as string[][];
      expect(sheet[0]).toEqual(['347.11', '1.5', '1e-7', '1e-7', '0', '12', '7', '123456789012345680']);
      if (!date1904) expect(sheet[1].slice(0, 4)).toEqual(['2025-01-01', '2025-01-01 12:00:00', '45658.5', '2025-01-01 18:00:00']);
      else expect(sheet[1][0]).toBe('2029-01-02'); // 1904 system: 1462 days later
      expect(sheet[1][7]).toBe(date1904 ? '2029-01-03' : '2025-01-02'); // rounded to the second: midnight
      expect(sheet[2]).toEqual(['true', 'false', 'true', 'true', 'false', '', '', '5']);
    }
  });

  it('sparse columns and rows by the r reference, cells and rows without one, self-closing cells, blank rows', async () => {
    const rows = [
      '<row r="2"><c r="B2" t="str"><v>b</v></c><c r="F2"><v>6</v></c><c t="str"><v>after F</v></c></row>',
      '<row r="3" spans="1:8" ht="20" customHeight="1"><c r="A3" s="0"/><c r="C3" t="s"><v>0</v></c></row>',
      '<row><c r="A4"><v>4</v></c></row>',
      '<row r="7"/>',
      '<row r="9"><c r="AA9" t="str"><v>远列</v></c></row>',
      '<row><c><v>1</v></c><c><v>2</v></c></row>',
    ].join('');
    const bytes = edited(baseBook(), { 'xl/sharedStrings.xml': sstOf(['<t>共享</t>']), 'xl/worksheets/sheet1.xml': sheetXmlOf(rows) });
    await expectSameRowsAllSegments(bytes);
    const sheet = (await openFastWorkbook(bytes))!.sheets.get('表')!;
    expect(sheet.length).toBe(10);
    expect(sheet[1]).toEqual([undefined, 'b', undefined, undefined, undefined, '6', 'after F']);
    expect(sheet[2]).toEqual([undefined, undefined, '共享']);
    expect(sheet[3]).toEqual(['4']);
    expect(sheet[8]![26]).toBe('远列');
    expect(sheet[9]).toEqual(['1', '2']);
  });

  it('several sheets: every sheet, in workbook order, with its own cells', async () => {
    const book = bookOf([
      ['说明', [['导出自 收银系统'], [], ['日期', new Date(Date.UTC(2025, 0, 2))]]],
      ['订单', [['订单号', '金额'], ...Array.from({ length: 50 }, (_, i) => [`T${i}`, i * 1.25])]],
      ['空表', []],
    ]);
    for (const sst of [false, true]) await expectSameRowsAllSegments(bytesOf(book, sst), [1, undefined]);
  });

  it('Chinese text split across every chunk boundary: the same cells whatever the chunks and the segment size', async () => {
    const { syntheticOrdersText } = await import('../../../bench/synthetic-orders.ts');
    const rows = syntheticOrdersText(300)
      .trimEnd()
      .split('\n')
      .map((l, i) => l.split(',').map((x, j) => (j === 3 ? `${x}·${'中文長い名前'.repeat(1 + (i % 3))}` : x)));
    const book = bookOf([['订单', rows]]);
    for (const sst of [false, true]) await expectSameRowsAllSegments(bytesOf(book, sst), [1, 5, 999, undefined]);
    // The scanner fed by hand: chunks of every size from 1 to 40 bytes, segments of 1 and 3 bytes and the default.
    const xml = unzip(bytesOf(book))!.get('xl/worksheets/sheet1.xml')!;
    const cellsOf = async (chunk: number, segment?: number) => {
      const got: string[] = [];
      const sink = {
        text: (r: number, c: number, s: string) => got.push(`${r}:${c}:${s}`),
        bytes: (r: number, c: number, b: Uint8Array, f: number, t: number) => got.push(`${r}:${c}:${decodeRange(b, f, t)}`),
      };
      let at = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(ctl) {
          if (at >= xml.length) return ctl.close();
          ctl.enqueue(xml.slice(at, (at += chunk))); // a copy: the scanner may not keep a chunk
        },
      });
      await scanSheetStream(stream, new SheetScan([], [], false, sink), segment);
      return got;
    };
    const whole = await cellsOf(xml.length);
    expect(whole.length).toBe(301 * 7);
    expect(whole).toContain(`4:3:${rows[3][3]}`);
    for (let chunk = 1; chunk <= 40; chunk++) for (const segment of [1, 3, undefined]) expect(await cellsOf(chunk, segment), `${chunk}/${segment}`).toEqual(whole);
  });

  it('a preview reads only as far as its rows: the stream is cancelled, not inflated to the end', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [`T${i}`, `门店${i % 7}`, i]);
    const xml = unzip(bytesOf(bookOf([['s', rows]])))!.get('xl/worksheets/sheet1.xml')!;
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(ctl) {
        if (pulled >= xml.length) return ctl.close();
        ctl.enqueue(xml.slice(pulled, (pulled += 4096)));
      },
    });
    const got: number[] = [];
    await scanSheetStream(stream, new SheetScan([], [], false, { text: (r) => got.push(r), bytes: (r) => got.push(r) }, 100), 1);
    expect(Math.max(...got)).toBe(100);
    expect(pulled).toBeLessThan(xml.length / 4);
  });

  it('what SheetJS reads differently by platform, or this reader does not replicate, gives null', async () => {
    const cases = [
      '<row r="1"><c r="A1" t="str"><v>&#20013;</v></c></row>', // a str cell's reference to a non-ASCII character: SheetJS decodes it as UTF-8 bytes
      '<row r="1"><c r="A1" t="str"><v>_x4E2D_</v></c></row>',
      '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>', // formulas
      '<row r="1"><c r="A1" t="d"><v>2025-01-01T00:00:00</v></c></row>', // date cells
      '<row r="1"><c r="A1"><v>\u30001</v></c></row>', // a number's text that is not ASCII
      "<row r='1'><c r='A1'><v>1</v></c></row>", // single quotes
      '<row r="1"><c r="A1" t="str"><v>unterminated', // a sheet that ends inside sheetData
    ];
    for (const rows of cases) {
      const xml = rows.includes('unterminated') ? sheetXmlOf(rows).replace(/<\/sheetData>[\s\S]*$/, '') : sheetXmlOf(rows);
      const bytes = edited(baseBook(), { 'xl/worksheets/sheet1.xml': xml });
      expect(await openFastWorkbook(bytes), rows).toBeNull();
    }
    const namespaced = sheetXmlOf('<row r="1"><c r="A1"><v>1</v></c></row>').replace(/<(\/?)sheetData>/g, '<$1x:sheetData>');
    expect(await openFastWorkbook(edited(baseBook(), { 'xl/worksheets/sheet1.xml': namespaced }))).toBeNull();
  });
});
