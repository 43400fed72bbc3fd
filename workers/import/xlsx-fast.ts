/**
 * A fast reader for the plain XLSX a till exports (issue 14: SheetJS's own inflate and XML parse
 * are ~2× the whole CSV import at 250k orders): the zip inflated natively (DecompressionStream),
 * the sheet XML scanned with indexOf, each cell written as the very text xlsx-reader.ts cellText
 * gives for SheetJS's cell (same storage rules for empty cells, same number formats through
 * SheetJS's own format table and SSF.is_date). Anything outside that plain subset — formulas,
 * rich or escaped text (`_x000D_`, numeric character references, CDATA, CR), `t="d"` cells, zip64,
 * namespace prefixes, a number format SheetJS has not loaded — gives null, and the caller reads
 * the workbook with SheetJS as before.
 */
import { SSF } from '@e965/xlsx';
import type { CsvWriter } from './csv-writer.ts';
import { excelSerialToIso } from './xlsx-reader.ts';

/** Text rows of one sheet as readSheet would see them (undefined: a row SheetJS stores no cell in). */
export type TextRows = (string[] | undefined)[];

export interface FastWorkbook {
  sheetNames: string[];
  sheets: Map<string, TextRows>;
}

class Unsupported extends Error {}
const unsupported = (what: string): never => {
  throw new Unsupported(what);
};

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

/** Shared strings: each `<si>` a single plain `<t>`. */
function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  const re = /<si>([\s\S]*?)<\/si>|<si\/>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const inner = m[1];
    if (inner === undefined) unsupported('empty si');
    out.push(siText(inner));
  }
  return out;
}

/** The text of a `<si>`/`<is>` body holding one plain `<t>` (rich runs and phonetics are unsupported). */
function siText(inner: string): string {
  if (inner === '' || inner === '<t/>') return '';
  const m = /^<t(?: xml:space="preserve")?>([^<]*)<\/t>$/.exec(inner);
  if (!m) return unsupported('rich text');
  return xmlText(m[1]);
}

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

/** Column index of a cell reference's letters (A → 0), and its row (1-based). */
function decodeRef(ref: string): [number, number] {
  let c = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const x = ref.charCodeAt(i) - 64;
    if (x < 1 || x > 26) break;
    c = 26 * c + x;
  }
  const r = Number(ref.slice(i));
  if (!Number.isInteger(r) || r < 1 || c < 1) unsupported('cell reference');
  return [c - 1, r];
}

/** An attribute's value inside one start tag (`key` is ` name="`), without a regex per cell. */
function tagAttr(tag: string, key: string): string | undefined {
  const at = tag.indexOf(key);
  return at < 0 ? undefined : tag.slice(at + key.length, tag.indexOf('"', at + key.length));
}

/** Where plainCellTag found the r, t and s values (start and end offsets in the XML; -1: absent). */
const tag = { r0: -1, r1: -1, t0: -1, t1: -1, s0: -1, s1: -1 };

/**
 * True when the start tag xml[lt..gt] is `<c` followed only by ` r="…"`, ` t="…"` and ` s="…"`, each at most once,
 * single-spaced, before `>` or `/>` (what Excel and SheetJS write); their value offsets go into `tag`. Else false,
 * and the caller reads the tag as a string (tagAttr), which gives the same values for such a tag.
 */
function plainCellTag(xml: string, lt: number, gt: number): boolean {
  tag.r0 = tag.t0 = tag.s0 = -1;
  const stop = xml.charCodeAt(gt - 1) === 47 /* / */ ? gt - 1 : gt;
  let i = lt + 2;
  while (i < stop) {
    if (xml.charCodeAt(i) !== 32 || xml.charCodeAt(i + 2) !== 61 /* = */ || xml.charCodeAt(i + 3) !== 34 /* " */) return false;
    const name = xml.charCodeAt(i + 1);
    const v0 = i + 4;
    const v1 = xml.indexOf('"', v0);
    if (v1 < 0 || v1 >= stop) return false;
    if (name === 114 /* r */ && tag.r0 < 0) {
      tag.r0 = v0;
      tag.r1 = v1;
    } else if (name === 116 /* t */ && tag.t0 < 0) {
      tag.t0 = v0;
      tag.t1 = v1;
    } else if (name === 115 /* s */ && tag.s0 < 0) {
      tag.s0 = v0;
      tag.s1 = v1;
    } else return false;
    i = v1 + 1;
  }
  return i === stop;
}

/** The row refColumn read. */
let refRow = 0;

