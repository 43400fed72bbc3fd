/**
 * A fast reader for the plain XLSX a till exports (issue 14: SheetJS's own inflate and XML parse
 * are ~2× the whole CSV import at 250k orders): the zip inflated natively (DecompressionStream),
 * the sheet XML scanned as bytes chunk by chunk as it is inflated (xlsx-scan.ts: no string of the
 * whole sheet), each cell written as the very text xlsx-reader.ts cellText gives for SheetJS's cell
 * (same storage rules for empty cells, same number formats through SheetJS's own format table and
 * SSF.is_date, SheetJS's unescaping of entities and rich text replicated). Anything outside that
 * subset — formulas, `t="d"` cells, zip64, namespace prefixes, a number format SheetJS has not
 * loaded, a reference in a `str` cell to a non-ASCII character — gives null, and the caller reads
 * the workbook with SheetJS as before.
 */
import { SSF } from '@e965/xlsx';
import type { CsvWriter } from './csv-writer.ts';
import { decodeRange, scanSheetStream, sharedStrings, SheetScan, Unsupported, unsupported, type CellSink } from './xlsx-scan.ts';

/** Text rows of one sheet as readSheet would see them (undefined: a row SheetJS stores no cell in). */
export type TextRows = (string[] | undefined)[];

export interface FastWorkbook {
  sheetNames: string[];
  sheets: Map<string, TextRows>;
}

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

/** The zip's entries by name, inflated on demand (stored or deflated; anything else is unsupported). */
function zipEntries(b: Uint8Array): Map<string, (whole?: boolean) => ReadableStream<Uint8Array>> {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65_535); i--) {
    if (u32(b, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) unsupported('no zip directory');
  const count = u16(b, eocd + 10);
  let at = u32(b, eocd + 16);
  const names = new TextDecoder();
  const out = new Map<string, (whole?: boolean) => ReadableStream<Uint8Array>>();
  for (let k = 0; k < count; k++) {
    if (u32(b, at) !== 0x02014b50) unsupported('zip directory');
    const method = u16(b, at + 10);
    const size = u32(b, at + 20);
    const nameLen = u16(b, at + 28);
    const local = u32(b, at + 42);
    if (size === 0xffffffff || local === 0xffffffff) unsupported('zip64');
    const name = names.decode(b.subarray(at + 46, at + 46 + nameLen));
    at += 46 + nameLen + u16(b, at + 30) + u16(b, at + 32);
    if (u32(b, local) !== 0x04034b50) unsupported('zip entry');
    const start = local + 30 + u16(b, local + 26) + u16(b, local + 28);
    const data = b.subarray(start, start + size);
    if (method !== 0 && method !== 8) unsupported(`zip method ${method}`);
    out.set(name, (whole = true) => {
      if (method === 0) return new Blob([data as BlobPart]).stream();
      // A whole entry is written at once: the stream inflates natively without a JS hop per input chunk. A
      // preview feeds it slice by slice as it is read (written at once, the whole sheet would be inflated for
      // its first rows: 0.3–0.7 s of a 250k-row sheet's preview in the tab).
      if (!whole) return new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
      const inflate = new DecompressionStream('deflate-raw');
      const writer = inflate.writable.getWriter();
      writer.write(data as Uint8Array<ArrayBuffer>).catch(() => undefined); // a cancelled preview rejects these
      writer.close().catch(() => undefined);
      return inflate.readable;
    });
  }
  return out;
}

const TEXT_SPECIAL = /[\r<&_]/;
const ENTITIES: Record<string, string> = { quot: '"', apos: "'", gt: '>', lt: '<', amp: '&' };

/** XML text as SheetJS's unescapexml reads it, for the plain subset (named entities only). */
function xmlText(s: string): string {
  if (!TEXT_SPECIAL.test(s)) return s; // the common cell: none of the characters the checks below look for
  if (s.includes('\r') || s.includes('<') || (s.includes('_x') && /_x[\da-fA-F]{4}_/i.test(s))) unsupported('escaped text');
  if (!s.includes('&')) return s;
  if (/&(?!(?:quot|apos|gt|lt|amp);)/.test(s)) unsupported('character reference');
  return s.replace(/&(quot|apos|gt|lt|amp);/g, (_, e: string) => ENTITIES[e]);
}

const ATTRS = new Map<string, RegExp>();
const attr = (tag: string, name: string): string | undefined => {
  let re = ATTRS.get(name);
  if (!re) ATTRS.set(name, (re = new RegExp(`\\s${name}="([^"]*)"`)));
  const m = re.exec(tag);
  return m ? m[1] : undefined;
};

/** Per cell style index: is its number format a date (null: a format SheetJS has not loaded, unsupported if a number uses it). */
function dateStyles(xml: string | undefined): (boolean | null)[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\b([^>]*)\/?>/g)) custom.set(Number(attr(m[1], 'numFmtId')), xmlText(attr(m[1], 'formatCode') ?? ''));
  const table = SSF.get_table() as Record<number, string>;
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(/<xf\b([^>]*?)\/?>/g)].map((m) => {
    const id = Number(attr(m[1], 'numFmtId') ?? 0);
    const fmt = custom.get(id) ?? table[id];
    return fmt === undefined ? null : SSF.is_date(fmt);
  });
}

