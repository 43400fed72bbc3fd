/**
 * XLSX/XLS → rows of text cells for one sheet, with every sheet name listed. Date-formatted
 * numeric cells (Excel serials) become `YYYY-MM-DD[ HH:MM:SS]`; merged cells keep their value in
 * the top-left cell only, so a merged title row reads as a one-cell preamble row.
 */
import { read, SSF, type CellObject, type WorkBook } from '@e965/xlsx';
import { isoDate, isoTimestamp } from '../canonical-csv.ts';
import type { RawTable } from '../../src/lib/engine/import-types.ts';
import type { FastWorkbook } from './xlsx-fast.ts';

const DAY_MS = 86_400_000;
// Excel's day 0 is 1899-12-30 once its fictitious 1900-02-29 is accounted for (serials ≥ 61).
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** Excel serial day number → ISO date or timestamp text (wall-clock, no time zone). */
export function excelSerialToIso(serial: number, date1904 = false): string {
  const ms = Math.round((serial * DAY_MS) / 1000) * 1000 + (date1904 ? EPOCH_1904 : EPOCH_1900);
  const d = new Date(ms);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  const timeMs = ms - Date.UTC(y, m - 1, day);
  if (timeMs === 0) return isoDate(y, m, day);
  return isoTimestamp(y, m, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

function cellText(cell: CellObject | undefined, date1904: boolean): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  switch (cell.t) {
    case 'n':
      return cell.z && SSF.is_date(cell.z) ? excelSerialToIso(cell.v as number, date1904) : String(cell.v);
    case 'b':
      return cell.v ? 'true' : 'false';
    case 'e':
      return '';
    case 'd':
      return (cell.v as Date).toISOString().slice(0, 19).replace('T', ' ');
    default:
      return String(cell.v);
  }
}

/** Opens a workbook (throws on a file SheetJS cannot read). */
export function openWorkbook(bytes: Uint8Array): WorkBook {
  return read(bytes, { type: 'array', dense: true, cellNF: true, cellDates: false, cellHTML: false, cellText: false });
}

/** A workbook however it was read: sheet names, and per sheet its rows and the text of a cell. */
export interface Book {
  sheetNames: string[];
  sheet(name: string): { rows: (readonly unknown[] | undefined)[]; text: (cell: unknown) => string };
}

/** A workbook read by SheetJS. */
export function sheetJsBook(wb: WorkBook): Book {
  const date1904 = !!wb.Workbook?.WBProps?.date1904;
  return {
    sheetNames: wb.SheetNames,
    sheet(name) {
      const ws = wb.Sheets[name];
      if (!ws) throw new Error(`no sheet named "${name}"`);
      return { rows: (ws['!data'] ?? []) as (CellObject[] | undefined)[], text: (cell) => cellText(cell as CellObject | undefined, date1904) };
    },
  };
}

/** A workbook read by xlsx-fast.ts: its cells are already text. */
export function fastBook(fast: FastWorkbook): Book {
  return {
    sheetNames: fast.sheetNames,
    sheet(name) {
      const rows = fast.sheets.get(name);
      if (!rows) throw new Error(`no sheet named "${name}"`);
      return { rows, text: (cell) => (cell as string | undefined) ?? '' };
    },
  };
}

/** One sheet's cells as text (its first `limit` rows); `sheet` defaults to the first. */
export function readSheet(book: Book, sheet: string | undefined, totalBytes: number, limit = Infinity): RawTable {
  const name = sheet ?? book.sheetNames[0];
  const { rows: data, text } = book.sheet(name);
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let r = 0; r < Math.min(data.length, limit); r++) {
    const src = data[r];
    const row: string[] = [];
    if (src) for (let c = 0; c < src.length; c++) row.push(text(src[c]));
    rows.push(row.length ? row : ['']);
    lines.push(r + 1);
  }
  return { format: 'xlsx', rows, lines, sheets: [...book.sheetNames], sheet: name, totalBytes, warnings: [] };
}
