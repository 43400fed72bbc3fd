// The saved-dataset protocol on an in-memory store: the pointer flips last, so an interrupted
// save leaves the previous dataset readable, and its leftovers are removed by the next save.
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../workers/persistence/blob-store.ts';
import { clearSavedDataset, loadSavedDataset, readSavedMeta, saveDataset } from '../../../workers/persistence/dataset-store.ts';
import { gunzipText } from '../../../workers/persistence/gzip.ts';

const A = { orders: 'order_id\nA1\nA2\n', members: 'member_id\nM1\n' };
const B = { orders: 'order_id\nB1\n', surveys: 'member_id\n会员甲\n' };

describe('saved dataset', () => {
  it('round-trips gzip-compressed canonical CSVs, Chinese text intact', async () => {
    const store = memoryStore();
    expect(await loadSavedDataset(store)).toBeNull();
    const meta = await saveDataset(store, B, ['b.csv']);
    expect(meta.tables.sort()).toEqual(['orders', 'surveys']);
    const blobs = [...store.data].filter(([k]) => k.endsWith('.csv.gz'));
    expect(blobs).toHaveLength(2);
    for (const [, bytes] of blobs) expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]); // gzip magic
    expect(await gunzipText(store.data.get(`dataset-${meta.id}.surveys.csv.gz`)!)).toBe('member_id\n会员甲\n');
    const loaded = await loadSavedDataset(store);
    expect(loaded?.tables).toEqual(B);
    expect(loaded?.meta.files).toEqual(['b.csv']);
  });

  it('a save interrupted before the pointer flips leaves the previous dataset current', async () => {
    const store = memoryStore();
    const first = await saveDataset(store, A, ['a.csv']);
    for (const failAt of [1, 2, 3]) {
      // puts of the second save: 1 = orders blob, 2 = surveys blob, 3 = the pointer itself
      store.failOnPut(failAt);
      await expect(saveDataset(store, B, ['b.csv'])).rejects.toThrow(/simulated interruption/);
      expect((await readSavedMeta(store))?.id).toBe(first.id);
      expect((await loadSavedDataset(store))?.tables).toEqual(A);
    }
    // Leftover blobs of the interrupted saves are removed by the next successful save.
    const third = await saveDataset(store, B, ['b.csv']);
    expect([...store.data.keys()].sort()).toEqual(['current.json', `dataset-${third.id}.orders.csv.gz`, `dataset-${third.id}.surveys.csv.gz`]);
    expect((await loadSavedDataset(store))?.tables).toEqual(B);
  });

  it('a missing table blob is an error, not a silently smaller dataset', async () => {
    const store = memoryStore();
    const meta = await saveDataset(store, A, []);
    await store.delete(`dataset-${meta.id}.members.csv.gz`);
    await expect(loadSavedDataset(store)).rejects.toThrow(/members/);
  });

  it('clear removes the pointer and every blob', async () => {
    const store = memoryStore();
    await saveDataset(store, A, []);
    await clearSavedDataset(store);
    expect(store.data.size).toBe(0);
    expect(await loadSavedDataset(store)).toBeNull();
  });
});
