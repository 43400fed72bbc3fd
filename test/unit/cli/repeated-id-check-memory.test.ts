// The import's repeated-id check (workers/import/sql-orders.ts) fits a small --memory-limit: it found repeating order-id
// hashes with a hash GROUP BY, which DuckDB 1.4.3 did not spill far enough — 700,000 distinct ids under 48MB failed
// ("failed to allocate data of size 16.0 MiB"; 2M orders under 100MB: "could not allocate block of size 256.0 KiB");
// sorting the hashes spills. A repeated id still sends the file to the JS reader (which reports it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openCliEngine } from '../../../scripts/cli/open-engine.ts';
import { loadFiles, summariseReport } from '../../../scripts/cli/load-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli-repeated-id-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const N = 700_000;
/** n orders with distinct ids o0…o(n-1), except that row `repeat` (if given) takes row 0's id. */
function ordersCsv(n: number, repeat?: number): string {
  const rows = ['order_id,order_time,member_id,store,channel,amount,item_count'];
  for (let i = 0; i < n; i++) rows.push(`o${i === repeat ? 0 : i},2024-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00,m${i % 5000},旗舰店,offline,${1 + (i % 300)},1`);
  return rows.join('\n') + '\n';
}

async function importUnder(file: string, memoryLimit: string) {
  const { driver, engine } = await openCliEngine([file], { memoryLimit, tempDirectory: dir });
  try {
    const [report] = (await loadFiles(engine, [file])).map(summariseReport);
    // Not count(DISTINCT order_id): that hash aggregate does not fit 48MB either. The ids' numbers add up to 0 + 1 + … + (n - 1).
    const [{ n, idSum }] = await engine.rows({ text: 'SELECT count(*)::DOUBLE AS n, sum(substr(order_id, 2)::BIGINT)::DOUBLE AS idSum FROM orders', params: [] });
    const [{ limit }] = await engine.rows({ text: "SELECT current_setting('memory_limit') AS limit", params: [] });
    return { reader: report.reader, duplicates: report.duplicateOrderIds, n, idSum, limit };
  } finally {
    driver.close();
  }
}

it(`${N} distinct order ids under --memory-limit 48MB: read by DuckDB, every row loaded`, async () => {
  const file = join(dir, 'orders.csv');
  writeFileSync(file, ordersCsv(N));
  const r = await importUnder(file, '48MB');
  expect(r.limit).toMatch(/^4[0-9]\.\d+ MiB$/); // the limit really is small (48 MB = 45.7 MiB)
  expect(r).toMatchObject({ reader: 'duckdb', duplicates: 0, n: N, idSum: (N * (N - 1)) / 2 });
}, 120_000);

it("an id repeated (the last row takes the first one's) under 48MB: the SQL path sees it, the JS reader reports it", async () => {
  const file = join(dir, 'orders-repeat.csv');
  writeFileSync(file, ordersCsv(3000, 2999));
  const r = await importUnder(file, '48MB');
  // The JS reader keeps the first of a repeated id: 2,999 orders, o0 … o2998.
  expect(r).toMatchObject({ reader: 'js', duplicates: 1, n: 2999, idSum: (2999 * 2998) / 2 });
}, 120_000);
