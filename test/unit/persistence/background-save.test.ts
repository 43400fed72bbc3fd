// Save off the import's critical path (issue 14): with saveInBackground the outcome comes back
// while the device store is still blocked, the new data is already live, and the save lands after
// (awaitSave gives its result). Two quick imports save in import order; an append and a clear
// wait for the save still running.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetApi } from '../../../src/lib/engine/api.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createDatasetService } from '../../../workers/dataset/service.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { memoryStore, type BlobStore } from '../../../workers/persistence/blob-store.ts';
import { loadSavedDataset, readSavedMeta } from '../../../workers/persistence/dataset-store.ts';

const FIX = 'test/fixtures/import';
const file = (name: string) => new File([readFileSync(`${FIX}/${name}`)], name);

/** A memory store whose writes wait until `open()`: a slow disk, held shut. */
function gatedStore() {
  const inner = memoryStore();
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  const store: BlobStore = {
    kind: inner.kind,
    get: (k) => inner.get(k),
    delete: (k) => inner.delete(k),
    keys: () => inner.keys(),
    async put(k, b) {
      await gate;
      return inner.put(k, b);
    },
  };
  return {
    store,
    inner,
    close() {
      gate = new Promise<void>((r) => (release = r));
    },
    open: () => release(),
  };
}

let engine: Engine;
let close: () => void;

beforeAll(async () => {
  const driver = await openNativeDriver();
  close = driver.close;
  engine = await createEngine(driver);
});
afterAll(() => close?.());

describe('background save', () => {
  it('returns the report before the save completes, and the save still lands', async () => {
    const g = gatedStore();
    const service: DatasetApi = createDatasetService(engine, async () => g.store);
    g.close();
    const out = await service.importFiles([{ file: file('orders-basic.csv') }], { requestId: 'bg-1', saveInBackground: true });
    expect(out).toMatchObject({ status: 'done', saving: true, saved: null });
    if (out.status !== 'done') return;
    expect(out.reports[0]).toMatchObject({ rowsRead: 6, rowsLoaded: 5, rowsRejected: 1 });
    expect((await engine.dataset()).tables.orders).toBe(5); // live already
    expect(await readSavedMeta(g.inner)).toBeNull(); // not saved yet: the store is shut
    g.open();
    const result = await service.awaitSave('bg-1');
    expect(result?.saveError).toBeUndefined();
    expect(result?.saved).toMatchObject({ storage: 'memory', files: ['orders-basic.csv'] });
    expect((await readSavedMeta(g.inner))?.id).toBe(result?.saved?.id);
    const saved = await loadSavedDataset(g.inner);
    expect(saved!.tables.orders!.trim().split('\n')).toHaveLength(1 + 5);
    expect(await service.awaitSave('bg-1')).toBeNull(); // asked once
  });

  it('a save that fails in the background says so through awaitSave; the data stays live', async () => {
    const s = memoryStore();
    const service = createDatasetService(engine, async () => s);
    s.failOnPut(1);
    const out = await service.importFiles([{ file: file('orders-tab.tsv'), kind: 'orders' }], { requestId: 'bg-fail', saveInBackground: true });
    expect(out).toMatchObject({ status: 'done', saving: true });
    const result = await service.awaitSave('bg-fail');
    expect(result).toMatchObject({ saved: null, saveError: expect.stringMatching(/simulated interruption/) });
    expect(await readSavedMeta(s)).toBeNull();
  });

  it('two quick imports save in import order; an append reads the copy the previous save wrote; a clear waits', async () => {
    const g = gatedStore();
    const service = createDatasetService(engine, async () => g.store);
    g.close();
    await service.importFiles([{ file: file('orders-basic.csv') }], { requestId: 'q-1', saveInBackground: true });
    await service.importFiles([{ file: file('orders-tab.tsv'), kind: 'orders' }], { requestId: 'q-2', saveInBackground: true });
    const appending = service.importFiles([{ file: file('orders.xlsx'), kind: 'orders' }], { requestId: 'q-3', append: true, saveInBackground: true });
    g.open();
    const appended = await appending;
    if (appended.status !== 'done') throw new Error(appended.status);
    // orders-tab.tsv (3 orders) + orders.xlsx (3): the append started from the second import's saved copy
    expect(appended.dataset.tables.orders).toBe(6);
    const result = await service.awaitSave('q-3');
    expect(result?.saved?.files).toEqual(['orders-tab.tsv', 'orders.xlsx']);
    expect((await readSavedMeta(g.inner))?.files).toEqual(['orders-tab.tsv', 'orders.xlsx']);

    g.close();
    await service.importFiles([{ file: file('orders-basic.csv') }], { requestId: 'q-4', saveInBackground: true });
    const clearing = service.clearData();
    g.open();
    await clearing;
    expect(await readSavedMeta(g.inner)).toBeNull(); // the save before the clear did not land after it
    expect(g.inner.data.size).toBe(0);
  });
});
