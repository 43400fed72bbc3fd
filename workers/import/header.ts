/**
 * Where the table starts: the header row among the first rows (title lines such as
 * "XX门店销售报表 2024年3月", export notes and merged title cells above it are preamble), and
 * which later rows are blank or summary rows (合计/总计/Total) rather than data.
 */
import { ALL_SYNONYM_KEYS } from './synonyms.ts';
import { headerKey, isSummaryLabel } from './text.ts';

const SCAN_ROWS = 30;

const nonEmpty = (row: readonly string[]) => row.reduce((n, c) => (c.trim() !== '' ? n + 1 : n), 0);
const looksNumeric = (c: string) => /^[\s¥￥$+-]*[\d.,:/\- ]+$/.test(c);

/**
 * Index of the header row: the row with most cells that are known header synonyms; failing
 * that, the first row as wide as the widest of the first rows with no numeric cells.
 */
export function findHeaderRow(rows: readonly string[][]): number {
  const scan = rows.slice(0, SCAN_ROWS);
  let best = -1;
  let bestHits = 0;
  scan.forEach((row, i) => {
    if (nonEmpty(row) < 2) return;
    const hits = row.reduce((n, c) => (ALL_SYNONYM_KEYS.has(headerKey(c)) ? n + 1 : n), 0);
    if (hits > bestHits) [best, bestHits] = [i, hits];
  });
  if (best >= 0) return best;
  const widest = Math.max(0, ...scan.map(nonEmpty));
  const i = scan.findIndex((row) => nonEmpty(row) >= Math.max(1, widest * 0.8) && !row.some((c) => c.trim() !== '' && looksNumeric(c)));
  return i >= 0 ? i : 0;
}

/** True when every cell is empty or whitespace. */
export function isBlankRow(row: readonly string[]): boolean {
  for (const c of row) if (c !== '' && c.trim() !== '') return false;
  return true;
}

// First characters of the labels isSummaryLabel knows: lets ordinary rows skip the check cheaply.
const SUMMARY_FIRST = new Set([...'合总總小汇匯共tTsSgG']);

/** A summary row: its first non-empty cell (or second, after a row number) is 合计/总计/Total…. */
export function isSummaryRow(row: readonly string[]): boolean {
  let seen = 0;
  for (const c of row) {
    const t = c.trim();
    if (t === '') continue;
    if (SUMMARY_FIRST.has(t[0]) && isSummaryLabel(t)) return true;
    if (++seen === 2) return false;
  }
  return false;
}

/** Header cells, trimmed; an empty header becomes `column_N` so it can still be mapped. */
export function headerNames(row: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return row.map((c, i) => {
    let name = c.trim() || `column_${i + 1}`;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    if (n > 0) name = `${name}_${n + 1}`;
    return name;
  });
}
