// Whether a CLI run works out-of-core (one thread, tables in a database file) is decided by how much data
// its inputs hold (scripts/cli/open-engine.ts outOfCore): a .csv.gz or Parquet file holds several times
// its size. inputDataBytes reads the uncompressed size from the gzip trailer and the Parquet footer;
// golden answers from the text's own length and from native DuckDB's parquet_metadata (its C++ reader).
// Fails if a compressed file is judged by its compressed size again.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, expect, it } from 'vitest';
import { syntheticOrdersText } from '../../../bench/synthetic-orders.ts';
import { inputDataBytes } from '../../../scripts/cli/inputs.ts';
import { openCliEngine } from '../../../scripts/cli/open-engine.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli-data-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = syntheticOrdersText(20_000);
const csv = join(dir, 'orders.csv');
const gz = join(dir, 'orders.csv.gz');
writeFileSync(csv, text);
writeFileSync(gz, gzipSync(text));

it('a plain file holds its size; a .csv.gz the length of its text, not its compressed size', () => {
  expect(inputDataBytes(csv)).toBe(statSync(csv).size);
  expect(statSync(gz).size).toBeLessThan(Buffer.byteLength(text) / 2);
  expect(inputDataBytes(gz)).toBe(Buffer.byteLength(text));
});

it('a .gz whose 32-bit size trailer has wrapped is raised by 4 GiB steps to at least 3× its compressed size', () => {
  // 3,000 bytes ending in a trailer that says 100: 100 < 9,000, so 100 + 2^32.
  const wrapped = join(dir, 'wrapped.csv.gz');
  const bytes = randomBytes(3000);
  bytes.writeUInt32LE(100, bytes.length - 4);
  writeFileSync(wrapped, bytes);
  expect(inputDataBytes(wrapped)).toBe(100 + 2 ** 32);
});

it('a Parquet file holds twice the uncompressed (encoded) size of its row groups, as DuckDB reads its footer', async () => {
  const parquet = join(dir, 'orders.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    // Two row groups of repetitive text: far larger uncompressed than on disk.
    await conn.run(
      `COPY (SELECT i, 'the same long store name ' || (i % 7) AS store FROM range(300000) t(i)) TO '${parquet}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 150000)`,
    );
    const [{ bytes, groups }] = (
      await conn.runAndReadAll(
        `SELECT sum(b)::BIGINT AS bytes, count(*)::INTEGER AS groups FROM (SELECT DISTINCT row_group_id, row_group_bytes AS b FROM parquet_metadata('${parquet}'))`,
      )
    ).getRowObjectsJS() as { bytes: bigint; groups: number }[];
    expect(groups).toBe(2);
    expect(Number(bytes)).toBeGreaterThan(statSync(parquet).size * 2);
    expect(inputDataBytes(parquet)).toBe(2 * Number(bytes));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
});

it('a .gz file judged by its text: out-of-core (one thread) where its compressed size alone said in memory', async () => {
  // The text is ~1.2 MB, its gzip ~0.3 MB: a quarter of 2MB (0.5 MB) lies between them.
  expect(statSync(gz).size).toBeLessThan(0.5e6);
  expect(Buffer.byteLength(text)).toBeGreaterThan(0.5e6);
  const r = await openCliEngine([gz], { tempDirectory: dir, memoryLimit: '2MB' });
  try {
    const [{ v, db }] = await r.engine.rows({
      text: "SELECT current_setting('threads')::INTEGER AS v, (SELECT path FROM duckdb_databases() WHERE database_name = current_database()) AS db",
      params: [],
    });
    expect([v, db]).toEqual([1, join(r.spillDirectory, 'work.duckdb')]);
  } finally {
    r.driver.close();
  }
});
