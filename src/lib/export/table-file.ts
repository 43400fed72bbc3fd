/**
 * The one writer for every CSV and XLSX file the app produces (member lists, rejected import rows):
 * CSV in UTF-8 with a BOM, so Excel opens Chinese correctly, and XLSX (@e965/xlsx). Every text cell a
 * spreadsheet would run as a formula is neutralised, whatever its column (file names included).
 */
import { utils, write } from '@e965/xlsx';

export type Cell = string | number | null;

/** How a column's numbers are shown in XLSX: money to the cent, a percent, a calendar day, one decimal. */
export type ColumnFormat = 'money' | 'percent' | 'date' | 'decimal';

export interface ExportTable {
  header: string[];
  rows: Cell[][];
  /** Per column (XLSX number formats; 'date' cells become real dates). */
  formats?: (ColumnFormat | undefined)[];
  /** What the table is (list, period, filters, definitions): CSV leading lines, XLSX second sheet. */
  about?: [string, string][];
}

const NUMBER_FORMATS: Record<ColumnFormat, string> = { money: '#,##0.00', percent: '0.0%', date: 'yyyy-mm-dd', decimal: '0.0' };
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * CSV/formula injection (OWASP): a text cell starting with = + - @ or a tab / CR / LF (or their
 * full-width forms ＝ ＋ － ＠, which some spreadsheet locales also read as formulas) is prefixed
 * with ' so spreadsheets show it as text. Numbers stay numbers (a negative amount is not a formula).
 */
export function neutraliseCell(value: Cell): Cell {
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const FORMULA_START = /^[=+\-@\t\r\n＝＋－＠\u2212]/;

const csvField = (value: Cell): string => {
  if (value === null) return '';
  const text = String(neutraliseCell(value));
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * RFC 4180 CSV with CRLF line ends and a UTF-8 BOM. With an `about` block, its lines (key,value)
 * come first, then one empty line, then the table: plain rows, no comment marker a spreadsheet would show.
 */
export function toCsv(table: ExportTable): string {
  const about = (table.about ?? []).map((pair) => pair.map(csvField).join(','));
  const lines = [...about, ...(about.length ? [''] : []), ...[table.header, ...table.rows].map((row) => row.map(csvField).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** An ISO day as a spreadsheet date (UTC midnight, so no time zone shifts the day). */
const dayCell = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/**
 * XLSX workbook bytes: the table (text cells neutralised, numbers numeric, number formats per
 * column, dates as real dates) and, with an `about` block, a second sheet holding it.
 */
export function toXlsx(table: ExportTable, sheetName = 'members', aboutName = 'about'): Uint8Array {
  const formats = table.formats ?? [];
  const rows = table.rows.map((r) => r.map((v, i) => (formats[i] === 'date' && typeof v === 'string' && ISO_DAY.test(v) ? dayCell(v) : neutraliseCell(v))));
  const sheet = utils.aoa_to_sheet([table.header.map(neutraliseCell), ...rows], { UTC: true });
  formats.forEach((f, c) => {
    if (!f) return;
    for (let r = 1; r <= rows.length; r++) {
      const cell = sheet[utils.encode_cell({ r, c })];
      if (cell && (cell.t === 'n' || cell.t === 'd')) cell.z = NUMBER_FORMATS[f];
    }
  });
  const book = utils.book_new();
  utils.book_append_sheet(book, sheet, sheetName);
  if (table.about?.length) utils.book_append_sheet(book, utils.aoa_to_sheet(table.about.map((pair) => pair.map(neutraliseCell))), aboutName);
  return new Uint8Array(write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}