/** An entry's text, decoded whole (the workbook's small parts and the shared strings; never a sheet). */
async function entryText(open: (whole?: boolean) => ReadableStream<Uint8Array>): Promise<string> {
  return new TextDecoder().decode(await new Response(open()).arrayBuffer());
}

/** A plain workbook's parts: its sheets (name, XML path), shared strings, date styles, and its entries. */
interface ZipBook {
  sheets: { name: string; path: string }[];
  sst: string[];
  dates: (boolean | null)[];
  date1904: boolean;
  open: (path: string, whole?: boolean) => ReadableStream<Uint8Array> | undefined;
  has: (path: string) => boolean;
}

/** The workbook's parts, or null when it is not a plain XLSX this reader takes (throws Unsupported too). */
async function openZipBook(bytes: Uint8Array): Promise<ZipBook | null> {
  const zip = zipEntries(bytes);
  const open = (path: string, whole = true) => zip.get(path)?.(whole);
  const text = async (path: string) => {
    const entry = zip.get(path);
    return entry ? entryText(entry) : undefined;
  };
  const workbook = await text('xl/workbook.xml');
  const rels = await text('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels || /<\w+:(workbook|sheet)\b/.test(workbook)) return null;
  const targets = new Map([...rels.matchAll(/<Relationship\b([^>]*)\/?>/g)].map((m) => [attr(m[1], 'Id'), attr(m[1], 'Target')]));
  const wbPr = /<workbookPr\b([^>]*)>/.exec(workbook)?.[1] ?? '';
  const flag = attr(wbPr, 'date1904');
  if (flag !== undefined && !['0', '1', 'true', 'false'].includes(flag)) return null;
  const date1904 = flag === '1' || flag === 'true';
  const sheets = [...workbook.matchAll(/<sheet\b([^>]*?)\/?>/g)].map((m) => {
    const target = targets.get(attr(m[1], 'r:id')) ?? '';
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(path)) unsupported('sheet target');
    return { name: xmlText(attr(m[1], 'name') ?? ''), path };
  });
  if (!sheets.length) return null;
  const sstXml = await text('xl/sharedStrings.xml');
  const sst = sstXml ? sharedStrings(sstXml) : [];
  const dates = dateStyles(await text('xl/styles.xml'));
  return { sheets, sst, dates, date1904, open, has: (path: string) => zip.has(path) };
}

/**
 * A sheet's cells into `sink`, scanned as it is inflated (only its first `rows` row elements with `rows`: a preview
 * inflates the start of the entry only); false when the entry is missing.
 */
async function scanSheet(book: ZipBook, path: string, sink: CellSink, rows = Infinity): Promise<boolean> {
  const stream = book.open(path, rows === Infinity);
  if (!stream) return false;
  await scanSheetStream(stream, new SheetScan(book.sst, book.dates, book.date1904, sink, rows), segmentBytes);
  return true;
}

/** Bytes gathered before each scan (tests set it small: every split of a row across chunks). */
let segmentBytes: number | undefined;
export function setScanSegmentForTests(bytes: number | undefined): void {
  segmentBytes = bytes;
}

/** A sink keeping the cells as TextRows (as SheetJS's dense rows, cells as cellText's text). */
function rowsSink(rows: TextRows): CellSink {
  let row: string[] = [];
  let rowAt = -1;
  const put = (r: number, c: number, s: string) => {
    if (r - 1 !== rowAt) {
      rowAt = r - 1;
      row = rows[rowAt] ??= [];
    }
    row[c] = s;
  };
  return { text: put, bytes: (r, c, b, from, to) => put(r, c, decodeRange(b, from, to)) };
}

