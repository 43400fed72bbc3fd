/**
 * The accounting shared by every kind: walks the data rows after the header, skips blank and
 * summary rows (reported, not read), counts rows read/loaded/rejected, records one rejection per
 * rejected row, reports progress and honours an AbortSignal between chunks.
 */
import { MAX_FIELD_CHARS, tooLongReason } from './fields.ts';
import { isBlankRow, isSummaryRow } from './header.ts';
import type { ImportProgress, RawTable, RejectedRow } from '../../src/lib/engine/import-types.ts';

const PROGRESS_EVERY = 5_000;
const YIELD_EVERY = 20_000;

/** Throws the standard AbortError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('import cancelled / 导入已取消', 'AbortError');
}

/** A rejected value as the report keeps it: long ones cut (the report must not hold megabytes). */
const clip = (v: string) => (v.length > 200 ? `${v.slice(0, 200)}…` : v);

/** Lets the event loop run (a worker's abort message, a UI repaint) before going on. */
const yieldToLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class RowLoop {
  rowsRead = 0;
  rowsLoaded = 0;
  readonly rejected: RejectedRow[] = [];
  summaryRowsSkipped = 0;
  blankRowsSkipped = 0;
  /** Per column, how many optional values could not be read and were left empty. */
  readonly unreadable = new Map<string, { count: number; type: string }>();
  /** When set, the raw index of every loaded row, in order (the SQL import places them among its own). */
  loadedRows?: number[];

  constructor(
    readonly file: string,
    readonly raw: RawTable,
    readonly headerIndex: number,
    private readonly onProgress?: (p: ImportProgress) => void,
    private readonly signal?: AbortSignal,
  ) {}

  /** Physical line/row (1-based) of raw row i. */
  line(i: number): number {
    return this.raw.lines[i];
  }

  reject(i: number, column: string, value: string, reason: string): void {
    this.rejected.push({ file: this.file, row: this.line(i), column, value, reason });
  }

  /** An optional value that could not be parsed: left empty, counted for a warning. */
  unreadableValue(column: string, type: string): void {
    const u = this.unreadable.get(column) ?? { count: 0, type };
    u.count++;
    this.unreadable.set(column, u);
  }

  /** Calls `handle(cells, i)` for each data row; it returns true when the row was loaded. */
  async run(handle: (cells: string[], i: number) => boolean): Promise<void> {
    const { rows } = this.raw;
    const total = rows.length;
    for (let i = this.headerIndex + 1; i < total; i++) {
      const cells = rows[i];
      if (isBlankRow(cells)) this.blankRowsSkipped++;
      else if (isSummaryRow(cells)) this.summaryRowsSkipped++;
      else {
        this.rowsRead++;
        const before = this.rejected.length;
        if (!this.unloadable(cells, i)) {
          if (handle(cells, i)) {
            this.rowsLoaded++;
            this.loadedRows?.push(i);
          } else if (this.rejected.length === before) throw new Error(`row ${this.line(i)} neither loaded nor rejected`);
        }
      }
      if (i % PROGRESS_EVERY === 0) {
        this.onProgress?.({ bytes: Math.round((this.raw.totalBytes * i) / total), rows: this.rowsRead });
        if (i % YIELD_EVERY === 0) {
          await yieldToLoop();
          throwIfAborted(this.signal);
        }
      }
    }
    this.onProgress?.({ bytes: this.raw.totalBytes, rows: this.rowsRead });
  }

  /**
   * Rows no converter should see: one the reader could not split (an unterminated quote), or one
   * with a cell over MAX_FIELD_CHARS (a canonical line must stay far below DuckDB's line limit).
   */
  private unloadable(cells: string[], i: number): boolean {
    const problem = this.raw.problems?.get(i);
    if (problem) return (this.reject(i, '', clip(cells.join(this.raw.delimiter?.length === 1 ? this.raw.delimiter : ' ')), problem), true);
    for (let j = 0; j < cells.length; j++) {
      if (cells[j].length > MAX_FIELD_CHARS) {
        const header = this.raw.rows[this.headerIndex]?.[j]?.trim() || `#${j + 1}`;
        return (this.reject(i, header, clip(cells[j]), tooLongReason(cells[j].length)), true);
      }
    }
    return false;
  }

  /** Warnings for optional values left empty. */
  unreadableWarnings(): string[] {
    return [...this.unreadable].map(
      ([col, u]) => `${u.count} 个「${col}」值无法识别为${u.type}，已留空 / ${u.count} values of "${col}" could not be read as ${u.type} and were left empty`,
    );
  }
}
