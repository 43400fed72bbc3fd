// The CLI's import reads with read_csv(…, parallel = false) exactly when it spills with one DuckDB thread: there the
// parallel reader feeding a table kept memory DuckDB does not count (~29 MB a million rows at 300MB, ~11 without it,
// bench/results.md "DuckDB spill memory, session 14"); in memory or with more threads the parallel reader stays.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openCliEngine } from '../../../scripts/cli/open-engine.ts';
import { loadFiles } from '../../../scripts/cli/load-files.ts';

const base = mkdtempSync(join(tmpdir(), 'cli-sequential-csv-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const FILES = ['test/fixtures/kpi-tiny/orders.csv'];

/** The import's read_csv statement(s) and the orders loaded, under openCliEngine's `options`. */
async function importWith(options: Parameters<typeof openCliEngine>[1]) {
  const r = await openCliEngine(FILES, { tempDirectory: base, ...options });
  try {
    const reads: string[] = [];
    const query = r.driver.query;
    r.driver.query = (stmt) => {
      if (stmt.text.includes('read_csv(')) reads.push(stmt.text);
      return query(stmt);
    };
    const [report] = await loadFiles(r.engine, FILES);
    const rows = await r.engine.rows({ text: 'SELECT order_id, member_id, amount FROM orders ORDER BY order_id', params: [] });
    return { sequential: r.driver.sequentialCsv, reads, rowsLoaded: report.rowsLoaded, rows: JSON.stringify(rows) };
  } finally {
    r.driver.close();
  }
}

it('read_csv gets parallel = false when the run spills with one thread, and only then; the same orders load either way', async () => {
  const spilling = await importWith({ outOfCore: true });
  const twoThreads = await importWith({ outOfCore: true, threads: 2 });
  const inMemory = await importWith({ outOfCore: false });
  const small = await importWith({ memoryLimit: '48MB' }); // a 1 KB file: in memory by its size
  expect([spilling, twoThreads, inMemory, small].map((x) => x.sequential)).toEqual([true, false, false, false]);
  for (const x of [spilling, twoThreads, inMemory, small]) expect(x.reads.length).toBeGreaterThan(0);
  expect(spilling.reads.every((t) => /buffer_size = 8388608, parallel = false\)/.test(t))).toBe(true);
  for (const x of [twoThreads, inMemory, small]) expect(x.reads.some((t) => t.includes('parallel'))).toBe(false);
  // kpi-tiny: 12 orders (hand count of the fixture), the same rows whichever reader.
  expect(spilling.rowsLoaded).toBe(12);
  for (const x of [twoThreads, inMemory, small]) {
    expect(x.rowsLoaded).toBe(12);
    expect(x.rows).toBe(spilling.rows);
  }
});
