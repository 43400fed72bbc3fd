/** Reads files from disk through the same import pipeline as the browser and loads them into an engine. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ImportReport } from '../../workers/import/types.ts';
import { importFile } from '../../workers/import/index.ts';
import type { Engine } from '../../workers/engine.ts';
import type { TableName } from '../../src/lib/schema.ts';

/** Several files of one kind (e.g. monthly order exports) are appended: header kept once. */
function appendCanonicalCsv(a: string | undefined, b: string): string {
  if (!a) return b;
  return a + b.slice(b.indexOf('\n') + 1);
}

export async function loadFiles(engine: Engine, paths: readonly string[]): Promise<ImportReport[]> {
  const byKind = new Map<TableName, string>();
  const reports: ImportReport[] = [];
  for (const path of paths) {
    const { kind, csv, report } = await importFile({ name: basename(path), bytes: new Uint8Array(readFileSync(path)) });
    byKind.set(kind, appendCanonicalCsv(byKind.get(kind), csv));
    reports.push(report);
  }
  for (const [kind, csv] of byKind) await engine.loadCsvTable(kind, csv);
  return reports;
}

/** The counts a user checks first, without the (possibly long) list of rejected rows. */
export const summariseReport = (r: ImportReport) => ({
  file: r.file,
  kind: r.kind,
  rowsRead: r.rowsRead,
  rowsLoaded: r.rowsLoaded,
  rowsRejected: r.rowsRejected,
  duplicateOrderIds: r.duplicateOrderIds.length,
  firstRejections: r.rejected.slice(0, 5),
});
