// Shared by the import tests: read a fixture and check the accounting every import must keep.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Engine } from '../../../workers/engine.ts';
import type { ImportReport, ImportResult, SourceFile } from '../../../workers/import/index.ts';
import type { SqlImportResult } from '../../../workers/import/sql-orders.ts';

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

/** The loaded table of an import (the JS path's canonical CSV, the SQL path's scratch table, which this drops), in a stable order. */
export async function loadedTable(engine: Engine, result: ImportResult | SqlImportResult) {
  if ('table' in result) {
    const rows = await engine.rows({ text: `SELECT * FROM ${result.table} ORDER BY order_id`, params: [] });
    await engine.query({ text: `DROP TABLE ${result.table}`, params: [] });
    return rows;
  }
  await engine.loadCsvTable('orders', result.csv);
  return engine.rows({ text: 'SELECT * FROM orders ORDER BY order_id', params: [] });
}
