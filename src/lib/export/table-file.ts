/**
 * The one writer for every CSV and XLSX file the app produces (member lists, rejected import rows):
 * CSV in UTF-8 with a BOM, so Excel opens Chinese correctly, and XLSX (@e965/xlsx). Every text cell a
 * spreadsheet would run as a formula is neutralised, whatever its column (file names included).
 */
import { utils, write } from '@e965/xlsx';

export type Cell = string | number | null;

export interface ExportTable {
  header: string[];
  rows: Cell[][];
}

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

/** RFC 4180 CSV with CRLF line ends and a UTF-8 BOM. */
export function toCsv(table: ExportTable): string {
  const lines = [table.header, ...table.rows].map((row) => row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** One-sheet XLSX workbook bytes; text cells neutralised, numbers kept numeric. */
export function toXlsx(table: ExportTable, sheetName = 'members'): Uint8Array {
  const sheet = utils.aoa_to_sheet([table.header.map(neutraliseCell), ...table.rows.map((r) => r.map(neutraliseCell))]);
  const book = utils.book_new();
  utils.book_append_sheet(book, sheet, sheetName);
  return new Uint8Array(write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}
