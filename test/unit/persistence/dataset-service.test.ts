// The worker's import service on native DuckDB with an in-memory device store: staged import,
// replace vs append, failure and cancel leave the data and the saved copy intact, restore, clear.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetApi, ImportItem, ImportProgressEvent } from '../../../src/lib/engine/api.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { CanonicalCsvWriter } from '../../../workers/canonical-csv.ts';
import { createDatasetService } from '../../../workers/dataset/service.ts';
import { allTables } from '../../../workers/dataset/tables.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { memoryStore } from '../../../workers/persistence/blob-store.ts';
import { readSavedMeta } from '../../../workers/persistence/dataset-store.ts';

const FIX = 'test/fixtures/import';
const file = (name: string) => new File([readFileSync(`${FIX}/${name}`)], name);
const orders = (name: string, sheet?: string): ImportItem => ({ file: file(name), kind: 'orders', sheet });

let engine: Engine;
let close: () => void;
const store = memoryStore();
let service: DatasetApi;

beforeAll(async () => {
  const driver = await openNativeDriver();
  close = driver.close;
  engine = await createEngine(driver);
  service = createDatasetService(engine, async () => store);
  await engine.loadDemo();
});
afterAll(() => close?.());

async function previewed(name: string, sheet?: string): Promise<ImportItem> {
  const p = await service.previewFile(file(name), sheet);
  if (!p.ok) throw new Error(p.message);
  return { file: file(name), kind: p.preview.kind!, mapping: p.preview.mapping, sheet: p.preview.sheet };
}

