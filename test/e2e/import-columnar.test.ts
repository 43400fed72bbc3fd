// A single XLSX and a single Parquet orders file imported in the hosted build: the SQL import in
// DuckDB-WASM (cells as Arrow batches, workers/import/columnar-orders.ts) must report what the JS path
// (importFile in Node) reports — rows read/loaded/rejected and every rejected row on its line — and
// must not fall back because it failed (the worker warns "the SQL import failed" when it does, e.g.
// if insertArrowFromIPCStream were refused).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utils, write } from '@e965/xlsx';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Page } from 'playwright-core';
import { importFile } from '../../workers/import/index.ts';
import { DIST_DIR, openBrowser, readTiles, serveStatic, type BrowserSession, type StaticServer } from './harness.ts';
import { mixedFile } from '../unit/import/mixed-orders.ts';

let server: StaticServer;
let session: BrowserSession;
let page: Page;
const warnings: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'import-columnar-e2e-'));

beforeAll(async () => {
  server = await serveStatic(resolve(DIST_DIR), '/store-compass/');
  session = await openBrowser(new URL(server.url).origin);
  page = session.page;
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.goto(server.url);
  await readTiles(page);
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

/** Imports one file through the file chooser; the report's counts and rejected rows. */
async function importInTab(path: string, name: string) {
  await page.goto(`${server.url}#import`);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-action="choose-files"]')]);
  await chooser.setFiles([path]);
  await page.waitForSelector(`[data-import-file="${name}"][data-status="ready"]`, { timeout: 60_000 });
  await page.click('[data-action="import"]');
  await page.waitForSelector('[data-import-outcome="done"]', { timeout: 120_000 });
  const report = page.locator(`[data-import-report][data-file="${name}"]`);
  const counts = await report.evaluate((e) => ['read', 'loaded', 'rejected'].map((k) => Number(e.getAttribute(`data-rows-${k}`))));
  const rows = await report.locator('[data-rejected-row]').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-rejected-row'))));
  return { counts, rows };
}

async function expectAsJsPath(path: string, name: string) {
  const js = (await importFile({ name, bytes: new Uint8Array(readFileSync(path)) })).report;
  const tab = await importInTab(path, name);
  expect(tab.counts).toEqual([js.rowsRead, js.rowsLoaded, js.rowsRejected]);
  expect(tab.rows).toEqual(js.rejected.map((r) => r.row));
  expect(warnings.filter((w) => w.includes('SQL import failed'))).toEqual([]);
  return js;
}

describe('XLSX and Parquet orders through the SQL import in DuckDB-WASM', () => {
  it('an XLSX export (preamble row, bad rows, ¥ and commas, typed cells) reports what the JS path reports', async () => {
    const rows: unknown[][] = mixedFile()
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    for (let i = 3; i < rows.length; i += 5) if (/^\d+\.\d+$/.test(String(rows[i][5]))) rows[i][5] = Number(rows[i][5]); // numeric amounts
    const book = utils.book_new();
    utils.book_append_sheet(book, utils.aoa_to_sheet(rows), '订单');
    const path = join(dir, 'mixed.xlsx');
    writeFileSync(path, write(book, { type: 'buffer', bookType: 'xlsx', bookSST: true }));
    const js = await expectAsJsPath(path, 'mixed.xlsx');
    expect(js.rejected.map((r) => r.row)).toEqual([9, 13, 21, 25, 49, 55, 61, 63]);
  });

  it('a Parquet file of several row groups (DATE, DOUBLE ids, text amounts) reports what the JS path reports', async () => {
    const path = join(dir, 'groups.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await conn.run(
        `COPY (SELECT 'G' || i AS 订单号, DATE '2024-01-01' + (i % 300)::INTEGER AS 下单时间, (i % 97)::DOUBLE AS 会员卡号, '店' || (i % 3) AS 门店,
           CASE WHEN i % 1000 = 0 THEN 'N/A' ELSE (i % 50 + 0.25)::VARCHAR END AS 实付金额 FROM range(1, 10001) t(i)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`,
      );
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
    const js = await expectAsJsPath(path, 'groups.parquet');
    expect(js.rejected.map((r) => r.row)).toEqual(Array.from({ length: 10 }, (_, k) => (k + 1) * 1000 + 1)); // data row i is row i + 1
  });

  it('had no console error', () => {
    expect(session.consoleErrors).toEqual([]);
  });
});
