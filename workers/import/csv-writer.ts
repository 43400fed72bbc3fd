/**
 * CSV text written straight into UTF-8 bytes (issue 14: XLSX and Parquet cells reach DuckDB as one CSV read by
 * read_csv). Writing each cell's bytes into a buffer, instead of joining per-cell strings into lines, then lines into
 * one string and encoding that, leaves no string per line or per field behind: at 250k orders the strings and their
 * garbage collection were most of the Parquet path's time in Node (GC 6.4 of 15.7 s profiled, session 10).
 *
 * The text is exactly what the joined strings gave: a field as is unless it holds `,` `"` CR or LF (then quoted,
 * `"` doubled), an empty cell an empty field, each line ending with LF; a lone surrogate becomes U+FFFD (as
 * TextEncoder writes it); a cell holding a NUL character throws NulCell (read_csv cannot give it back: the JS path).
 * UTF-8 bytes from a file (Parquet text) are copied as they are when they are valid UTF-8 with no leading BOM, else
 * decoded as TextDecoder decodes them (U+FFFD for bad bytes, the BOM dropped) and written as that text.
 */

/** A cell read_csv cannot give back as it is (a NUL character): the file takes the JS path. */
export class NulCell extends Error {}

const PIECE = 4 << 20;
const decoder = new TextDecoder();
const SPECIAL = /[",\n\r\0]/;

/** The field of a cell holding `,` `"` CR or LF: quoted, `"` doubled; a NUL throws. */
function quoted(s: string): string {
  if (s.includes('\0')) throw new NulCell();
  return `"${s.replaceAll('"', '""')}"`;
}

/** Whether b[i] is a UTF-8 continuation byte within b[0..end). */
const cont = (b: Uint8Array, i: number, end: number) => i < end && (b[i] & 0xc0) === 0x80;

/** Length of the valid UTF-8 sequence starting at b[i] (its lead byte ≥ 0x80), or 0 when TextDecoder would replace it. */
function utf8Seq(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c >= 0xc2 && c <= 0xdf) return cont(b, i + 1, end) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const c1 = b[i + 1];
    if (i + 1 >= end || (c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f)) return 0;
    return cont(b, i + 1, end) && cont(b, i + 2, end) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const c1 = b[i + 1];
    if (i + 1 >= end || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return 0;
    return cont(b, i + 1, end) && cont(b, i + 2, end) && cont(b, i + 3, end) ? 4 : 0;
  }
  return 0;
}

