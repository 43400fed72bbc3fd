// The SQL import's table is the staged table (issue 14): the import service loads it by renaming
// (engine.loadTables), never through a CSV copied out and read back; the background save exports
// the same canonical CSV the JS path would have saved; a failed load leaves the previous dataset
// and no scratch table; a save overtaken by a later import does not save stale data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetApi } from '../../../src/lib/engine/api.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createDatasetService } from '../../../workers/dataset/service.ts';
import { allTables } from '../../../workers/dataset/tables.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { importFile } from '../../../workers/import/index.ts';
import { importOrdersSql, type SqlSource } from '../../../workers/import/sql-orders.ts';
import type { SqlDriver } from '../../../workers/drivers/driver.ts';
import { writeParquet, writeXlsx } from '../../../bench/synthetic-formats.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryStore, type BlobStore } from '../../../workers/persistence/blob-store.ts';
import { loadSavedDataset } from '../../../workers/persistence/dataset-store.ts';
import { HEADER, mixedFile } from './mixed-orders.ts';

let engine: Engine;
let close: () => void;
/** Calls of loadTables with a scratch orders table (the staged path) and of loadDataset (the CSV path). */
const calls = { staged: 0, csv: 0 };
/** The engine as the service sees it, counting which load it used. */
let counted: Engine;

beforeAll(async () => {
  const driver = await openNativeDriver();
  close = driver.close;
  engine = await createEngine(driver);
  counted = {
    ...engine,
    loadTables: (tables, label, options) => {
      if (typeof tables.orders !== 'string') calls.staged++;
      return engine.loadTables(tables, label, options);
    },
    loadDataset: (tables, label, options) => {
      calls.csv++;
      return engine.loadDataset(tables, label, options);
    },
  };
});
afterAll(() => close?.());

const bytes = (s: string) => new TextEncoder().encode(s);
const fileOf = (name: string, body: string) => new File([bytes(body)], name);
const ordered = 'SELECT * FROM orders ORDER BY order_id';

/** The orders table the JS path loads for the same text (the independent implementation). */
async function jsTable(name: string, body: string) {
  const js = await importFile({ name, bytes: bytes(body) });
  await engine.loadDataset(allTables({ orders: js.csv }), 'js');
  return engine.rows({ text: ordered, params: [] });
}

const scratchTables = async () =>
  (await engine.rows({ text: "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '\\_%' ESCAPE '\\' ORDER BY 1", params: [] })).map((r) => r.table_name);

