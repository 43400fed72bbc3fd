/**
 * Delimited text → rows of cells with their physical line numbers. The delimiter is sniffed
 * (comma, tab, semicolon, pipe, else runs of whitespace as in CDNOW); quotes follow RFC 4180
 * (`"` doubled inside a quoted field, which may span lines). A hand-written scanner rather than
 * papaparse because rejected rows must name their physical line, quoted newlines included, and
 * a quote-free line (most of them) takes the fast `split` path.
 */

export const WHITESPACE = 'whitespace';
const CANDIDATES = [',', '\t', ';', '|'];

/** Count of `delim` outside double quotes on one line (quotes spanning lines are ignored here). */
function countOutsideQuotes(line: string, delim: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === delim && !quoted) n++;
  }
  return n;
}

function modeOf(counts: number[]): { mode: number; hits: number } {
  const freq = new Map<number, number>();
  for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
  let mode = 0;
  let hits = 0;
  for (const [c, f] of freq) if (f > hits || (f === hits && c > mode)) [mode, hits] = [c, f];
  return { mode, hits };
}

/** Sniffs the delimiter from the first non-empty lines of the text. */
export function sniffDelimiter(text: string): string {
  const lines = text
    .slice(0, 65536)
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '')
    .slice(0, 60);
  if (lines.length === 0) return ',';
  let best = { delim: ',', hits: 0, mode: 0 };
  for (const delim of CANDIDATES) {
    const { mode, hits } = modeOf(lines.map((l) => countOutsideQuotes(l, delim)));
    if (hits > best.hits || (hits === best.hits && mode > best.mode)) best = { delim, hits, mode };
  }
  // One consistent line is enough only in a file that has one data line.
  if (best.hits >= Math.min(2, lines.length)) return best.delim;
  const ws = modeOf(lines.map((l) => l.trim().split(/\s+/).length - 1));
  return ws.mode >= 1 && ws.hits >= Math.min(2, lines.length) ? WHITESPACE : ',';
}

export interface ParsedText {
  rows: string[][];
  lines: number[];
  /** Character offset at which each row ends (for progress). */
  ends: number[];
  /** Rows that could not be split cleanly (row index → reason, zh / en). */
  problems: Map<number, string>;
}

/** Splits text into rows of cells. Blank lines are kept (as one empty cell) so counts stay honest. */
export function parseDelimited(text: string, delim: string): ParsedText {
  const rows: string[][] = [];
  const lines: number[] = [];
  const ends: number[] = [];
  const problems = new Map<number, string>();
  const n = text.length;
  let pos = 0;
  let line = 1;
  let nextQuote = text.indexOf('"');
  const whitespace = delim === WHITESPACE;
  while (pos < n) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = n;
    let end = nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    if (nextQuote >= 0 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
    lines.push(line);
    if (whitespace) {
      const trimmed = text.slice(pos, end).trim();
      rows.push(trimmed === '' ? [''] : trimmed.split(/\s+/));
      pos = nl + 1;
      line++;
    } else if (nextQuote < 0 || nextQuote >= end) {
      rows.push(end === pos ? [''] : text.slice(pos, end).split(delim));
      pos = nl + 1;
      line++;
    } else {
      const r = scanQuoted(text, pos, delim);
      if (r) {
        rows.push(r.cells);
        line += r.newlines + 1;
        pos = r.next;
      } else {
        // A quote that never closes would swallow the rest of the file into one cell: this line is
        // reported (and rejected) on its own, and the lines after it are read as usual.
        problems.set(rows.length, `第 ${line} 行的引号没有闭合 / the quote on line ${line} is never closed`);
        rows.push(text.slice(pos, end).split(delim));
        pos = nl + 1;
        line++;
      }
    }
    ends.push(pos);
  }
  return { rows, lines, ends, problems };
}

/** The slow path: one record with quotes, from `pos`; its cells and where the next starts, or null when a quote never closes. */
function scanQuoted(text: string, pos: number, delim: string): { cells: string[]; next: number; newlines: number } | null {
  const cells: string[] = [];
  let cell = '';
  let newlines = 0;
  let i = pos;
  const n = text.length;
  for (;;) {
    if (i < n && text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return null;
        cell += text.slice(i, q);
        newlines += countNewlines(text, i, q);
        if (text[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    }
    // Unquoted part of the field (or text after a closing quote, kept leniently).
    while (i < n && text[i] !== delim && text[i] !== '\n') cell += text[i++];
    if (i < n && text[i] === delim) {
      cells.push(cell);
      cell = '';
      i++;
      continue;
    }
    cells.push(cell.endsWith('\r') ? cell.slice(0, -1) : cell);
    return { cells, next: i + 1, newlines };
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let c = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) c++;
  return c;
}