/** Column index of a reference xml[from..to) that is 1–3 letters A–Z then 1–9 digits, its row in refRow; else -1 (decodeRef reads it). */
function refColumn(xml: string, from: number, to: number): number {
  let c = 0;
  let i = from;
  for (; i < to && i - from < 3; i++) {
    const x = xml.charCodeAt(i) - 64;
    if (x < 1 || x > 26) break;
    c = 26 * c + x;
  }
  if (i === from || i === to || to - i > 9) return -1;
  let r = 0;
  for (let k = i; k < to; k++) {
    const d = xml.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    r = 10 * r + d;
  }
  if (r < 1) return -1;
  refRow = r;
  return c - 1;
}

/** The sheet XML's rows of cell text (SheetJS's parse_ws_xml_data storage rules, cellText's text). */
function sheetRows(xml: string, sst: string[], dates: (boolean | null)[], date1904: boolean): TextRows {
  const rows: TextRows = [];
  let row: string[] = [];
  let rowAt = -1;
  scanCells(xml, sst, dates, date1904, (r, c, text) => {
    if (r - 1 !== rowAt) {
      rowAt = r - 1;
      row = rows[rowAt] ??= [];
    }
    row[c] = text;
  });
  return rows;
}

/** Whether xml[from..to) holds none of the characters xmlText looks for (its text is itself). */
function plainRange(xml: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const k = xml.charCodeAt(i);
    if (k === 13 || k === 60 || k === 38 || k === 95) return false; // \r < & _
  }
  return true;
}

/**
 * Whether xml[from..to) is a number String(parseFloat(…)) gives back unchanged: an optional `-`, digits without a
 * leading zero, an optional fraction without a trailing zero, at most 15 digits (a decimal of ≤ 15 digits survives
 * the double and back, and no shorter one maps to the same double), not `-0`, and not below 1e-6 (exponent form).
 */
export function canonicalNumber(xml: string, from: number, to: number): boolean {
  let i = from;
  const negative = xml.charCodeAt(i) === 45;
  if (negative) i++;
  const int0 = i;
  while (i < to && xml.charCodeAt(i) >= 48 && xml.charCodeAt(i) <= 57) i++;
  const intLen = i - int0;
  if (intLen === 0 || (intLen > 1 && xml.charCodeAt(int0) === 48)) return false;
  const zeroInt = intLen === 1 && xml.charCodeAt(int0) === 48;
  let fracLen = 0;
  if (i < to) {
    if (xml.charCodeAt(i) !== 46) return false;
    const f0 = ++i;
    while (i < to && xml.charCodeAt(i) >= 48 && xml.charCodeAt(i) <= 57) i++;
    fracLen = i - f0;
    if (i !== to || fracLen === 0 || xml.charCodeAt(to - 1) === 48) return false;
    if (zeroInt) {
      let z = 0;
      while (xml.charCodeAt(f0 + z) === 48) z++;
      if (z >= 6) return false;
    }
  } else if (negative && zeroInt) return false;
  return intLen + fracLen <= 15;
}

/** The shared string index xml[from..to) when it is 1–9 digits, else -1. */
function indexAt(xml: string, from: number, to: number): number {
  if (to <= from || to - from > 9) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = xml.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = 10 * n + d;
  }
  return n;
}

/**
 * Each cell SheetJS stores, in document order, as `put(row (1-based), column (0-based), text)`; with `putRange`, a
 * cell whose text is a stretch of the XML as it is (a plain `str` cell, a number String() gives back unchanged) as
 * `putRange(row, column, from, to)` instead, without a string for it.
 */
