/**
 * The sheet XML of a plain XLSX scanned as UTF-8 bytes, chunk by chunk as it is inflated (issue 14: no 79 MB → UTF-16
 * string of the whole sheet at 250k orders, 315 MB at 1M). Only cell values become strings, and only where they must:
 * a `str` cell's text and a number that String() gives back unchanged reach the sink as the bytes they are.
 *
 * What a cell reads as is what SheetJS (@e965/xlsx, the general reader) gives for it through xlsx-reader.ts cellText:
 * its unescapexml and parse_si are replicated below on the decoded text (numeric character references, `_xHHHH_`,
 * CR LF → LF, CDATA and rich text runs in shared and inline strings included). Anything where SheetJS's own reading
 * depends on the platform or is not replicated here throws Unsupported, and the caller reads the workbook with SheetJS.
 */
import { excelSerialToIso } from './xlsx-reader.ts';

export class Unsupported extends Error {}
export const unsupported = (what: string): never => {
  throw new Unsupported(what);
};

// ---- SheetJS's text functions, replicated (xlsx.mjs unescapexml, parse_si, parse_sst_xml) ----

const ENCODINGS: Record<string, string> = { '&quot;': '"', '&apos;': "'", '&gt;': '>', '&lt;': '<', '&amp;': '&' };
const ENC_RE = /&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi;
const CODE_RE = /_x([\da-fA-F]{4})_/gi;

/** An entity as SheetJS's replacer reads it (`&AMP;` is NUL there: not in its table, parseInt of nothing). */
function entity($$: string, $1: string | undefined): string {
  return ENCODINGS[$$] || String.fromCharCode(parseInt($1 as string, $$.indexOf('x') > -1 ? 16 : 10)) || $$;
}
const code = (_: string, c: string) => String.fromCharCode(parseInt(c, 16));
const NEEDS_UNESCAPE = /[&_\r<]/;

/** SheetJS's raw_unescapexml. */
function rawUnescape(s: string): string {
  const i = s.indexOf('<![CDATA[');
  if (i === -1) return s.replace(ENC_RE, entity).replace(CODE_RE, code);
  const j = s.indexOf(']]>');
  return rawUnescape(s.slice(0, i)) + s.slice(i + 9, j) + rawUnescape(s.slice(j + 3));
}

/** SheetJS's unescapexml(text, xlsx): entities, `_xHHHH_`, CDATA; with `xlsx`, CR LF → LF. */
export function unescapeXml(text: string, xlsx = false): string {
  if (!NEEDS_UNESCAPE.test(text)) return text; // no entity, `_x`, CDATA or CR: nothing it would change
  const out = rawUnescape(text);
  return xlsx ? out.replace(/\r\n/g, '\n') : out;
}

/** A character an entity or `_xHHHH_` of a `str` cell gives: SheetJS decodes UTF-8 after it, so only ASCII reads the same everywhere. */
const asciiOnly = (s: string): string => {
  if (s.charCodeAt(0) >= 0x80) unsupported('character reference in a str cell');
  return s;
};

/**
 * A `t="str"` cell's text from its `<v>` text: SheetJS unescapes the raw bytes, decodes UTF-8, and unescapes again
 * (with CR LF → LF). A reference that gives a non-ASCII character is decoded as UTF-8 bytes there (differently in Node
 * and in a browser): unsupported.
 */
export function strText(v: string): string {
  if (v.indexOf('&') < 0 && v.indexOf('_') < 0) return v.indexOf('\r') < 0 ? v : v.replace(/\r\n/g, '\n');
  const once = v.replace(ENC_RE, (a, b) => asciiOnly(entity(a, b))).replace(CODE_RE, (a, b) => asciiOnly(code(a, b)));
  return unescapeXml(once, true);
}

/** Whether every character of s is ASCII (SheetJS reads a number's or an index's `<v>` from the raw bytes). */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