describe('import service', () => {
  it('previews a GBK CSV with candidates for every kind', async () => {
    const p = await service.previewFile(file('orders-basic.gbk.csv'));
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.preview).toMatchObject({ encoding: 'gb18030', kind: 'orders', headers: expect.arrayContaining(['订单号']) });
    expect(p.preview.candidates.orders.fields.find((f) => f.field === 'amount')).toEqual({ field: 'amount', required: true, label: '实付金额' });
    expect(Object.keys(p.preview.candidates)).toContain('line_items');
  });

  it('a bad file previews as an error naming the file', async () => {
    const p = await service.previewFile(file('junk.csv'));
    expect(p).toMatchObject({ ok: false, file: 'junk.csv', code: 'binary' });
  });

  it('replaces the whole dataset with the imported files (two order files appended), saved on the device', async () => {
    const events: ImportProgressEvent[] = [];
    const out = await service.importFiles([await previewed('orders-basic.gbk.csv'), await previewed('orders.xlsx')], {}, (p) => events.push(p));
    expect(out.status).toBe('done');
    if (out.status !== 'done') return;
    expect(out.reports.map((r) => [r.file, r.rowsRead, r.rowsLoaded, r.rowsRejected])).toEqual([
      ['orders-basic.gbk.csv', 6, 5, 1],
      ['orders.xlsx', 3, 3, 0],
    ]);
    // 5 + 3 orders; every demo table is gone (replace, not merge)
    expect(out.dataset.tables).toEqual({ orders: 8, members: 0, surveys: 0, points: 0, tier_changes: 0, footfall: 0, benefits: 0, campaigns: 0, communities: 0 });
    expect(out.dataset.label).toBe('user');
    expect(out.dataset.stores).toEqual(expect.arrayContaining(['旗舰店', '社区店']));
    expect(out.saved).toMatchObject({ storage: 'memory', files: ['orders-basic.gbk.csv', 'orders.xlsx'] });
    expect(events.map((e) => e.phase)).toEqual(expect.arrayContaining(['parsing', 'loading', 'saving']));
  });

  it('a failing import (one bad file among good ones) changes neither the tables nor the saved copy', async () => {
    const before = await readSavedMeta(store);
    const out = await service.importFiles([orders('orders-tab.tsv'), orders('no-columns.csv')]);
    expect(out).toMatchObject({ status: 'failed', errors: [{ file: 'no-columns.csv', code: 'bad_mapping' }] });
    expect((await engine.dataset()).tables.orders).toBe(8);
    expect(await readSavedMeta(store)).toEqual(before);
  });

  it('a file changed on disk after it was chosen fails with code "changed" and a message to choose it again; nothing changes', async () => {
    // What Chromium does with a File whose file was saved again after the choice (checked in a real Chromium).
    const stale = file('orders-tab.tsv');
    stale.arrayBuffer = () => Promise.reject(new DOMException('The requested file could not be read', 'NotReadableError'));
    const before = await readSavedMeta(store);
    const out = await service.importFiles([{ file: stale, kind: 'orders' }]);
    expect(out).toMatchObject({ status: 'failed', errors: [{ file: 'orders-tab.tsv', code: 'changed' }] });
    if (out.status === 'failed') expect(out.errors[0].message).toMatch(/重新选择.*choose it again/);
    expect((await engine.dataset()).tables.orders).toBe(8);
    expect(await readSavedMeta(store)).toEqual(before);
    expect(await service.previewFile(stale)).toMatchObject({ ok: false, code: 'changed' });
  });

  it('a changed file is named by its position, so a same-name file chosen beside it is not blamed', async () => {
    const stale = file('orders-tab.tsv');
    stale.arrayBuffer = () => Promise.reject(new DOMException('The requested file could not be read', 'NotReadableError'));
    const out = await service.importFiles([orders('orders-tab.tsv'), { file: stale, kind: 'orders' }]);
    expect(out).toMatchObject({ status: 'failed', errors: [{ file: 'orders-tab.tsv', code: 'changed', fileIndex: 1 }] });
    if (out.status === 'failed') expect(out.errors).toHaveLength(1);
  });

  it('engine.loadDataset swaps all tables or none: a table that fails to load leaves every live table as it was', async () => {
    const before = (await engine.dataset()).tables;
    const orders = new CanonicalCsvWriter('orders');
    orders.push(['Z1', '2024-01-01 00:00:00', null, null, null, 1, null, null, null, false]);
    const members = new CanonicalCsvWriter('members');
    members.push(['M1', 'not-a-date', null, null, null, null, null, null, null]);
    // members come after orders in TABLE_NAMES: orders is already staged when members fails
    await expect(engine.loadDataset(allTables({ orders: orders.toString(), members: members.toString() }), 'user')).rejects.toMatchObject({ code: 'load_failed' });
    expect((await engine.dataset()).tables).toEqual(before);
    const tables = await engine.rows({ text: "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name LIKE '_staging_%'", params: [] });
    expect(tables[0].n).toBe(0); // no staging table left behind
  });

  it('a cancelled import changes nothing', async () => {
    const before = await readSavedMeta(store);
    const running = service.importFiles([orders('orders-tab.tsv')], { requestId: 'imp-1' });
    expect(await service.cancelImport('imp-1')).toBe(true);
    expect(await running).toEqual({ status: 'cancelled' });
    expect((await engine.dataset()).tables.orders).toBe(8);
    expect(await readSavedMeta(store)).toEqual(before);
    expect(await service.cancelImport('imp-1')).toBe(false); // finished: nothing to cancel
  });

  it('"add to current data" appends to the saved dataset', async () => {
    const out = await service.importFiles([await previewed('orders.xlsx', '会员'), orders('orders-tab.tsv')], { append: true });
    expect(out.status).toBe('done');
    if (out.status !== 'done') return;
    expect(out.dataset.tables).toMatchObject({ orders: 11, members: 2 }); // 8 + D1..D3; M001, M002
    expect(out.saved?.files).toEqual(['orders-basic.gbk.csv', 'orders.xlsx', 'orders.xlsx', 'orders-tab.tsv']);
  });

  it('restores the saved dataset into a fresh engine (a reload), then clear returns to the demo', async () => {
    const driver = await openNativeDriver();
    try {
      const fresh = createDatasetService(await createEngine(driver), async () => store);
      const info = await fresh.restore();
      expect(info).toMatchObject({ label: 'user', tables: { orders: 11, members: 2, surveys: 0 } });
      const demo = await fresh.clearData();
      expect(demo.label).toBe('demo');
      expect(demo.tables.orders).toBeGreaterThan(1000);
      expect(store.data.size).toBe(0);
      expect(await fresh.savedDataset()).toBeNull();
      expect((await fresh.restore()).label).toBe('demo'); // nothing saved: the demo
      // A pointer whose blobs are gone (storage evicted): the demo, and the restore says why.
      const broken = memoryStore();
      await broken.put('current.json', new TextEncoder().encode(JSON.stringify({ id: 'x', savedAt: '', tables: ['orders'], files: [] })));
      const warn = console.warn;
      console.warn = () => undefined;
      try {
        const opened = await createDatasetService(await createEngine(driver), async () => broken).restore();
        expect(opened.label).toBe('demo');
        expect(opened.restoreError).toMatch(/orders is missing/);
        expect(opened.restoreError).toMatch(/表 orders 缺失/);
      } finally {
        console.warn = warn;
      }
    } finally {
      driver.close();
    }
  });
  it('another tab hears that the saved dataset changed (BroadcastChannel); the saving tab does not hear itself', async () => {
    const driver = await openNativeDriver();
    try {
      const other = createDatasetService(await createEngine(driver), async () => store);
      const heardByOther: unknown[] = [];
      const heardBySaver: unknown[] = [];
      other.watchSaves((info) => heardByOther.push(info));
      service.watchSaves((info) => heardBySaver.push(info));
      const out = await service.importFiles([await previewed('orders-basic.csv')]);
      if (out.status !== 'done') throw new Error(out.status);
      await expect.poll(() => heardByOther.length).toBe(1);
      expect(heardByOther[0]).toMatchObject({ id: out.saved!.id, files: ['orders-basic.csv'] });
      await other.clearData();
      await expect.poll(() => heardBySaver).toEqual([null]); // cleared elsewhere
    } finally {
      driver.close();
    }
  });
  it('an engine that fails to load the imported tables gives a failed outcome saying so, and nothing is saved', async () => {
    const own = memoryStore();
    const boom = async () => Promise.reject(new Error('Conversion Error: boom'));
    const failing = { ...engine, loadDataset: boom, loadTables: boom, dataset: engine.dataset };
    const svc = createDatasetService(failing, async () => own);
    const out = await svc.importFiles([await previewed('orders-basic.csv')]);
    expect(out).toMatchObject({ status: 'failed', errors: [{ code: 'load_failed' }] });
    if (out.status === 'failed') expect(out.errors[0].message).toMatch(/loading failed; the data is unchanged: Conversion Error: boom/);
    expect(own.data.size).toBe(0);
  });

  it('an order id already imported from another file of the same import is rejected and reported, not merged', async () => {
    // orders-basic.csv is the UTF-8 twin of the GBK file: the same 5 good orders A001..A005 (+1 bad date)
    const out = await service.importFiles([await previewed('orders-basic.gbk.csv'), await previewed('orders-basic.csv')]);
    expect(out.status).toBe('done');
    if (out.status !== 'done') return;
    const [first, twin] = out.reports;
    expect([first.rowsRead, first.rowsLoaded, first.rowsRejected]).toEqual([6, 5, 1]);
    expect([twin.rowsRead, twin.rowsLoaded, twin.rowsRejected]).toEqual([6, 0, 6]); // 5 repeats + the bad date
    expect(twin.duplicateOrderIds.sort()).toEqual(['A001', 'A002', 'A003', 'A004', 'A005']);
    const repeat = twin.rejected.find((r) => r.value === 'A001')!;
    expect(repeat).toMatchObject({ file: 'orders-basic.csv', row: 2, column: '订单号' });
    expect(repeat.reason).toContain('already in orders-basic.gbk.csv, row 2');
    expect(out.dataset.tables.orders).toBe(5);
  });
});
