// Cancelling an import stops the statement that reads the file (issue 14): on DuckDB-WASM's own build,
// the import's main statement is a pending query, so the cancel the import service sends (abort +
// engine.cancel) interrupts it mid-read instead of waiting for all its rows (a 10M-order file: a minute).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDriver } from '../../../workers/drivers/driver.ts';
import { createEngine, ipcToRows, type Engine } from '../../../workers/engine.ts';
import { dropSqlImport, importOrdersSql, SQL_ORDERS_TABLE } from '../../../workers/import/sql-orders.ts';
import { openWasm, wasmDriver, type Wasm } from '../drivers/wasm-node.ts';

/** 200k orders in the e2e test's layout: long enough for a read to span many polls. */
function bigFile(): Uint8Array {
  const lines = ['订单号,下单时间,会员卡号,门店,实付金额'];
  for (let i = 0; i < 200_000; i++) lines.push(`B${i},2025-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00,M${i % 5000},大店,${(i % 300) + 0.5}`);
  return new TextEncoder().encode(lines.join('\n'));
}

describe('cancelling an SQL import (DuckDB-WASM)', { timeout: 300_000 }, () => {
  let w: Wasm;
  let engine: Engine;
  /** The statements that read the file (read_csv), and how each ended. */
  const reads: ('done' | 'failed')[] = [];
  /** Called when a statement reading the file starts. */
  let onRead = () => {};

  beforeAll(async () => {
    w = await openWasm();
    const driver = wasmDriver(w);
    const watched = <A extends unknown[]>(run: (...a: A) => Promise<unknown>, textOf: (...a: A) => string) =>
      (async (...a: A) => {
        if (!/read_csv/.test(textOf(...a))) return run(...a);
        onRead();
        try {
          const out = await run(...a);
          reads.push('done');
          return out;
        } catch (e) {
          reads.push('failed');
          throw e;
        }
      }) as never;
    const watchedDriver: SqlDriver = {
      ...driver,
      query: watched(driver.query, (stmt) => stmt.text),
      exec: watched(driver.exec, (text) => text),
    };
    engine = await createEngine(watchedDriver);
  });
  afterAll(() => w?.close());

  it('stops the statement reading the file, and the import reports the cancel', async () => {
    const bytes = bigFile();
    // Uncancelled, the file imports: the fixture is one the SQL path takes.
    const whole = await engine.bulk((d) => importOrdersSql(d, { name: 'big.csv', bytes }));
    expect(whole && 'table' in whole ? whole.report.rowsLoaded : null).toBe(200_000);
    expect(reads).toEqual(['done']);
    await engine.bulk((d) => dropSqlImport(d, whole as NonNullable<typeof whole> & { table: string }));
    reads.length = 0;

    const controller = new AbortController();
    // As the import service's cancelImport: abort, then cancel the engine call — as soon as the worker
    // can take a message after the read started.
    onRead = () =>
      void setTimeout(() => {
        controller.abort();
        void engine.cancel('import-1');
      }, 0);
    const run = engine.bulk((d) => importOrdersSql(d, { name: 'big.csv', bytes }, { signal: controller.signal }), { requestId: 'import-1' });
    await expect(run).rejects.toThrow(/cancel|abort|interrupt/i);
    expect(reads).toEqual(['failed']); // stopped mid-read, not read to its end
    onRead = () => {};
    // The connection goes on, and nothing of the cancelled import is left behind.
    const left = ipcToRows(await engine.query({ text: `SELECT count(*)::DOUBLE AS n FROM duckdb_tables() WHERE table_name = '${SQL_ORDERS_TABLE}'`, params: [] }));
    expect(left[0].n).toBe(0);
  });
});
