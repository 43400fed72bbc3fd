/**
 * Text columns → one Arrow IPC stream (a schema and one record batch of Utf8 columns c0…), the form
 * DuckDB-WASM ingests without a CSV in between (insertArrowFromIPCStream). An empty cell is NULL,
 * as read_csv reads an empty field, so the SQL import's projection sees what it sees for a CSV.
 * Each column is encoded with one TextEncoder call over its joined cells; the byte offsets come
 * from each cell's UTF-8 length (an ASCII cell: its length), never one encode per cell.
 */
import { makeData, makeVector, Table, tableToIPC, Utf8, type Vector } from 'apache-arrow';

const encoder = new TextEncoder();

/** UTF-8 byte length of a JS string (a surrogate pair is 4 bytes; a lone surrogate becomes U+FFFD, 3 bytes, as TextEncoder writes it). */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // 2 UTF-16 units → 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

/** One Utf8 vector; '' (and a missing cell) is NULL. */
export function textVector(cells: readonly (string | undefined)[]): Vector<Utf8> {
  const length = cells.length;
  const offsets = new Int32Array(length + 1);
  const valid = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  let bytes = 0;
  for (let i = 0; i < length; i++) {
    const s = cells[i];
    if (s) {
      bytes += utf8Length(s);
      valid[i >> 3] |= 1 << (i & 7);
    } else nullCount++;
    offsets[i + 1] = bytes;
  }
  const data = encoder.encode(cells.join(''));
  if (data.length !== bytes) throw new Error(`text column: ${data.length} UTF-8 bytes, ${bytes} counted`);
  return makeVector(makeData({ type: new Utf8(), length, nullCount, nullBitmap: nullCount ? valid : null, valueOffsets: offsets, data }));
}

/** Columns of equal length (column j named c<j>) as one Arrow IPC stream. */
export function textColumnsIpc(columns: readonly (readonly (string | undefined)[])[]): Uint8Array {
  const vectors: Record<string, Vector<Utf8>> = {};
  columns.forEach((cells, j) => (vectors[`c${j}`] = textVector(cells)));
  return tableToIPC(new Table(vectors), 'stream');
}