const SIT_RE = /<(?:\w+:)?t\b[^<>]*>([^<]*)<\/(?:\w+:)?t>/g;
const SIR_RE = /<(?:\w+:)?r\b[^<>]*>/;
const T_END_RE = /<\/(?:\w+:)?t>/;
const TAG_RE = /<[/?]?[a-zA-Z0-9:_-]+(?:\s+[^"\s?<>/]+\s*=\s*(?:"[^"]*"|'[^']*'|[^'"<>\s=]+))*\s*[/?]?>/gm;
const RPH_OPEN = /<(?:\w+:)?rPh\b[^<>]*>/g;
const RPH_CLOSE = /<\/(?:\w+:)?rPh>/g;

/** SheetJS's str_remove_xml_ns_g(x, 'rPh'): the phonetic runs removed (an unclosed one: SheetJS fails). */
function withoutPhonetics(x: string): string {
  const out: string[] = [];
  RPH_OPEN.lastIndex = RPH_CLOSE.lastIndex = 0;
  let ef = 0;
  for (let m = RPH_OPEN.exec(x); m; m = RPH_OPEN.exec(x)) {
    out.push(x.slice(ef, m.index));
    RPH_CLOSE.lastIndex = RPH_OPEN.lastIndex;
    if (!RPH_CLOSE.exec(x)) return unsupported('unclosed rPh');
    ef = RPH_CLOSE.lastIndex;
    RPH_OPEN.lastIndex = RPH_CLOSE.lastIndex;
  }
  out.push(x.slice(ef));
  return out.join('');
}

/**
 * The text SheetJS's parse_si gives an `<si>` / `<is>` body (already decoded from UTF-8): a plain `<t>`'s text, or the
 * `<t>` texts of its rich text runs joined (phonetic runs left out); undefined where SheetJS stores no text.
 */
export function siText(x: string): string | undefined {
  if (!x) return '';
  if (/^\s*<(?:\w+:)?t[^>]*>/.test(x)) {
    // split(T_END_RE)[0]: the text before the first `</t>`.
    const rest = x.slice(x.indexOf('>') + 1);
    const end = T_END_RE.exec(rest);
    return unescapeXml(end ? rest.slice(0, end.index) : rest, true);
  }
  if (SIR_RE.test(x)) return unescapeXml((withoutPhonetics(x).match(SIT_RE) || []).join('').replace(TAG_RE, ''), true);
  return undefined;
}

/** SheetJS's parse_sst_xml (over the decoded text): each item's text ('' where SheetJS stores none). */
export function sharedStrings(xml: string): string[] {
  const open = /<(?:\w+:)?sst\b[^<>]*>/g.exec(xml);
  if (!open) return [];
  const close = /<\/(?:\w+:)?sst>/g;
  close.lastIndex = open.index + open[0].length;
  const end = close.exec(xml);
  if (!end) return [];
  const items = xml
    .slice(open.index + open[0].length, end.index)
    .replace(/<(?:\w+:)?(?:si|sstItem)>/g, '')
    .split(/<\/(?:\w+:)?(?:si|sstItem)>/);
  return items.map((raw) => {
    // SheetJS trims the raw bytes: past the ASCII spaces both trims agree unless a non-ASCII character is at an edge.
    const x = raw.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '');
    if (x.length && (x.charCodeAt(0) >= 0x80 || x.charCodeAt(x.length - 1) >= 0x80)) unsupported('text outside si');
    return siText(x) ?? '';
  });
}

// ---- bytes ----

const keepBom = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text of b[from..to) as the whole sheet's UTF-8 decoding has it (a U+FEFF inside the sheet is kept). */
export function decodeRange(b: Uint8Array, from: number, to: number): string {
  let ascii = true;
  for (let i = from; i < to; i++) {
    if (b[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (!ascii || to - from > 256) return keepBom.decode(b.subarray(from, to));
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** Whether b[at..] holds the ASCII text s. */
function bytesAre(b: Uint8Array, at: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
}

/**
 * Whether b[from..to) is a number String(parseFloat(…)) gives back unchanged: an optional `-`, digits without a leading
 * zero, an optional fraction without a trailing zero, at most 15 digits (a decimal of ≤ 15 digits survives the double
 * and back, and no shorter one maps to the same double), not `-0`, and not below 1e-6 (exponent form).
 */
export function canonicalNumber(b: Uint8Array, from: number, to: number): boolean {
  let i = from;
  const negative = b[i] === 45;
  if (negative) i++;
  const int0 = i;
  while (i < to && b[i] >= 48 && b[i] <= 57) i++;
  const intLen = i - int0;
  if (intLen === 0 || (intLen > 1 && b[int0] === 48)) return false;
  const zeroInt = intLen === 1 && b[int0] === 48;
  let fracLen = 0;
  if (i < to) {
    if (b[i] !== 46) return false;
    const f0 = ++i;
    while (i < to && b[i] >= 48 && b[i] <= 57) i++;
    fracLen = i - f0;
    if (i !== to || fracLen === 0 || b[to - 1] === 48) return false;
    if (zeroInt) {
      let z = 0;
      while (b[f0 + z] === 48) z++;
      if (z >= 6) return false;
    }
  } else if (negative && zeroInt) return false;
  return intLen + fracLen <= 15;
}

/** The number b[from..to) when it is 1–9 digits, else -1. */
function digitsAt(b: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 9) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) return -1;
    n = 10 * n + d;
  }
  return n;
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

/** An attribute's value inside one start tag (`key` is ` name="`). */
function tagAttr(tag: string, key: string): string | undefined {
  const at = tag.indexOf(key);
  return at < 0 ? undefined : tag.slice(at + key.length, tag.indexOf('"', at + key.length));
}

/** Where the cells go: text, or (bytes) a stretch of the sheet that is the cell's text as UTF-8 as it stands. */
export interface CellSink {
  text(r: number, c: number, s: string): void;
  /**
   * b[from..to) decoded is the text (decodeRange); it holds no entity, `_x`, CR or `<`. `plain`: it is ASCII without
   * `,` `"` LF or NUL (its CSV field is these very bytes).
   */
  bytes(r: number, c: number, b: Uint8Array, from: number, to: number, plain: boolean): void;
}

/** Per byte of a `<v>` text: ESCAPED (`&`, `_`, CR: the text is not the bytes as they stand), NOT_PLAIN (non-ASCII, `,` `"` LF NUL). */
const ESCAPED = 1;
const NOT_PLAIN = 2;
const BYTE_CLASS = new Uint8Array(256);
for (let k = 0x80; k < 256; k++) BYTE_CLASS[k] = NOT_PLAIN;
for (const k of [44, 34, 10, 0]) BYTE_CLASS[k] = NOT_PLAIN;
for (const k of [38, 95]) BYTE_CLASS[k] = ESCAPED;
BYTE_CLASS[13] = ESCAPED | NOT_PLAIN;

const T_N = 0;
const T_S = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_B = 4;
const T_E = 5;
const T_OTHER = 6;

/** The sheet's cells in document order (SheetJS's parse_ws_xml_data storage rules, cellText's text). */
export class SheetScan {
  private rowNo = 0;
  private col = -1;
  private rowsSeen = 0;
  /** `</sheetData>` reached. */
  closed = false;
  // The plain start tag's attribute values (offsets; -1: absent), read in place.
  private r0 = -1;
  private r1 = -1;
  private t0 = -1;
  private t1 = -1;
  private s0 = -1;
  private s1 = -1;
  private refRow = 0;

  constructor(
    private readonly sst: string[],
    private readonly dates: (boolean | null)[],
    private readonly date1904: boolean,
    private readonly sink: CellSink,
    /** Stop after this many `</row>` (a preview). */
    private readonly rowLimit = Infinity,
  ) {}

  /**
   * True when the start tag b[lt..gt] is `<c` then only ` r="…"`, ` t="…"`, ` s="…"`, each at most once, single-spaced,
   * before `>` or `/>` (what Excel and SheetJS write); their offsets are kept. Else false: the tag is read as a string.
   */
  private plainCellTag(b: Uint8Array, lt: number, gt: number): boolean {
    this.r0 = this.t0 = this.s0 = -1;
    const stop = b[gt - 1] === 47 ? gt - 1 : gt;
    let i = lt + 2;
    while (i < stop) {
      if (b[i] !== 32 || b[i + 2] !== 61 || b[i + 3] !== 34) return false;
      const name = b[i + 1];
      const v0 = i + 4;
      let v1 = v0;
      while (v1 < stop && b[v1] !== 34) v1++;
      if (v1 >= stop) return false;
      if (name === 114 && this.r0 < 0) {
        this.r0 = v0;
        this.r1 = v1;
      } else if (name === 116 && this.t0 < 0) {
        this.t0 = v0;
        this.t1 = v1;
      } else if (name === 115 && this.s0 < 0) {
        this.s0 = v0;
        this.s1 = v1;
      } else return false;
      i = v1 + 1;
    }
    return i === stop;
  }

  /** Column of a reference b[from..to) of 1–3 letters then 1–9 digits, its row in refRow; else -1 (decodeRef reads it). */
  private refColumn(b: Uint8Array, from: number, to: number): number {
    let c = 0;
    let i = from;
    for (; i < to && i - from < 3; i++) {
      const x = b[i] - 64;
      if (x < 1 || x > 26) break;
      c = 26 * c + x;
    }
    if (i === from || i === to || to - i > 9) return -1;
    let r = 0;
    for (let k = i; k < to; k++) {
      const d = b[k] - 48;
      if (d < 0 || d > 9) return -1;
      r = 10 * r + d;
    }
    if (r < 1) return -1;
    this.refRow = r;
    return c - 1;
  }

  /** A number cell's text from its `<v>` text. */
  private numberText(v: string, style: number): string {
    if (!isAscii(v)) unsupported('number text'); // SheetJS's parseFloat reads the raw bytes
    const x = parseFloat(rawUnescape(v));
    const isDate = style < 0 ? false : this.dates[style];
    if (isDate === null) unsupported('number format');
    return isDate ? excelSerialToIso(x, this.date1904) : String(x);
  }

  /**
   * The cells of b[from..to): whole rows (or the rest of the sheet, with `</sheetData>`). True when the sheet ended or
   * the row limit was reached (nothing more to read).
   */
  scan(b: Uint8Array, from: number, to: number): boolean {
    const sink = this.sink;
    let pos = from;
    for (;;) {
      let lt = pos;
      while (lt < to && b[lt] !== 60) lt++;
      if (lt >= to) return false;
      let gt = lt + 1;
      while (gt < to && b[gt] !== 62) gt++;
      if (gt >= to) unsupported('unterminated tag');
      pos = gt + 1;
      const b1 = b[lt + 1];
      if (b1 === 47) {
        if (bytesAre(b, lt, '</row>')) {
          if (++this.rowsSeen >= this.rowLimit) return true;
          continue;
        }
        if (lt + 12 <= to && bytesAre(b, lt, '</sheetData>')) {
          this.closed = true;
          return true;
        }
        unsupported('closing element');
      }
      const b2 = b[lt + 2];
      if (b1 === 114 && b2 === 111 && b[lt + 3] === 119 && (b[lt + 4] === 32 || b[lt + 4] === 62 || b[lt + 4] === 47)) {
        // Its r attribute read in place: ` r="` then 1–9 digits then `"` (no single quotes anywhere in the tag).
        let at = -1;
        for (let i = lt + 4; i < gt; i++) {
          const k = b[i];
          if (k === 39) unsupported('row tag quotes');
          if (at < 0 && k === 32 && b[i + 1] === 114 && b[i + 2] === 61 && b[i + 3] === 34) at = i + 4;
        }
        if (at < 0) this.rowNo++;
        else {
          let end = at;
          while (end < gt && b[end] !== 34) end++;
          const r = digitsAt(b, at, end);
          if (r < 1) unsupported('row number');
          this.rowNo = r;
        }
        this.col = -1;
        continue;
      }
      if (b1 !== 99 || (b2 !== 32 && b2 !== 62 && b2 !== 47)) unsupported('element');
      let c: number;
      let r: number;
      let t: number;
      let style = -1;
      if (this.plainCellTag(b, lt, gt)) {
        if (this.r0 < 0) {
          c = this.col + 1;
          r = this.rowNo;
        } else if ((c = this.refColumn(b, this.r0, this.r1)) >= 0) r = this.refRow;
        else [c, r] = decodeRef(decodeRange(b, this.r0, this.r1));
        t = this.t0 < 0 ? T_N : typeCode(b, this.t0, this.t1);
        if (this.s0 >= 0 && (style = digitsAt(b, this.s0, this.s1)) < 0) unsupported('style index');
      } else {
        const whole = decodeRange(b, lt, gt + 1);
        if (whole.includes("'")) unsupported('cell tag quotes');
        const ref = tagAttr(whole, ' r="');
        if (ref !== undefined) [c, r] = decodeRef(ref);
        else [c, r] = [this.col + 1, this.rowNo];
        const tt = tagAttr(whole, ' t="');
        t = tt === undefined ? T_N : typeCode(new TextEncoder().encode(tt), 0, tt.length);
        const s = tagAttr(whole, ' s="');
        if (s !== undefined && !/^\d{1,9}$/.test(s)) unsupported('style index');
        if (s !== undefined) style = Number(s);
      }
      this.col = c;
      let body = '';
      let v: string | undefined;
      if (b[gt - 1] !== 47 /* not <c …/> */) {
        if (pos + 3 <= to && b[pos] === 60 && b[pos + 1] === 118 && b[pos + 2] === 62) {
          // The common cell: <v>…</v></c>.
          const v0 = pos + 3;
          let ve = v0;
          let flags = 0;
          for (let k = b[ve]; ve < to && k !== 60; k = b[++ve]) flags |= BYTE_CLASS[k];
          // </v></c>
          if (ve + 8 > to || b[ve + 1] !== 47 || b[ve + 2] !== 118 || b[ve + 3] !== 62 || b[ve + 4] !== 60 || b[ve + 5] !== 47 || b[ve + 6] !== 99 || b[ve + 7] !== 62) {
            unsupported('cell content');
          }
          pos = ve + 8;
          if (ve > v0) {
            if (t === T_S) {
              const k = digitsAt(b, v0, ve);
              if (k >= 0 && k < this.sst.length) {
                sink.text(r, c, this.sst[k]);
                continue;
              }
            } else if (t === T_STR) {
              if (!(flags & ESCAPED)) {
                sink.bytes(r, c, b, v0, ve, flags === 0);
                continue;
              }
            } else if (t === T_N && (style < 0 || this.dates[style] === false) && canonicalNumber(b, v0, ve)) {
              sink.bytes(r, c, b, v0, ve, true);
              continue;
            }
            v = decodeRange(b, v0, ve);
          }
        } else {
          let close = pos;
          for (;;) {
            while (close < to && b[close] !== 60) close++;
            if (close + 4 > to) unsupported('unclosed cell');
            if (bytesAre(b, close, '</c>')) break;
            close++;
          }
          body = decodeRange(b, pos, close);
          pos = close + 4;
          if (body.includes('<f')) unsupported('formula');
          if (body.startsWith('<v ')) {
            const ve = body.indexOf('</v>');
            v = body.slice(body.indexOf('>') + 1, ve) || undefined;
            if (ve + 4 !== body.length) unsupported('cell content');
          } else if (body !== '' && body !== '<v/>' && t !== T_INLINE) unsupported('cell content');
        }
      }
      switch (t) {
        case T_N:
          if (v !== undefined) sink.text(r, c, this.numberText(v, style)); // else not stored (no stubs)
          break;
        case T_S: {
          if (v === undefined) break;
          if (!isAscii(v)) unsupported('shared string index');
          const text = this.sst[parseInt(rawUnescape(v), 10)];
          if (text === undefined) unsupported('shared string index');
          sink.text(r, c, text);
          break;
        }
        case T_STR:
          sink.text(r, c, v === undefined ? '' : strText(v));
          break;
        case T_INLINE: {
          const m = /^<is>([\s\S]*)<\/is>$/.exec(body);
          if ((body !== '' && !m) || (m && m[1].includes('</is>'))) unsupported('inline string');
          sink.text(r, c, m ? (siText(m[1]) ?? '') : '');
          break;
        }
        case T_B: {
          const x = v === undefined ? undefined : rawUnescape(v);
          sink.text(r, c, x === '1' || x === 'true' ? 'true' : 'false');
          break;
        }
        case T_E:
          sink.text(r, c, '');
          break;
        default:
          unsupported('cell type');
      }
    }
  }
}

function typeCode(b: Uint8Array, from: number, to: number): number {
  const n = to - from;
  if (n === 1) {
    const x = b[from];
    return x === 115 ? T_S : x === 110 ? T_N : x === 98 ? T_B : x === 101 ? T_E : T_OTHER;
  }
  if (n === 3 && bytesAre(b, from, 'str')) return T_STR;
  if (n === 9 && bytesAre(b, from, 'inlineStr')) return T_INLINE;
  return T_OTHER;
}

/** Bytes gathered before a scan (whole rows of them). */
const SEGMENT = 256 << 10;

/**
 * The sheet XML from `chunks` (inflated as it is read) scanned row by row: at least `segment` bytes gathered, cut
 * after the last `</row>`, the rest kept for the next chunk (a character or an element split across chunks stays
 * whole). Ends at `</sheetData>` or at the scan's row limit (the stream is then cancelled); a namespaced sheetData, or
 * a sheet that ends inside sheetData, is unsupported.
 */
export async function scanSheetStream(chunks: ReadableStream<Uint8Array>, scan: SheetScan, segment = SEGMENT): Promise<void> {
  const reader = chunks.getReader();
  let buf = new Uint8Array(Math.max(segment * 2, 1024));
  let len = 0;
  let started = false;
  let ended = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) ended = true;
      if (value && value.length) {
        if (len + value.length > buf.length) {
          const grown = new Uint8Array(Math.max(buf.length * 2, len + value.length));
          grown.set(buf.subarray(0, len));
          buf = grown;
        }
        buf.set(value, len);
        len += value.length;
      }
      if (!done && len < segment) continue;
      if (!started) {
        const at = sheetDataStart(buf, len);
        if (at === -1) {
          if (done) return; // no sheetData: no cells
          continue;
        }
        if (at === -2) {
          if (done) unsupported('unterminated sheetData tag');
          continue;
        }
        if (at === -3) return; // <sheetData/>
        started = true;
        buf.copyWithin(0, at, len);
        len -= at;
      }
      let end = len;
      if (!done) {
        end = 0;
        for (let i = len - 6; i >= 0; i--) {
          if (buf[i] === 60 && buf[i + 1] === 47 && buf[i + 2] === 114 && buf[i + 3] === 111 && buf[i + 4] === 119 && buf[i + 5] === 62) {
            end = i + 6;
            break;
          }
        }
        if (end === 0) continue;
      }
      if (scan.scan(buf, 0, end)) return;
      if (done) {
        if (!scan.closed) unsupported('unterminated sheetData');
        return;
      }
      buf.copyWithin(0, end, len);
      len -= end;
    }
  } finally {
    if (!ended) await reader.cancel().catch(() => undefined);
  }
}

/**
 * Where sheetData's content starts in b[0..len): the offset after `<sheetData …>`; -1 not found (yet), -2 its tag
 * not complete yet, -3 `<sheetData/>`. A namespaced `<x:sheetData` is unsupported.
 */
function sheetDataStart(b: Uint8Array, len: number): number {
  for (let i = 1; i + 9 <= len; i++) {
    if (b[i] !== 115 || !bytesAre(b, i, 'sheetData')) continue;
    const before = b[i - 1];
    if (before === 58) unsupported('namespaced sheetData');
    if (before !== 60) continue;
    let gt = i + 9;
    while (gt < len && b[gt] !== 62) gt++;
    if (gt >= len) return -2;
    return b[gt - 1] === 47 ? -3 : gt + 1;
  }
  return -1;
}
