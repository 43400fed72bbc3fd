// The command line's import spills instead of running out of memory (issue 14, out-of-core): a
// million synthetic orders (65 MB of CSV, ~100 MB as a table) under a 100MB DuckDB memory limit.
// Grouping the order ids as strings to find repeats failed here every time ("could not allocate
// block of size 256.0 KiB (95.5 MiB/95.3 MiB used)"), as 10M orders did at 300MB and 100M at 2GB;
// grouped by their hash it spills. The import's counts are checked against the file's own
// construction: every 100,000th row has an unreadable amount, so rows 100000…1000000 are rejected.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openCliEngine } from '../../../scripts/cli/open-engine.ts';
import { loadFiles } from '../../../scripts/cli/load-files.ts';

const ROWS = 1_000_000;
const dir = mkdtempSync(join(tmpdir(), 'cli-import-spills-'));
const file = join(dir, 'orders-1m.csv');

beforeAll(async () => {
  // Written by DuckDB (a second or two; a JS generator takes ten): the bench's shape, unique ids, every 10th row a walk-in.
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`COPY (SELECT 'O' || lpad(i::VARCHAR, 9, '0') AS "订单号",
      strftime(TIMESTAMP '2025-01-01 08:00:00' + to_seconds((i * 7919) % (365 * 86400 - 14 * 3600)), '%Y-%m-%d %H:%M:%S') AS "下单时间",
      CASE WHEN i % 10 = 0 THEN '' ELSE 'M' || lpad(((i * 31) % 200000)::VARCHAR, 7, '0') END AS "会员卡号",
      ['旗舰店', '万达店', '大学城店', '高新店'][1 + i % 4] AS "门店", CASE WHEN i % 3 = 0 THEN '线上' ELSE '线下' END AS "渠道",
      CASE WHEN i % 100000 = 0 THEN 'N/A' ELSE printf('%.2f', 5 + (i * 13) % 60000 / 100) END AS "实付金额", 1 + i % 5 AS "件数"
    FROM range(1, ${ROWS + 1}) t(i)) TO '${file}' (HEADER, DELIMITER ',', QUOTE '')`);
  c.closeSync();
  db.closeSync();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a million orders import under --memory-limit 100MB (the repeated-id check spills)', async () => {
  // In memory with two threads, as when the string grouping failed (for a file this size against 100MB the CLI
  // alone would choose a database file and one thread, under which the string grouping happened to pass).
  const { driver, engine } = await openCliEngine([file], { memoryLimit: '100MB', tempDirectory: dir, threads: 2, outOfCore: false });
  try {
    const [report] = await loadFiles(engine, [file]);
    expect(report.rowsRead).toBe(ROWS);
    expect(report.rowsRejected).toBe(ROWS / 100_000);
    expect(report.rowsLoaded).toBe(ROWS - ROWS / 100_000);
    // Data row k is line k + 1 (the header is line 1): the line numbers survive a parallel read that spills.
    expect(report.rejected.map((r) => [r.row, r.column])).toEqual(Array.from({ length: 10 }, (_, k) => [(k + 1) * 100_000 + 1, '实付金额']));
    const [{ n }] = await engine.rows({ text: 'SELECT count(*)::DOUBLE AS n FROM orders', params: [] });
    expect(n).toBe(ROWS - ROWS / 100_000);
  } finally {
    driver.close();
  }
}, 120_000);
