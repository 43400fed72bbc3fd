// The background save streams (issue 14): a live table is exported range by range into one gzip
// stream, never built as one CSV string (10M orders are ~650 MB of CSV, over V8's string limit);
// a restore decompresses into Blobs DuckDB reads, never into a string. What is saved restores to the
// same tables byte for byte in canonical form; a swap midway through the export saves nothing; a
// copy saved the old way (each table gzipped whole as one text) still restores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetApi } from '../../../src/lib/engine/api.ts';
import { TABLE_NAMES, type TableName } from '../../../src/lib/schema.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { createDatasetService } from '../../../workers/dataset/service.ts';
import { allTables } from '../../../workers/dataset/tables.ts';
import { generateDemo } from '../../../workers/demo/generate.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { memoryStore } from '../../../workers/persistence/blob-store.ts';
import { readSavedMeta } from '../../../workers/persistence/dataset-store.ts';
import { gunzipText, gzipPieces, gzipText } from '../../../workers/persistence/gzip.ts';
import { mixedFile } from '../import/mixed-orders.ts';

let driver: NativeDriver;
let engine: Engine;
/** The demo's tables as canonical CSV: a dataset of some thousands of orders. */
let demo: ReturnType<typeof generateDemo>['tables'];

beforeAll(async () => {
  driver = await openNativeDriver();
  engine = await createEngine(driver);
  demo = generateDemo().tables;
});
afterAll(() => driver?.close());

const decode = (pieces: Uint8Array[]) => new TextDecoder().decode(Buffer.concat(pieces));
const lines = (piece: Uint8Array) => new TextDecoder().decode(piece).trimEnd().split('\n').length;
/** A table in canonical form, in a fixed row order: the text two equal tables share byte for byte. */
const canonical = async (d: NativeDriver, table: TableName) => new TextDecoder().decode(await d.copyToCsv(`SELECT * FROM ${table} ORDER BY ALL`));

/** The engine as the service sees it, exporting in pieces of `chunkRows` rows and keeping every piece written. */
function smallPieces(chunkRows: number) {
  const pieces: Uint8Array[] = [];
  const wrapped: Engine = {
    ...engine,
    exportTableCsv: (table, swap, write) => engine.exportTableCsv(table, swap, (p) => (pieces.push(p), write(p)), chunkRows),
  };
  return { wrapped, pieces };
}

