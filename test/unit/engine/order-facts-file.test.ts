// The orders written to a database file (the command line out of core) are declared with their text
// columns' compression (order-facts.ts FILE_COMPRESSION): DuckDB then skips analysing every other
// method on every segment it writes, twice per import (the scratch table, then the facts). The rows
// must be the very rows of the statements this replaced, in the same order: DuckDB's sort is not
// stable, so orders of one second come out in an order that depends only on the sort's input, and
// the report's per-day sums add in that order (session 14: a changed tie order moved the JSON's last bits).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { createTableSql } from '../../../src/lib/schema.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { COMPRESSED_DATABASE } from '../../../workers/drivers/driver.ts';
import { openWasm, wasmDriver } from '../drivers/wasm-node.ts';
import { buildOrderFacts, FILE_COMPRESSION, storedInFile } from '../../../workers/order-facts.ts';
import { openCliEngine } from '../../../scripts/cli/open-engine.ts';
import { loadFiles } from '../../../scripts/cli/load-files.ts';
import { stageOrdersSql } from '../../../workers/import/sql-orders.ts';
import { planOrders } from '../../../workers/import/sql-orders-plan.ts';
import { readSource } from '../../../workers/import/source.ts';

const dir = mkdtempSync(join(tmpdir(), 'order-facts-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rowsOf = async (driver: NativeDriver, text: string) => ipcToRows(await driver.query({ text, params: [] }));
/** Each column's compression(s) in `table`, after a checkpoint wrote it to the file. */
async function compressions(driver: NativeDriver, table: string): Promise<Record<string, string>> {
  await driver.exec('CHECKPOINT');
  const rows = await rowsOf(
    driver,
    `SELECT column_name AS c, string_agg(DISTINCT compression, ',' ORDER BY compression) AS m FROM pragma_storage_info('${table}') WHERE segment_type <> 'VALIDITY' GROUP BY ALL`,
  );
  return Object.fromEntries(rows.map((r) => [r.c, r.m]));
}

// Tie-heavy: 6,000 orders in 37 distinct seconds (about 160 orders a second), 20 with no time, three members.
const N = 6_000;
const ORDERS = `SELECT 'O' || lpad(i::VARCHAR, 6, '0') AS order_id,
    CASE WHEN i % 300 = 7 THEN NULL ELSE TIMESTAMP '2025-03-01 09:00:00' + to_seconds((i * 11) % 37) END AS order_time,
    CASE WHEN i % 4 = 0 THEN NULL ELSE 'M' || (i % 3) END AS member_id, ['东门店', '西门店'][1 + i % 2] AS store,
    CASE WHEN i % 5 = 0 THEN 'online' ELSE 'offline' END AS channel, (i % 97) + 0.25 AS amount, 1 + i % 3 AS item_count,
    NULL::DOUBLE AS discount, NULL::DOUBLE AS points_used, false AS is_refund FROM range(${N}) t(i)`;

describe('the order facts in a database file', () => {
  it('are declared with FILE_COMPRESSION and hold the same rows in the same order as the CREATE … AS they replace (ranges and at once)', async () => {
    const driver = await openNativeDriver(join(dir, 'facts.duckdb'), { threads: 1, tempDirectory: dir });
    try {
      expect(await storedInFile(driver)).toBe(true);
      await driver.exec(`${createTableSql('orders', 'o_src')}; INSERT INTO o_src ${ORDERS}; ${createTableSql('members', 'm_src')};
        INSERT INTO m_src (member_id, tier) VALUES ('M0', '普通'), ('M1', '金卡'), ('M2', '银卡')`);
      const source = { orders: 'o_src', members: 'm_src' };
      for (const chunkRows of [1_000, 1_000_000]) {
        await buildOrderFacts(driver, source, 'f_new', chunkRows);
        await buildOrderFacts(driver, source, 'f_old', chunkRows, false);
        const rows = (t: string) => rowsOf(driver, `SELECT * FROM ${t} ORDER BY rowid`);
        const built = await rows('f_new');
        expect(built).toHaveLength(N);
        expect(built).toEqual(await rows('f_old'));
        // Tie-heavy indeed, and not trivially ordered: ties are not all in order id order.
        const [{ ties, shuffled }] = await rowsOf(
          driver,
          `SELECT count(*) FILTER (WHERE t = pt)::DOUBLE AS ties, count(*) FILTER (WHERE t = pt AND id < pid)::DOUBLE AS shuffled
           FROM (SELECT order_time AS t, lag(order_time) OVER (ORDER BY rowid) AS pt, order_id AS id, lag(order_id) OVER (ORDER BY rowid) AS pid FROM f_new)`,
        );
        expect(ties).toBeGreaterThan(N * 0.9);
        expect(shuffled).toBeGreaterThan(0);
        // Three members: left to itself DuckDB stores member_id as a dictionary; declared, it is FSST.
        const declared = await compressions(driver, 'f_new');
        expect(declared.member_id).toBe('FSST');
        expect((await compressions(driver, 'f_old')).member_id).toBe('Dictionary');
        expect(declared.order_id).toBe('FSST');
        expect(declared.store).toBe('Dictionary');
        expect(FILE_COMPRESSION).toMatchObject({ order_id: 'fsst', member_id: 'fsst', store: 'dictionary', channel: 'dictionary', tier: 'dictionary' });
      }
    } finally {
      driver.close();
    }
  });

  it('in memory (the tab, DuckDB-WASM; a CLI run that does not spill) they are built as before: no file, no declared compression', { timeout: 60_000 }, async () => {
    const driver = await openNativeDriver(':memory:', { compressed: true });
    try {
      expect(await storedInFile(driver)).toBe(false);
    } finally {
      driver.close();
    }
    const plain = await openNativeDriver();
    try {
      expect(await storedInFile(plain)).toBe(false);
    } finally {
      plain.close();
    }
    // The tab's engine itself (DuckDB-WASM in Node) in the tab's layout: in memory, the facts built as before.
    const w = await openWasm();
    try {
      const wasm = wasmDriver(w);
      for (const s of COMPRESSED_DATABASE) await wasm.exec(s);
      expect(await storedInFile(wasm)).toBe(false);
      await wasm.exec(`${createTableSql('orders', 'o_src')}; INSERT INTO o_src ${ORDERS}; ${createTableSql('members', 'm_src')}`);
      await buildOrderFacts(wasm, { orders: 'o_src', members: 'm_src' }, 'f', 1_000);
      expect(ipcToRows(await wasm.query({ text: 'SELECT count(*)::DOUBLE AS n FROM f', params: [] }))).toEqual([{ n: N }]);
    } finally {
      w.close();
    }
  });

  it('the command line out of core (scratch table and facts declared) loads the same facts, row for row, as in memory', async () => {
    // A CSV of the same tie-heavy orders with the synthetic export's columns; line 2 + k is order k; a few rows read slowly (JS converters).
    const file = join(dir, 'ties.csv');
    const lines = Array.from({ length: N }, (_, i) => {
      const time = `2025-03-01 09:00:${String((i * 11) % 37).padStart(2, '0')}`;
      const amount = i % 500 === 3 ? ' 12.50' : `${(i % 97) + 0.25}`; // a padded amount: not the projection's, the JS path's
      return `O${String(i).padStart(6, '0')},${time},${i % 4 ? `M${i % 3}` : ''},${i % 2 ? '西门店' : '东门店'},${i % 5 ? '线下' : '线上'},${amount},${1 + (i % 3)}`;
    });
    writeFileSync(file, `订单号,下单时间,会员卡号,门店,渠道,实付金额,件数\n${lines.join('\n')}\n`);
    const load = async (outOfCore: boolean) => {
      const { driver, engine } = await openCliEngine([file], { memoryLimit: '300MB', tempDirectory: dir, threads: 1, outOfCore });
      try {
        // The import's scratch table alone first (what loadFiles stages), then dropped.
        const bytes = new Uint8Array(readFileSync(file));
        const plan = planOrders('ties.csv', await readSource({ name: 'ties.csv', bytes }, { preview: true }))!;
        const staged = await engine.bulk((d) => stageOrdersSql(d, plan, { label: 'ties.csv', paths: [file], names: ['ties.csv'], bytes: bytes.length }));
        const scratch = await rowsOf(driver, `SELECT * FROM ${staged!.table} ORDER BY rowid`);
        const scratchStored = outOfCore ? await compressions(driver, staged!.table) : {};
        await driver.exec(`DROP TABLE ${staged!.table}`);

        const [report] = await loadFiles(engine, [file]);
        const facts = await rowsOf(driver, 'SELECT * FROM order_facts ORDER BY rowid');
        const stored = outOfCore ? await compressions(driver, 'order_facts') : {};
        const left = await rowsOf(driver, "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '\\_%' ESCAPE '\\'");
        return { report, facts, stored, left, scratch, scratchStored, file: await storedInFile(driver) };
      } finally {
        driver.close();
      }
    };
    const spilled = await load(true);
    const inMemory = await load(false);
    expect([spilled.file, inMemory.file]).toEqual([true, false]);
    expect(spilled.report).toEqual(inMemory.report);
    expect(spilled.report.rowsLoaded).toBe(N);
    expect(spilled.facts).toHaveLength(N);
    expect(spilled.facts).toEqual(inMemory.facts);
    expect(spilled.scratch).toHaveLength(N);
    expect(spilled.scratch).toEqual(inMemory.scratch); // the scratch table in file order, slow rows last, as CREATE … AS wrote it
    expect(spilled.scratchStored.member_id).toBe('FSST');
    expect(spilled.stored.member_id).toBe('FSST'); // three members: a dictionary, had it not been declared
    expect(spilled.left).toEqual([]); // no scratch or staged table left behind
  }, 60_000);
});