function scanCells(
  xml: string,
  sst: string[],
  dates: (boolean | null)[],
  date1904: boolean,
  put: (r: number, c: number, text: string) => void,
  putRange?: (r: number, c: number, from: number, to: number) => void,
): void {
  const start = xml.indexOf('<sheetData');
  if (start < 0) return;
  const end = xml.indexOf('</sheetData>', start);
  if (end < 0) return; // <sheetData/>
  let pos = xml.indexOf('>', start) + 1;
  let rowNo = 0;
  let col = -1;
  for (;;) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0 || lt >= end) break;
    const gt = xml.indexOf('>', lt);
    pos = gt + 1;
    const next = xml.charCodeAt(lt + 2);
    if (xml.charCodeAt(lt + 1) === 47 /* / */) {
      if (xml.startsWith('</row>', lt)) continue;
      unsupported('closing element');
    }
    if (xml.charCodeAt(lt + 1) === 114 /* r */ && xml.startsWith('<row', lt) && (xml.charCodeAt(lt + 4) === 32 || xml.charCodeAt(lt + 4) === 62 || xml.charCodeAt(lt + 4) === 47)) {
      const r = tagAttr(xml.slice(lt, gt + 1), ' r="');
      rowNo = r !== undefined ? Number(r) : rowNo + 1;
      col = -1;
      continue;
    }
    if (xml.charCodeAt(lt + 1) !== 99 /* c */ || (next !== 32 && next !== 62 && next !== 47)) unsupported(`element ${xml.slice(lt, gt + 1).slice(0, 20)}`);
    let c: number;
    let r: number;
    let t: string | undefined;
    let s: string | undefined;
    if (plainCellTag(xml, lt, gt)) {
      // The common start tag, read in place (no slices of the tag, no arrays): what the general branch reads from it.
      if (tag.r0 < 0) {
        c = col + 1;
        r = rowNo;
      } else if ((c = refColumn(xml, tag.r0, tag.r1)) >= 0) r = refRow;
      else [c, r] = decodeRef(xml.slice(tag.r0, tag.r1));
      t = tag.t0 < 0 ? undefined : tag.t1 - tag.t0 === 3 && xml.startsWith('str', tag.t0) ? 'str' : xml.slice(tag.t0, tag.t1);
      s = tag.s0 < 0 ? undefined : xml.slice(tag.s0, tag.s1);
    } else {
      const whole = xml.slice(lt, gt + 1);
      const ref = tagAttr(whole, ' r="');
      if (ref !== undefined) [c, r] = decodeRef(ref);
      else [c, r] = [col + 1, rowNo];
      t = tagAttr(whole, ' t="');
      s = tagAttr(whole, ' s="');
    }
    col = c;
    let body = '';
    let v: string | undefined;
    if (xml.charCodeAt(gt - 1) !== 47 /* not <c …/> */) {
      if (xml.startsWith('<v>', pos)) {
        // The common cell: <v>…</v></c>.
        const ve = xml.indexOf('</v>', pos);
        if (!xml.startsWith('</c>', ve + 4)) unsupported('cell content');
        const v0 = pos + 3;
        pos = ve + 8;
        if (putRange && ve > v0) {
          if (t === 's') {
            const k = indexAt(xml, v0, ve);
            if (k >= 0 && sst[k] !== undefined) {
              put(r, c, sst[k]);
              continue;
            }
          } else if (t === 'str' ? plainRange(xml, v0, ve) : t === undefined && (s === undefined || dates[Number(s)] === false) && canonicalNumber(xml, v0, ve)) {
            putRange(r, c, v0, ve);
            continue;
          }
        }
        v = xml.slice(v0, ve) || undefined;
      } else {
        const close = xml.indexOf('</c>', pos);
        if (close < 0 || close > end) unsupported('unclosed cell');
        body = xml.slice(pos, close);
        pos = close + 4;
        if (body.includes('<f')) unsupported('formula');
        if (body.startsWith('<v ')) {
          const ve = body.indexOf('</v>');
          v = body.slice(body.indexOf('>') + 1, ve) || undefined;
          if (ve + 4 !== body.length) unsupported('cell content');
        } else if (body !== '' && body !== '<v/>' && t !== 'inlineStr') unsupported('cell content');
      }
    }
    switch (t ?? 'n') {
      case 'n': {
        if (v === undefined) break; // not stored (no stubs)
        const x = parseFloat(xmlText(v));
        const isDate = s === undefined ? false : dates[Number(s)];
        if (isDate === null) unsupported('number format');
        put(r, c, isDate ? excelSerialToIso(x, date1904) : String(x));
        break;
      }
      case 's': {
        if (v === undefined) break;
        const text = sst[parseInt(v, 10)];
        if (text === undefined) unsupported('shared string index');
        put(r, c, text);
        break;
      }
      case 'str': {
        // SheetJS unescapes a str cell twice: text that still reads as an entity would change again.
        const once = v === undefined ? '' : xmlText(v);
        if (once.includes('&') && /&(?:quot|apos|gt|lt|amp|#x?[\da-fA-F]+);/i.test(once)) unsupported('double-escaped text');
        put(r, c, once);
        break;
      }
      case 'inlineStr': {
        const m = /^<is>([\s\S]*)<\/is>$/.exec(body);
        if (body !== '' && !m) unsupported('inline string');
        put(r, c, m ? siText(m[1]) : '');
        break;
      }
      case 'b':
        put(r, c, v === '1' || v === 'true' ? 'true' : 'false');
        break;
      case 'e':
        put(r, c, '');
        break;
      default:
        unsupported(`cell type ${t}`);
    }
  }
}