describe('streamed export of a live table', () => {
  it('hands the table over in pieces of at most chunkRows rows that together are the one-COPY CSV', async () => {
    const { swap } = await engine.loadTables(demo, 'demo-csv');
    const pieces: Uint8Array[] = [];
    expect(await engine.exportTableCsv('orders', swap, async (p) => void pieces.push(p), 1000)).toBe(true);
    const whole = new TextDecoder().decode(await driver.copyToCsv('SELECT * FROM orders'));
    const rows = whole.trimEnd().split('\n').length - 1;
    expect(pieces).toHaveLength(Math.ceil(rows / 1000));
    expect(lines(pieces[0])).toBe(1 + 1000); // the header only in the first piece
    for (const p of pieces.slice(1, -1)) expect(lines(p)).toBe(1000);
    expect(decode(pieces)).toBe(whole);
  });

  it('by default in pieces of at most 25k rows: a call queued behind the save waits for one short piece', async () => {
    // The demo's 252k orders. Each piece is one engine call; a click or the KPI strip right after an import
    // queues behind the piece running (500k-row pieces: 2.6–3.4 s each in DuckDB-WASM; 100k: 0.24–0.55 s, and
    // the whole export no slower — bench/results.md, session 13 lead; session 17: 25k, the first panels' visits
    // after an import meet the save's pieces — bench/results.md, tabsched).
    const { swap } = await engine.loadTables(demo, 'demo-csv');
    const pieces: Uint8Array[] = [];
    expect(await engine.exportTableCsv('orders', swap, async (p) => void pieces.push(p))).toBe(true);
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map(lines))).toBeLessThanOrEqual(1 + 25_000);
  });

  it('ranges by rowid: every row exactly once and in table order, also when deleted rows left gaps in the rowids', async () => {
    const { swap } = await engine.loadTables(demo, 'demo-csv');
    // Gaps: every 7th row, and a whole range (1000 rowids) of the facts and of members deleted.
    await driver.exec('DELETE FROM order_facts WHERE rowid % 7 = 3 OR rowid BETWEEN 2000 AND 2999; DELETE FROM members WHERE rowid % 5 = 1 OR rowid BETWEEN 1000 AND 1999');
    for (const table of ['orders', 'members'] as const) {
      const pieces: Uint8Array[] = [];
      expect(await engine.exportTableCsv(table, swap, async (p) => void pieces.push(p), 1000)).toBe(true);
      const exported = decode(pieces).trimEnd().split('\n');
      // The independent answer: the table's rows in rowid order, one COPY (the view's columns for orders).
      const from = table === 'orders' ? 'order_facts' : table;
      const rows = (await engine.rows({ text: `SELECT count(*)::DOUBLE AS n FROM ${from}`, params: [] }))[0];
      const columns = table === 'orders' ? '* EXCLUDE (order_date, tier)' : '*';
      const whole = new TextDecoder().decode(await driver.copyToCsv(`SELECT ${columns} FROM ${from} ORDER BY rowid`));
      expect(exported.length - 1, table).toBe(rows.n);
      expect(new Set(exported).size, `${table}: no row twice`).toBe(exported.length); // order ids / member ids are unique
      expect(`${exported.join('\n')}\n`, table).toBe(whole);
      expect(exported[0]).toBe(whole.slice(0, whole.indexOf('\n'))); // the header once, first
    }
  });

  it('an empty table exports its header line only', async () => {
    const { swap } = await engine.loadTables(allTables({}), 'empty');
    const pieces: Uint8Array[] = [];
    expect(await engine.exportTableCsv('surveys', swap, async (p) => void pieces.push(p), 10)).toBe(true);
    expect(decode(pieces)).toBe('member_id,survey_time,score,scale,comment,store\n');
  });

  it('stops at the next piece once a swap replaced the data midway (a save that lost the race)', async () => {
    const { swap } = await engine.loadTables(demo, 'demo-csv');
    let pieces = 0;
    const finished = await engine.exportTableCsv(
      'orders',
      swap,
      async () => {
        if (++pieces === 1) await engine.loadDemo(); // a newer swap between two pieces
      },
      1000,
    );
    expect([finished, pieces]).toEqual([false, 1]);
    expect(await engine.exportTableCsv('orders', swap, async () => undefined)).toBe(false); // and before the first piece
  });
});

describe('gzipPieces', () => {
  it('one gzip stream of every piece in order; nothing when the producer says the result is not wanted', async () => {
    const text = ['订单号,金额\n', 'A1,1.5\n', 'A2,"2,5"\n'];
    const gz = await gzipPieces(async (write) => {
      for (const t of text) await write(new TextEncoder().encode(t));
      return true;
    });
    expect(await gunzipText(gz!)).toBe(text.join(''));
    expect(await gzipPieces(async (write) => (await write(new TextEncoder().encode('x')), false))).toBeNull();
  });
});

