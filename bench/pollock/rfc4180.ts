/**
 * A strict RFC 4180 reader for Pollock's clean files (the ground truth): comma, `"` quotes with
 * `""` inside, records ended by CRLF or LF (the clean files use LF). Anything else throws, so a
 * malformed ground truth cannot silently score. Deliberately independent of workers/import.
 */

/** Text → rows of cells; a leading BOM is dropped, a final line break ends the last record. */
export function parseRfc4180(input: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rows: string[][] = [];
  const n = text.length;
  if (n === 0) return rows;
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error(`rfc4180: unterminated quoted field at offset ${i}`);
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const start = i;
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        if (text[i] === '"') throw new Error(`rfc4180: quote inside an unquoted field at offset ${i}`);
        i++;
      }
      field = text.slice(start, i);
    }
    row.push(field);
    if (i >= n) break;
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else if (text[i] === '\n') i++;
    else throw new Error(`rfc4180: unexpected character ${JSON.stringify(text[i])} after a field at offset ${i}`);
    rows.push(row);
    row = [];
    if (i >= n) return rows;
  }
  rows.push(row);
  return rows;
}
