/**
 * The calibration summary's Arrow result as row objects, read column by column: the generic
 * ipcToRows (a StructRow and a toJSON per row) took ~1.5 s for 191,050 members; this gives the
 * same objects (same keys in column order, BigInt as number, null as null) in a fraction of that.
 */
import { tableFromIPC, Type } from 'apache-arrow';
import type { CalibrationSummary } from '../models/types.ts';

export function summaryRows(ipc: Uint8Array): CalibrationSummary[] {
  const table = tableFromIPC(ipc);
  const names = table.schema.fields.map((f) => f.name);
  const columns = table.schema.fields.map((f, j): ArrayLike<unknown> => {
    const v = table.getChildAt(j)!;
    // A DOUBLE column without nulls is one Float64Array; anything else value by value.
    if (f.type.typeId === Type.Float && v.nullCount === 0) return v.toArray() as Float64Array;
    return Array.from(v, (x: unknown) => (typeof x === 'bigint' ? Number(x) : (x ?? null)));
  });
  const rows = new Array<CalibrationSummary>(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) row[names[j]] = columns[j][i];
    rows[i] = row as unknown as CalibrationSummary;
  }
  return rows;
}