describe('background save and restore through the service', () => {
  it('an SQL import saves orders in several pieces, and the restored tables equal the saved ones byte for byte', async () => {
    const store = memoryStore();
    const { wrapped, pieces } = smallPieces(100);
    const service: DatasetApi = createDatasetService(wrapped, async () => store);
    const out = await service.importFiles([{ file: new File([mixedFile()], 'mixed.csv') }], { requestId: 'stream-1', saveInBackground: true });
    if (out.status !== 'done') throw new Error(JSON.stringify(out));
    expect((await service.awaitSave('stream-1'))?.saveError).toBeUndefined();
    expect(out.reports[0].rowsLoaded).toBe(391);
    expect(pieces).toHaveLength(8); // 391 rows in pieces of 100: the orders, then their tiers (order_tiers)
    const before: Partial<Record<TableName, string>> = {};
    for (const t of TABLE_NAMES) before[t] = await canonical(driver, t); // one COPY at a time: the driver has one scratch file

    // A reload: a fresh engine restores from the same store.
    const other = await openNativeDriver();
    try {
      const restored = await createDatasetService(await createEngine(other), async () => store).restore();
      expect(restored).toMatchObject({ label: 'user', tables: { orders: 391 } });
      for (const t of TABLE_NAMES) expect(await canonical(other, t), t).toBe(before[t]);
    } finally {
      other.close();
    }
  });

  it('a save whose export loses the race midway writes nothing and says so', async () => {
    const store = memoryStore();
    let pieces = 0;
    const racing: Engine = {
      ...engine,
      exportTableCsv: (table, swap, write) => engine.exportTableCsv(table, swap, async (p) => (++pieces === 1 && (await engine.loadDemo()), write(p)), 100),
    };
    const service = createDatasetService(racing, async () => store);
    const out = await service.importFiles([{ file: new File([mixedFile()], 'mixed.csv') }], { requestId: 'race-mid', saveInBackground: true });
    expect(out.status).toBe('done');
    expect(await service.awaitSave('race-mid')).toEqual({ saved: null });
    expect(pieces).toBe(1);
    expect(await readSavedMeta(store)).toBeNull();
    expect(store.data.size).toBe(0);
  });
});

describe('a copy saved by the previous version', () => {
  it('(each table gzipped whole as text, members without the name column) restores', async () => {
    // Written as the previous saveDataset wrote it: gzipText of each table's whole canonical CSV, then the pointer.
    const store = memoryStore();
    const orders =
      'order_id,order_time,member_id,store,channel,amount,item_count,discount,points_used,is_refund\n' +
      'O1,2024-03-05 10:00:00,M1,旗舰店,online,12.5,2,,,false\nO2,2024-03-06 11:30:00,M1,"店, 二",offline,-3,1,0.5,,true\n';
    const members = 'member_id,join_date,tier,birthday,gender,birth_year,phone,home_store,signup_channel\nM1,2024-01-02,金卡,,女,1990,13800000001,旗舰店,门店\n';
    const old = { orders: await gzipText(orders), members: await gzipText(members) };
    for (const [t, gz] of Object.entries(old)) await store.put(`dataset-old1.${t}.csv.gz`, gz);
    const meta = {
      id: 'old1',
      savedAt: '2026-12-01T00:00:00.000Z',
      tables: ['orders', 'members'],
      files: ['old.csv'],
      sizes: { orders: old.orders.length, members: old.members.length },
    };
    await store.put('current.json', new TextEncoder().encode(JSON.stringify(meta)));

    const other = await openNativeDriver();
    try {
      const e = await createEngine(other);
      const restored = await createDatasetService(e, async () => store).restore();
      expect(restored).toMatchObject({ label: 'user', tables: { orders: 2, members: 1, surveys: 0 } });
      expect(restored).not.toHaveProperty('restoreError');
      // Read back field by field: the values written above.
      expect(await e.rows({ text: 'SELECT order_id, store, amount, item_count, discount, is_refund FROM orders ORDER BY order_id', params: [] })).toEqual([
        { order_id: 'O1', store: '旗舰店', amount: 12.5, item_count: 2, discount: null, is_refund: false },
        { order_id: 'O2', store: '店, 二', amount: -3, item_count: 1, discount: 0.5, is_refund: true },
      ]);
      expect(await e.rows({ text: 'SELECT member_id, tier, name FROM members', params: [] })).toEqual([{ member_id: 'M1', tier: '金卡', name: null }]);
    } finally {
      other.close();
    }
  });
});
