/** Rejected rows of an import report as a CSV the user can open in Excel, through the one table writer. */
import type { ImportReport } from '../engine/import-types.ts';
import { toCsv } from './table-file.ts';

/** `file,row,column,value,reason`: every cell neutralised (a hostile value or file name stays text). */
export function reportToCsv(report: Pick<ImportReport, 'rejected'>): string {
  return toCsv({ header: ['file', 'row', 'column', 'value', 'reason'], rows: report.rejected.map((r) => [r.file, r.row, r.column, r.value, r.reason]) });
}