/** The workbook's sheets, or null when the file is not a plain XLSX this reader takes. */
/**
 * An entry's text; with `rows`, only as far as the first `rows` rows of a sheet (a preview inflates
 * the start of the file only): the text is cut after that many `</row>` and its sheetData closed.
 */
async function entryText(open: (whole?: boolean) => ReadableStream<Uint8Array>, rows = Infinity): Promise<string> {
  if (rows === Infinity) return new TextDecoder().decode(await new Response(open()).arrayBuffer());
  const reader = open(false)
    .pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>)
    .getReader();
  const parts: string[] = [];
  let seen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    for (let i = value.indexOf('</row>'); i >= 0; i = value.indexOf('</row>', i + 1)) seen++;
    if (seen > rows) {
      await reader.cancel().catch(() => undefined);
      const text = parts.join('');
      let cut = -1;
      for (let k = 0; k < rows; k++) cut = text.indexOf('</row>', cut + 1);
      return `${text.slice(0, cut + 6)}</sheetData>`;
    }
  }
  return parts.join('');
}

/** A plain workbook's parts: its sheets (name, XML path), shared strings, date styles, and its entries' text. */
interface ZipBook {
  sheets: { name: string; path: string }[];
  sst: string[];
  dates: (boolean | null)[];
  date1904: boolean;
  text: (path: string, limit?: number) => Promise<string | undefined>;
}

/** The workbook's parts, or null when it is not a plain XLSX this reader takes (throws Unsupported too). */
async function openZipBook(bytes: Uint8Array): Promise<ZipBook | null> {
  const zip = zipEntries(bytes);
  const text = async (path: string, limit = Infinity) => {
    const open = zip.get(path);
    return open ? entryText(open, limit) : undefined;
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
  return { sheets, sst, dates, date1904, text };
}

/** A sheet's XML, or undefined when it is missing or namespaced (not this reader's). */
async function sheetXml(book: ZipBook, path: string, rows = Infinity): Promise<string | undefined> {
  const xml = await book.text(path, rows);
  return xml === undefined || (xml.includes(':sheetData') && /<\w+:sheetData\b/.test(xml)) ? undefined : xml;
}

/** The workbook's sheets (each cut to its first `rows` rows when given: a preview), or null when the file is not a plain XLSX this reader takes. */
export async function openFastWorkbook(bytes: Uint8Array, rows = Infinity): Promise<FastWorkbook | null> {
  try {
    const book = await openZipBook(bytes);
    if (!book) return null;
    // Every sheet now (a till's export has one): the sheet choice reads them synchronously, as with SheetJS.
    const parsed = new Map<string, TextRows>();
    for (const { name, path } of book.sheets) {
      const xml = await sheetXml(book, path, rows);
      if (xml === undefined) return null;
      const sheet = sheetRows(xml, book.sst, book.dates, book.date1904);
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
    const xml = await sheetXml(book, target.path);
    if (xml === undefined) return 'unsupported';
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
    /** Cell c: its text, or (text undefined) the XML's stretch [from, to). */
    const write = (c: number, text: string | undefined, from = 0, to = 0) => {
      if (c <= col) unsupported('cell order');
      if (c >= width) {
        if (text === undefined ? to > from : text !== '') throw new Refused();
      } else {
        for (let j = col + 1; j < c; j++) w.empty();
        if (text === undefined) w.textRange(xml, from, to);
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
    /** Cell (r, c) kept for the plan or written: its text, or (text undefined) the XML's stretch [from, to). */
    const cell = (r: number, c: number, text: string | undefined, from = 0, to = 0) => {
      const i = r - 1;
      if (!planned) {
        if (i < previewRows) {
          // As sheetRows keeps them.
          if (i !== rowAt) {
            rowAt = i;
            row = head[i] ??= [];
          }
          row[c] = text ?? xml.slice(from, to);
          return;
        }
        if (!start(true)) throw new Refused();
      }
      if (i !== at) {
        if (i < next) unsupported('row order');
        reach(i);
      }
      write(c, text, from, to);
    };
    scanCells(
      xml,
      book.sst,
      book.dates,
      book.date1904,
      (r, c, text) => cell(r, c, text),
      (r, c, from, to) => cell(r, c, undefined, from, to),
    );
    if (!planned && !start(false)) return 'refused';
    if (at >= 0) endRow();
    return 'written';
  } catch (e) {
    if (e instanceof Unsupported) return 'unsupported';
    if (e instanceof Refused) return 'refused';
    throw e;
  }
}