describe('SQL import staged directly', () => {
  it('loads the projected table itself, and the background save holds the canonical CSV of the same rows', async () => {
    const expected = await jsTable('mixed.csv', mixedFile());
    const store = memoryStore();
    const service: DatasetApi = createDatasetService(counted, async () => store);
    const before = { ...calls };
    const out = await service.importFiles([{ file: fileOf('mixed.csv', mixedFile()) }], { requestId: 'staged-1', saveInBackground: true });
    if (out.status !== 'done') throw new Error(JSON.stringify(out));
    expect(calls.staged - before.staged).toBe(1);
    expect(calls.csv - before.csv).toBe(0);
    expect(out.reports[0]).toMatchObject({ rowsRead: 399, rowsRejected: 8, rowsLoaded: 391 });
    expect(await engine.rows({ text: ordered, params: [] })).toEqual(expected);
    expect(await scratchTables()).toEqual([]);

    const saved = await service.awaitSave('staged-1');
    expect(saved?.saveError).toBeUndefined();
    expect(saved?.saved?.files).toEqual(['mixed.csv']);
    // The saved copy, restored as a reload would, is the same table.
    const copy = await loadSavedDataset(store);
    await engine.loadDataset(allTables(copy!.tables), 'restored');
    expect(await engine.rows({ text: ordered, params: [] })).toEqual(expected);
  });

  it('a load that fails after the import leaves the previous dataset and drops the scratch table', async () => {
    await engine.loadDemo();
    const demo = await engine.rows({ text: 'SELECT count(*)::INTEGER AS n, round(sum(amount), 2) AS s FROM orders', params: [] });
    const result = await engine.bulk((d) => importOrdersSql(d, { name: 'mixed.csv', bytes: bytes(mixedFile()) }));
    // members.csv that cannot be read: staging fails after the orders were renamed into staging.
    const broken = { ...allTables({}), members: 'member_id,join_date\nM1,not a date\n' };
    await expect(engine.loadTables({ ...broken, orders: { scratch: result!.table } }, 'user')).rejects.toThrow(/members/);
    expect(await engine.rows({ text: 'SELECT count(*)::INTEGER AS n, round(sum(amount), 2) AS s FROM orders', params: [] })).toEqual(demo);
    expect(await scratchTables()).toEqual([]);
  });

  it('two quick SQL imports: a save overtaken by the second import saves nothing, never the second one’s rows under the first one’s name', async () => {
    const store = memoryStore();
    const pointers: string[][] = [];
    const watched: BlobStore = {
      ...store,
      put: async (k, b) => {
        if (k === 'current.json') pointers.push(JSON.parse(new TextDecoder().decode(b)).files);
        return store.put(k, b);
      },
    };
    // The device store opens only after the second import is live: the first save exports after that swap.
    let open: () => void = () => undefined;
    const opened = new Promise<void>((r) => (open = r));
    const service = createDatasetService(counted, async () => (await opened, watched));
    const second = `${HEADER}\nZ1,2024-03-05 10:00:00,M1,旗舰店,线上,10,1,\nZ2,2024-03-06 10:00:00,M2,旗舰店,线下,20,2,\n`;
    await service.importFiles([{ file: fileOf('first.csv', mixedFile()) }], { requestId: 'race-1', saveInBackground: true });
    await service.importFiles([{ file: fileOf('second.csv', second) }], { requestId: 'race-2', saveInBackground: true });
    open();
    const saved = await service.awaitSave('race-2');
    expect(saved?.saved?.files).toEqual(['second.csv']);
    expect(pointers).toEqual([['second.csv']]); // the first save wrote nothing
    const copy = await loadSavedDataset(store);
    expect(
      copy!.tables
        .orders!.trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['Z1', 'Z2']);
  });

  it('the file is released once the scratch table holds its rows: the registered file dropped, then the caller drops its bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-'));
    try {
      const { syntheticOrdersText } = await import('../../../bench/synthetic-orders.ts');
      const csvPath = join(dir, 'orders-2k.csv');
      writeFileSync(csvPath, syntheticOrdersText(2000));
      const files: [string, Uint8Array][] = [
        ['mixed.csv', bytes(mixedFile())],
        ['orders-2k.xlsx', new Uint8Array(readFileSync(await writeXlsx(csvPath)))],
        ['orders-2k.parquet', new Uint8Array(readFileSync(await writeParquet(csvPath)))],
      ];
      for (const [name, body] of files) {
        /** What happened, in order: files registered and dropped, the release, and the scratch table's rows at the release. */
        const events: string[] = [];
        const source: SqlSource = {
          name,
          bytes: body,
          release: () => void events.push('release'),
        };
        const result = await engine.bulk((d) => {
          const watched: SqlDriver = {
            ...d,
            registerBytes: (n, b) => (events.push(`register ${n}`), d.registerBytes(n, b)),
            dropText: (n) => (events.push(`drop ${n}`), d.dropText(n)),
          };
          return importOrdersSql(watched, source);
        });
        expect(result, name).not.toBeNull();
        const registered = events.filter((e) => e.startsWith('register')).map((e) => e.slice('register '.length));
        expect(registered, name).toHaveLength(1);
        // The registered file is dropped before the release, and the release comes once, before the import returns.
        expect(
          events.filter((e) => e === 'release'),
          name,
        ).toHaveLength(1);
        expect(events.indexOf(`drop ${registered[0]}`), name).toBeLessThan(events.indexOf('release'));
        expect(result!.report.rowsRead, name).toBe(result!.report.rowsLoaded + result!.report.rowsRejected);
        await engine.bulk((d) => d.exec(`DROP TABLE ${result!.table}`));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file the SQL path gives back after the release (repeated order ids) is read again and imported by the JS path', async () => {
    const repeated = `${HEADER}\nA1,2024-03-05 10:00:00,M1,旗舰店,线上,10,1,\nA2,2024-03-05 11:00:00,M2,旗舰店,线上,12,1,\nA1,2024-03-06 10:00:00,M1,旗舰店,线上,10,1,\n`;
    let released = 0;
    // The SQL import of this file builds its scratch table (and releases the file) before it finds the repeat.
    const probe: SqlSource = { name: 'repeated.csv', bytes: bytes(repeated), release: () => void released++ };
    expect(await engine.bulk((d) => importOrdersSql(d, probe))).toBeNull();
    expect(released).toBe(1);
    const service: DatasetApi = createDatasetService(counted, async () => memoryStore());
    const out = await service.importFiles([{ file: fileOf('repeated.csv', repeated) }], { requestId: 'release-1' });
    if (out.status !== 'done') throw new Error(JSON.stringify(out));
    const js = await importFile({ name: 'repeated.csv', bytes: bytes(repeated) });
    expect(out.reports[0]).toEqual(js.report);
    expect(out.reports[0]).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
  });
});