/** The workbook's sheets (each cut to its first `rows` rows when given: a preview), or null when the file is not a plain XLSX this reader takes. */
export async function openFastWorkbook(bytes: Uint8Array, rows = Infinity): Promise<FastWorkbook | null> {
  try {
    const book = await openZipBook(bytes);
    if (!book) return null;
    // Every sheet now (a till's export has one): the sheet choice reads them synchronously, as with SheetJS.
    const parsed = new Map<string, TextRows>();
    for (const { name, path } of book.sheets) {
      const sheet: TextRows = [];
      if (!(await scanSheet(book, path, rowsSink(sheet), rows))) return null;
      if (sheet.length > rows) sheet.length = rows; // `rows` row elements read: every row number up to `rows` is complete
      parsed.set(name, sheet);
    }
    return { sheetNames: book.sheets.map((s) => s.name), sheets: parsed };
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

/** What the caller plans from a sheet's first rows: the CSV's width and the line of the header (its rows after it are written), or null (refused). */
export type SheetPlan = (preview: FastWorkbook, more: boolean) => { width: number; headerLine: number } | null;

/**
 * A cell's UTF-8 bytes b[from..to) written as the text decodeRange gives (a leading U+FEFF kept: CsvWriter.utf8 drops
 * it); `plain` bytes (ASCII, nothing to quote) copied as they are.
 */
function writeUtf8(w: CsvWriter, b: Uint8Array, from: number, to: number, plain: boolean): void {
  if (plain) w.ascii(b, from, to);
  else if (b[from] === 0xef && b[from + 1] === 0xbb && b[from + 2] === 0xbf && to - from >= 3) w.text(decodeRange(b, from, to));
  else w.utf8Range(b, from, to);
}

/** Thrown inside the scan when the sheet is refused (the caller's JS path). */
class Refused extends Error {}

/**
 * One sheet written as CSV lines straight from the scan (issue 14: no rows of strings kept for the whole sheet).
 * The sheet is `sheet`, or the only one; its first `previewRows` rows are kept as TextRows and given to `plan`
 * (with `more`: does the sheet store a cell below them) exactly as openFastWorkbook would give them; the rows after
 * the plan's header line are then written to `w` as cellsCsv writes TextRows: `width` fields a line, a row that stores
 * no cell an empty line, no line after the last row that stores a cell.
 * 'unsupported': openFastWorkbook and the rows path decide (not a plain XLSX, several sheets and none named, a named
 * sheet that is absent, cells out of row/column order); 'refused': the plan refused the sheet, a non-empty cell lies
 * right of the width, or no row follows the header (the caller's JS path); 'written' otherwise.
 */
export async function writeFastSheet(
  bytes: Uint8Array,
  sheet: string | undefined,
  previewRows: number,
  plan: SheetPlan,
  w: CsvWriter,
): Promise<'unsupported' | 'refused' | 'written'> {
  try {
    const book = await openZipBook(bytes);
    if (!book) return 'unsupported';
    const target = sheet === undefined ? (book.sheets.length === 1 ? book.sheets[0] : undefined) : book.sheets.find((s) => s.name === sheet);
    if (!target) return 'unsupported';
    if (!book.has(target.path)) return 'unsupported';
    const sheetNames = book.sheets.map((s) => s.name);
    let head: TextRows = [];
    let width = 0;
    let planned = false;
    /** The row being written (0-based; -1: none yet), its last column written, and the next row to write. */
    let at = -1;
    let col = -1;
    let next = 0;
    const endRow = () => {
      for (let j = col + 1; j < width; j++) w.empty();
      w.endLine();
    };
    /** Row `to` begun: the current row ended, the rows between (storing no cell) as empty lines. */
    const reach = (to: number) => {
      if (at >= 0) endRow();
      for (let r = next; r < to; r++) {
        for (let j = 0; j < width; j++) w.empty();
        w.endLine();
      }
      at = to;
      next = to + 1;
      col = -1;
    };
    /** Cell c: its text, or (text undefined) the sheet's UTF-8 bytes b[from, to). */
    const write = (c: number, text: string | undefined, b?: Uint8Array, from = 0, to = 0, plain = false) => {
      if (c <= col) unsupported('cell order');
      if (c >= width) {
        if (text === undefined ? to > from : text !== '') throw new Refused();
      } else {
        for (let j = col + 1; j < c; j++) w.empty();
        if (text === undefined) writeUtf8(w, b!, from, to, plain);
        else w.text(text);
      }
      col = c;
    };
    /** The plan over the kept rows, then those rows after the header written; false when refused. */
    const start = (more: boolean): boolean => {
      planned = true;
      const p = plan({ sheetNames, sheets: new Map([[target.name, head]]) }, more);
      if (!p || (!more && head.length <= p.headerLine)) return false;
      width = p.width;
      next = p.headerLine; // the rows after the header's
      for (let r = p.headerLine; r < head.length; r++) {
        reach(r);
        const src = head[r];
        if (src) for (let c = 0; c < src.length; c++) if (src[c] !== undefined) write(c, src[c]);
      }
      head = []; // the rows above are written: not kept
      return true;
    };
    let row: string[] = [];
    let rowAt = -1;
    /** Cell (r, c) kept for the plan or written: its text, or (text undefined) the sheet's bytes b[from, to). */
    const cell = (r: number, c: number, text: string | undefined, b?: Uint8Array, from = 0, to = 0, plain = false) => {
      const i = r - 1;
      if (!planned) {
        if (i < previewRows) {
          // As sheetRows keeps them.
          if (i !== rowAt) {
            rowAt = i;
            row = head[i] ??= [];
          }
          row[c] = text ?? decodeRange(b!, from, to);
          return;
        }
        if (!start(true)) throw new Refused();
      }
      if (i !== at) {
        if (i < next) unsupported('row order');
        reach(i);
      }
      write(c, text, b, from, to, plain);
    };
    await scanSheet(book, target.path, { text: (r, c, text) => cell(r, c, text), bytes: (r, c, b, from, to, plain) => cell(r, c, undefined, b, from, to, plain) });
    if (!planned && !start(false)) return 'refused';
    if (at >= 0) endRow();
    return 'written';
  } catch (e) {
    if (e instanceof Unsupported) return 'unsupported';
    if (e instanceof Refused) return 'refused';
    throw e;
  }
}
