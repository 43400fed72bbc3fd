// Shared by the import tests: read a fixture and check the accounting every import must keep.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ImportReport, SourceFile } from '../../../workers/import/index.ts';

export const FIXTURES = 'test/fixtures/import';

export function fixture(name: string): SourceFile {
  return { name, bytes: new Uint8Array(readFileSync(`${FIXTURES}/${name}`)) };
}

/** rowsRead = rowsLoaded + rowsRejected, and one rejection record per rejected row. */
export function expectReconciled(report: ImportReport): void {
  expect(report.rowsRead).toBe(report.rowsLoaded + report.rowsRejected);
  expect(report.rejected.length).toBe(report.rowsRejected);
  for (const r of report.rejected) expect(r.file).toBe(report.file);
}

/** Canonical CSV → rows of cells (fixtures have no quoted newlines in canonical output). */
export function csvRows(csv: string): string[][] {
  return csv
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
}