export class CsvWriter {
  private buf = new Uint8Array(PIECE);
  private at = 0;
  private readonly pieces: Uint8Array[] = [];
  /** Whether the current line has a field yet (the next one is preceded by a comma). */
  private open = false;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    if (this.at) this.pieces.push(this.buf.subarray(0, this.at));
    this.buf = new Uint8Array(Math.max(PIECE, n));
    this.at = 0;
  }

  private sep(): void {
    if (this.open) {
      this.room(1);
      this.buf[this.at++] = 44; // ,
    } else this.open = true;
  }

  /** Ends the line (LF). */
  endLine(): void {
    this.room(1);
    this.buf[this.at++] = 10;
    this.open = false;
  }

  /** An empty field (read as NULL). */
  empty(): void {
    this.sep();
  }

  /** A cell's text as one field. */
  text(s: string): void {
    this.sep();
    const n = s.length;
    if (n === 0) return;
    this.room(n);
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80 || c === 44 || c === 34 || c === 10 || c === 13 || c === 0) return this.slowText(s);
      buf[at++] = c;
    }
    this.at = at;
  }

  /** The text s[from..to) as one field (what text(s.slice(from, to)) writes, without the slice). */
  textRange(s: string, from: number, to: number): void {
    this.sep();
    const n = to - from;
    if (n <= 0) return;
    this.room(n);
    const buf = this.buf;
    let at = this.at;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80 || c === 44 || c === 34 || c === 10 || c === 13 || c === 0) return this.slowText(s.slice(from, to));
      buf[at++] = c;
    }
    this.at = at;
  }

  /**
   * Text with a character outside plain ASCII, or one that needs quoting: UTF-8 by hand, as TextEncoder writes it (a
   * lone surrogate as U+FFFD). Not encodeInto: in Chromium each call crosses into the browser's bindings and needs a
   * view of the buffer, which cost more than the few characters of a store name.
   */
  private slowText(s: string): void {
    const field = SPECIAL.test(s) ? quoted(s) : s;
    const n = field.length;
    this.room(n * 3);
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < n; i++) {
      const c = field.charCodeAt(i);
      if (c < 0x80) buf[at++] = c;
      else if (c < 0x800) {
        buf[at++] = 0xc0 | (c >> 6);
        buf[at++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[at++] = 0xe0 | (c >> 12);
        buf[at++] = 0x80 | ((c >> 6) & 0x3f);
        buf[at++] = 0x80 | (c & 0x3f);
      } else {
        const d = i + 1 < n ? field.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const p = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[at++] = 0xf0 | (p >> 18);
          buf[at++] = 0x80 | ((p >> 12) & 0x3f);
          buf[at++] = 0x80 | ((p >> 6) & 0x3f);
          buf[at++] = 0x80 | (p & 0x3f);
          i++;
        } else {
          buf[at++] = 0xef; // U+FFFD
          buf[at++] = 0xbf;
          buf[at++] = 0xbd;
        }
      }
    }
    this.at = at;
  }

  /** A cell held as UTF-8 bytes (Parquet text): the bytes as they are when they are what TextDecoder gives back unchanged. */
  utf8(b: Uint8Array): void {
    this.utf8Range(b, 0, b.length);
  }

  /** The cell b[from..to) as utf8(b.subarray(from, to)) writes it, without the view (XLSX cells read in place). */
  utf8Range(b: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (n <= 0) return this.sep();
    if (n >= 3 && b[from] === 0xef && b[from + 1] === 0xbb && b[from + 2] === 0xbf) return this.text(decoder.decode(b.subarray(from, to))); // TextDecoder drops a BOM
    for (let i = from; i < to; i++) {
      const c = b[i];
      if (c < 0x80) {
        if (c === 44 || c === 34 || c === 10 || c === 13 || c === 0) return this.text(decoder.decode(b.subarray(from, to)));
      } else {
        const k = utf8Seq(b, i, to);
        if (!k) return this.text(decoder.decode(b.subarray(from, to)));
        i += k - 1;
      }
    }
    this.sep();
    this.room(n);
    const buf = this.buf;
    const at = this.at;
    // A loop, not buf.set: set's call costs more than copying a cell's few bytes.
    if (n > 64) buf.set(b.subarray(from, to), at);
    else for (let i = 0; i < n; i++) buf[at + i] = b[from + i];
    this.at = at + n;
  }

  /** The cell b[from..to) that is ASCII without `,` `"` CR LF or NUL (the caller checked): its bytes as they are. */
  ascii(b: Uint8Array, from: number, to: number): void {
    this.sep();
    const n = to - from;
    this.room(n);
    const buf = this.buf;
    const at = this.at;
    for (let i = 0; i < n; i++) buf[at + i] = b[from + i];
    this.at = at + n;
  }

  /** A number as String(x) writes it. */
  number(x: number): void {
    if (!Number.isSafeInteger(x)) return this.text(String(x));
    this.sep();
    this.room(17);
    const buf = this.buf;
    let v = x;
    if (v < 0) {
      buf[this.at++] = 45; // -
      v = -v;
    }
    let digits = 1;
    for (let p = 10; p <= v; p *= 10) digits++;
    let at = this.at + digits;
    this.at = at;
    do {
      buf[--at] = 48 + (v % 10);
      v = Math.floor(v / 10);
    } while (v > 0);
  }

  /** The bytes written, in pieces (the writer is spent). */
  finish(): Uint8Array[] {
    if (this.at) this.pieces.push(this.buf.subarray(0, this.at));
    this.buf = new Uint8Array(0);
    this.at = 0;
    return this.pieces;
  }
}
