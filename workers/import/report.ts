/** Rejected rows of an import report as a CSV the user can open in Excel (UTF-8 BOM first). */
import { csvField } from '../../src/lib/canonical-csv.ts';
import type { ImportReport } from './types.ts';

/** `file,row,column,value,reason` with a UTF-8 BOM so Excel reads the Chinese text correctly. */
export function reportToCsv(report: ImportReport): string {
  const lines = ['file,row,column,value,reason'];
  for (const r of report.rejected) lines.push([r.file, r.row, r.column, r.value, r.reason].map(csvField).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
