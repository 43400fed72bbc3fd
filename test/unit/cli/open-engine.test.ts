// Each CLI run spills into its own folder: DuckDB names its spill file the same in every process, so two
// runs sharing one folder overwrote each other's blocks (a 10M and a 100M report at once, session 6).
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openCliEngine } from '../../../scripts/cli/open-engine.ts';

const base = mkdtempSync(join(tmpdir(), 'cli-spill-test-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

it('two runs with the same --temp-dir spill into two new folders inside it, each removed when its engine closes', async () => {
  const files = ['test/fixtures/kpi-tiny/orders.csv'];
  const a = await openCliEngine(files, { tempDirectory: base, memoryLimit: '256MB' });
  const b = await openCliEngine(files, { tempDirectory: base, memoryLimit: '256MB' });
  expect(a.spillDirectory).not.toBe(b.spillDirectory);
  for (const r of [a, b]) {
    expect(dirname(r.spillDirectory)).toBe(base);
    expect(existsSync(r.spillDirectory)).toBe(true);
    // DuckDB really uses it: its temp_directory setting names this run's folder.
    const [{ v }] = await r.engine.rows({ text: "SELECT current_setting('temp_directory') AS v", params: [] });
    expect(v).toBe(r.spillDirectory);
  }
  a.driver.close();
  expect(existsSync(a.spillDirectory)).toBe(false);
  expect(existsSync(b.spillDirectory)).toBe(true);
  b.driver.close();
  expect(readdirSync(base)).toEqual([]);
});

it('a run whose files outgrow a quarter of --memory-limit works in a database file with one DuckDB thread (spilling with two crashed DuckDB 1.4.3); --threads overrides', async () => {
  const { outOfCore, sizeBytes } = await import('../../../scripts/cli/open-engine.ts');
  expect(sizeBytes('2GB')).toBe(2e9);
  expect(sizeBytes('300MiB')).toBe(300 * 2 ** 20);
  expect(outOfCore(1e9, '2GB')).toBe(true);
  expect(outOfCore(1e8, '2GB')).toBe(false);
  // A 17 MB file: more than a quarter of 64MB, less than a quarter of 256MB (only its size is read here).
  const file = join(base, 'big.csv');
  writeFileSync(file, 'x'.repeat(17e6));
  const threadsOf = async (options: Parameters<typeof openCliEngine>[1]) => {
    const r = await openCliEngine([file], { tempDirectory: base, ...options });
    try {
      const [{ v, db }] = await r.engine.rows({
        text: "SELECT current_setting('threads')::INTEGER AS v, (SELECT path FROM duckdb_databases() WHERE database_name = current_database()) AS db",
        params: [],
      });
      return `${v} ${db === null ? 'memory' : db === join(r.spillDirectory, 'work.duckdb') ? 'file' : db}`;
    } finally {
      r.driver.close();
    }
  };
  expect(await threadsOf({ memoryLimit: '64MB' })).toBe('1 file');
  expect(await threadsOf({ memoryLimit: '256MB' })).toBe(`${availableParallelism()} memory`);
  expect(await threadsOf({ memoryLimit: '64MB', threads: 2 })).toBe('2 file');
  expect(await threadsOf({ memoryLimit: '64MB', outOfCore: false })).toBe(`${availableParallelism()} memory`);
});
