/**
 * The calibration summary's Arrow result as row objects, read column by column: the generic
 * ipcToRows (a StructRow and a toJSON per row) took ~1.5 s for 191,050 members; this gives the
 * same objects (same keys in column order, BigInt as number, null as null) in a fraction of that.
 *
 * The engine reads the result into columns (summaryColumns: a Float64Array per DOUBLE column without
 * nulls, a plain array otherwise); the columns cross to the fit worker (workers/fit-worker.ts) as
 * transferables, where summaryRowsOf builds the rows: summaryRows = summaryRowsOf ∘ summaryColumns.
 */
import { tableFromIPC, Type } from 'apache-arrow';
import type { CalibrationSummary } from '../models/types.ts';

/** A calibration summary by column: what crosses between the engine and the fit worker. */
export interface SummaryColumns {
  rows: number;
  names: string[];
  columns: (Float64Array | unknown[])[];
}

export function summaryColumns(ipc: Uint8Array): SummaryColumns {
  const table = tableFromIPC(ipc);
  const names = table.schema.fields.map((f) => f.name);
  const columns = table.schema.fields.map((f, j): Float64Array | unknown[] => {
    const v = table.getChildAt(j)!;
    // A DOUBLE column without nulls is one Float64Array (a copy: its own buffer, transferable); anything else value by value.
    if (f.type.typeId === Type.Float && v.nullCount === 0) return Float64Array.from(v.toArray() as Float64Array);
    return Array.from(v, (x: unknown) => (typeof x === 'bigint' ? Number(x) : (x ?? null)));
  });
  return { rows: table.numRows, names, columns };
}

/** The typed arrays of `s`: the transfer list when it crosses to the fit worker. */
export const summaryBuffers = (s: SummaryColumns): ArrayBuffer[] => s.columns.flatMap((c) => (c instanceof Float64Array ? [c.buffer as ArrayBuffer] : []));

/** A copy of `s` whose typed arrays may be transferred while `s` stays usable. */
export const copySummary = (s: SummaryColumns): SummaryColumns => ({ ...s, columns: s.columns.map((c) => c.slice()) });

export function summaryRowsOf({ rows: n, names, columns }: SummaryColumns): CalibrationSummary[] {
  const rows = new Array<CalibrationSummary>(n);
  for (let i = 0; i < n; i++) {
    const row: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) row[names[j]] = columns[j][i];
    rows[i] = row as unknown as CalibrationSummary;
  }
  return rows;
}

export const summaryRows = (ipc: Uint8Array): CalibrationSummary[] => summaryRowsOf(summaryColumns(ipc));
