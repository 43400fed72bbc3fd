// The CLI's import reads with read_csv(…, parallel = false) when it runs with one DuckDB thread on input larger than
// its memory limit: there the parallel reader feeding a table kept memory DuckDB does not count (~29 MB a million orders
// at 300MB); with room to spare the sequential reader held more (10M orders at 2GB: 1,014 against 518 MB after the
// import's CREATE TABLE), so otherwise the parallel reader stays (bench/results.md "100M out-of-core, session 15").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openCliEngine, sequentialCsv } from '../../../scripts/cli/open-engine.ts';
import { loadFiles } from '../../../scripts/cli/load-files.ts';

const base = mkdtempSync(join(tmpdir(), 'cli-sequential-csv-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const FILES = ['test/fixtures/kpi-tiny/orders.csv'];

it('the rule: one thread and more input than the memory limit (the session-15 measurements)', () => {
  const MB = 1e6;
  expect(sequentialCsv(6573.5 * MB, '300MB', 1)).toBe(true); // 100M orders at 300MB
  expect(sequentialCsv(654.7 * MB, '300MB', 1)).toBe(true); // 10M at 300MB
  expect(sequentialCsv(130.9 * MB, '300MB', 1)).toBe(false); // 2M at 300MB: spills, parallel reader
  expect(sequentialCsv(654.7 * MB, '2GB', 1)).toBe(false); // 10M at the default 2GB: spills, parallel reader
  expect(sequentialCsv(6573.5 * MB, '2GB', 1)).toBe(true); // 100M at 2GB
  expect(sequentialCsv(6573.5 * MB, '300MB', 2)).toBe(false); // --threads 2
  expect(sequentialCsv(6573.5 * MB, '300MB', undefined)).toBe(false); // DuckDB's default threads
});

it('openCliEngine sets the driver flag by the rule (a file only sized here, never imported)', async () => {
  const file = join(base, 'big.csv');
  writeFileSync(file, 'x'.repeat(33e6)); // 33 MB: more than 32MB, less than 64MB
  const flagOf = async (options: Parameters<typeof openCliEngine>[1]) => {
    const r = await openCliEngine([file], { tempDirectory: base, ...options });
    r.driver.close();
    return r.driver.sequentialCsv;
  };
  expect(await flagOf({ memoryLimit: '32MB' })).toBe(true);
  expect(await flagOf({ memoryLimit: '64MB' })).toBe(false); // spills (33 > 64 / 4), one thread, but fits the limit
  expect(await flagOf({ memoryLimit: '32MB', threads: 2 })).toBe(false);
  rmSync(file);
});

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

it('the flag puts parallel = false in the import read_csv, and only the flag; the same orders load either way', async () => {
  const sequential = await importWith({ outOfCore: true, sequentialCsv: true });
  const spilling = await importWith({ outOfCore: true }); // one thread, a 1 KB file: within the limit
  const inMemory = await importWith({ outOfCore: false });
  expect([sequential, spilling, inMemory].map((x) => x.sequential)).toEqual([true, false, false]);
  for (const x of [sequential, spilling, inMemory]) expect(x.reads.length).toBeGreaterThan(0);
  expect(sequential.reads.every((t) => /buffer_size = \d+, parallel = false\)/.test(t))).toBe(true);
  for (const x of [spilling, inMemory]) expect(x.reads.some((t) => t.includes('parallel'))).toBe(false);
  // kpi-tiny: 12 orders (hand count of the fixture), the same rows whichever reader.
  for (const x of [sequential, spilling, inMemory]) {
    expect(x.rowsLoaded).toBe(12);
    expect(x.rows).toBe(sequential.rows);
  }
});
