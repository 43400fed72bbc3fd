// In the browser's layout (tables in a compressed in-memory database) the SQL import builds its
// scratch table in the default, uncompressed database beside it (issue 14: building it inside the
// compressed one compressed a table dropped minutes later, 2M import 82 s → 45 s in the tab), and
// loading it still puts the orders in the compressed database, leaving nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { allTables } from '../../../workers/dataset/tables.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { importFile } from '../../../workers/import/index.ts';
import { importOrdersSql } from '../../../workers/import/sql-orders.ts';
import { mixedFile } from '../import/mixed-orders.ts';

let driver: NativeDriver;
let engine: Engine;
beforeAll(async () => {
  driver = await openNativeDriver(':memory:', { compressed: true });
  engine = await createEngine(driver);
});
afterAll(() => driver?.close());

const tables = async () =>
  (await engine.rows({ text: "SELECT database_name || '.' || table_name AS t FROM duckdb_tables() WHERE NOT internal ORDER BY 1", params: [] })).map((r) => r.t as string);
const ordered = { text: 'SELECT * FROM orders ORDER BY order_id', params: [] };

describe('the import scratch table beside the compressed database', () => {
  it('is built in memory.main, and loading it leaves the orders in compass only, equal to the JS path', async () => {
    const bytes = new TextEncoder().encode(mixedFile());
    await engine.loadDataset(allTables({ orders: (await importFile({ name: 'mixed.csv', bytes })).csv }), 'js');
    const expected = await engine.rows(ordered);

    const result = await engine.bulk((d) => importOrdersSql(d, { name: 'mixed.csv', bytes }));
    expect(result!.table).toBe('memory.main._import_orders');
    expect(await tables()).toContain('memory._import_orders');
    await engine.loadTables({ ...allTables({}), orders: { scratch: result!.table } }, 'user');
    expect(await engine.rows(ordered)).toEqual(expected);
    expect((await tables()).filter((t) => !t.startsWith('compass.'))).toEqual([]); // no scratch or staging left in memory
    expect(await tables()).toContain('compass.order_facts');
  });

  it('a load that fails drops the scratch table from memory.main too', async () => {
    const result = await engine.bulk((d) => importOrdersSql(d, { name: 'mixed.csv', bytes: new TextEncoder().encode(mixedFile()) }));
    const broken = { ...allTables({}), members: 'member_id,join_date\nM1,not a date\n' };
    await expect(engine.loadTables({ ...broken, orders: { scratch: result!.table } }, 'user')).rejects.toThrow(/members/);
    expect((await tables()).filter((t) => !t.startsWith('compass.'))).toEqual([]);
  });
});
