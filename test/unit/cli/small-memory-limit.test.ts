// A small --memory-limit still runs the report, through DuckDB's reader, with the same JSON as without one:
// read_csv's buffers were 16× its longest line (4 MiB: 64 MiB, allocated even for a tiny file), more than a
// limit under ~70 MB holds (the import's read failed, "could not allocate block of size 64.0 MiB").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli-small-limit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('kpi-tiny under --memory-limit 48MB: read by DuckDB, the same JSON as under the default limit', async () => {
  const argv = ['report', 'test/fixtures/kpi-tiny/orders.csv', '--from', '2024-01-01', '--to', '2024-02-01', '--temp-dir', dir];
  const exitBefore = process.exitCode;
  const whole = (await main(argv)) as { imports: { reader: string; rowsLoaded: number }[] };
  const small = (await main([...argv, '--memory-limit', '48MB'])) as typeof whole;
  expect(process.exitCode).toBe(exitBefore);
  expect(whole.imports.map((i) => i.reader)).toEqual(['duckdb']);
  expect(small.imports.map((i) => i.reader)).toEqual(['duckdb']);
  expect(JSON.stringify(small)).toBe(JSON.stringify(whole));
});
