// The saved-dataset protocol on an in-memory store: the pointer flips last and only to a set read
// back whole, so an interrupted save leaves the previous dataset readable; several tabs saving at
// once (simulated as interleaved saves on one store) never destroy a completed save.
import { describe, expect, it } from 'vitest';
import { memoryStore, type BlobStore } from '../../../workers/persistence/blob-store.ts';
import { clearSavedDataset, loadSavedDataset, readSavedMeta, saveDataset, SavedDatasetError, STALE_SAVE_MS } from '../../../workers/persistence/dataset-store.ts';
import { gunzipText, gzipText } from '../../../workers/persistence/gzip.ts';
import { inProcessLocker, noLock } from '../../../workers/persistence/lock.ts';

const A = { orders: 'order_id\nA1\nA2\n', members: 'member_id\nM1\n' };
const B = { orders: 'order_id\nB1\n', surveys: 'member_id\n会员甲\n' };
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

/** A store whose every call waits a pseudo-random number of ticks (seeded): interleaves concurrent saves. */
function jitteryStore(inner: BlobStore, seed: number, log?: string[]): BlobStore {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) % 5;
  const wait = async () => {
    for (let n = rand(); n > 0; n--) await new Promise<void>((r) => setTimeout(r, 0));
  };
  return {
    kind: inner.kind,
    get: async (k) => (await wait(), inner.get(k)),
    put: async (k, b) => (await wait(), log?.push(`put ${k}`), inner.put(k, b)),
    delete: async (k) => (await wait(), log?.push(`delete ${k}`), inner.delete(k)),
    keys: async () => (await wait(), inner.keys()),
  };
}

describe('saved dataset', () => {
  it('round-trips gzip-compressed canonical CSVs, Chinese text intact, sizes recorded', async () => {
    const store = memoryStore();
    expect(await loadSavedDataset(store)).toBeNull();
    const meta = await saveDataset(store, B, ['b.csv']);
    expect(meta.tables.sort()).toEqual(['orders', 'surveys']);
    const blobs = [...store.data].filter(([k]) => k.endsWith('.csv.gz'));
    expect(blobs).toHaveLength(2);
    for (const [, bytes] of blobs) expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]); // gzip magic
    expect(await gunzipText(store.data.get(`dataset-${meta.id}.surveys.csv.gz`)!)).toBe('member_id\n会员甲\n');
    expect(meta.sizes?.surveys).toBe(store.data.get(`dataset-${meta.id}.surveys.csv.gz`)!.length);
    const loaded = await loadSavedDataset(store);
    expect(loaded?.tables).toEqual(B);
    expect(loaded?.meta.files).toEqual(['b.csv']);
    expect([...store.data.keys()].filter((k) => k.startsWith('pending-'))).toEqual([]); // marker removed after the flip
  });

  it('a save interrupted before the pointer flips leaves the previous dataset current and no leftovers', async () => {
    const store = memoryStore();
    const first = await saveDataset(store, A, ['a.csv']);
    for (const failAt of [1, 2, 3, 4]) {
      // puts of the second save: 1 = its pending marker, 2 = orders, 3 = surveys, 4 = the pointer itself
      store.failOnPut(failAt);
      await expect(saveDataset(store, B, ['b.csv'])).rejects.toThrow(/simulated interruption/);
      expect((await readSavedMeta(store))?.id).toBe(first.id);
      expect((await loadSavedDataset(store))?.tables).toEqual(A);
      expect([...store.data.keys()].sort()).toEqual(['current.json', `dataset-${first.id}.members.csv.gz`, `dataset-${first.id}.orders.csv.gz`]);
    }
  });

  it('files of a save in flight in another tab are kept; those of a tab closed long ago are removed', async () => {
    const store = memoryStore();
    // Another tab's save, started just now, has written one table and not flipped yet.
    await store.put('pending-live.json', enc({ startedAt: Date.now() }));
    await store.put('dataset-live.orders.csv.gz', await gzipText('order_id\nL1\n'));
    // A tab closed mid-save an hour ago.
    await store.put('pending-dead.json', enc({ startedAt: Date.now() - 2 * STALE_SAVE_MS }));
    await store.put('dataset-dead.orders.csv.gz', await gzipText('order_id\nD1\n'));
    const meta = await saveDataset(store, A, ['a.csv']);
    const keys = [...store.data.keys()].sort();
    expect(keys).toContain('dataset-live.orders.csv.gz');
    expect(keys).toContain('pending-live.json');
    expect(keys).not.toContain('dataset-dead.orders.csv.gz');
    expect(keys).not.toContain('pending-dead.json');
    expect((await loadSavedDataset(store))?.meta.id).toBe(meta.id);
  });

  it('two tabs saving at once without any lock: every interleaving ends with a whole, loadable set (60 seeds)', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const inner = memoryStore();
      await saveDataset(inner, { orders: 'order_id\nOLD\n' }, ['old.csv'], noLock);
      const [a, b] = await Promise.all([saveDataset(jitteryStore(inner, seed), A, ['a.csv'], noLock), saveDataset(jitteryStore(inner, seed * 7919), B, ['b.csv'], noLock)]);
      const loaded = await loadSavedDataset(inner, noLock);
      expect([a.id, b.id], `seed ${seed}`).toContain(loaded!.meta.id);
      expect(loaded!.tables, `seed ${seed}`).toEqual(loaded!.meta.id === a.id ? A : B);
      // Once both are done only the current set remains.
      const ids = new Set([...inner.data.keys()].filter((k) => k.startsWith('dataset-')).map((k) => k.split('.')[0]));
      expect(ids, `seed ${seed}`).toEqual(new Set([`dataset-${loaded!.meta.id}`]));
    }
  });

  it('with the dataset lock, saves from two tabs never interleave and a restore never sees a half-written set', async () => {
    const lock = inProcessLocker();
    const inner = memoryStore();
    const log: string[] = [];
    const saves = [A, B, A, B].map((t, i) => saveDataset(jitteryStore(inner, i + 3, log), t, [`${i}.csv`], lock));
    const reads = [1, 2, 3].map(() => loadSavedDataset(jitteryStore(inner, 11), lock));
    const metas = await Promise.all(saves);
    for (const r of await Promise.all(reads)) if (r) expect([A, B]).toContainEqual(r.tables);
    // Each save's writes come as one block: the id of a write never returns after another id was written.
    const idsInOrder = log.filter((l) => l.startsWith('put dataset-')).map((l) => l.slice(12).split('.')[0]);
    const blocks = idsInOrder.filter((id, i) => id !== idsInOrder[i - 1]);
    // The lock decides the order (saves compress before they queue), so compare as sets; the last block wins.
    expect(new Set(blocks).size).toBe(blocks.length);
    expect([...blocks].sort()).toEqual(metas.map((m) => m.id).sort());
    expect((await loadSavedDataset(inner, lock))?.meta.id).toBe(blocks.at(-1));
  });

  it('a pointer flips only to a set read back whole: a store that loses a write fails the save, not the data', async () => {
    const store = memoryStore();
    await saveDataset(store, A, ['a.csv']);
    const lossy: BlobStore = { ...store, put: async (k, b) => (k.includes('.surveys.') ? undefined : store.put(k, b)) };
    await expect(saveDataset(lossy, B, ['b.csv'])).rejects.toThrow(/table surveys is missing/);
    expect((await loadSavedDataset(store))?.tables).toEqual(A);
  });

  it('a restore that finds a broken set says which table and why (missing, truncated, corrupt, bad pointer)', async () => {
    const store = memoryStore();
    const meta = await saveDataset(store, A, []);
    const key = `dataset-${meta.id}.members.csv.gz`;
    const good = store.data.get(key)!;
    await store.put(key, good.slice(0, good.length - 3));
    await expect(loadSavedDataset(store)).rejects.toThrow(/table members has \d+ bytes, expected \d+/);
    const corrupt = good.slice();
    corrupt.fill(0x41, 10);
    await store.put(key, corrupt);
    await expect(loadSavedDataset(store)).rejects.toThrow(/table members is corrupt/);
    await store.delete(key);
    await expect(loadSavedDataset(store)).rejects.toThrow(SavedDatasetError);
    await expect(loadSavedDataset(store)).rejects.toThrow(/表 members 缺失 \/ the saved data is incomplete: table members is missing/);
    await store.put('current.json', new TextEncoder().encode('{not json'));
    await expect(loadSavedDataset(store)).rejects.toThrow(/pointer is unreadable/);
  });

  it('clear removes the pointer and every blob', async () => {
    const store = memoryStore();
    await saveDataset(store, A, []);
    await clearSavedDataset(store);
    expect(store.data.size).toBe(0);
    expect(await loadSavedDataset(store)).toBeNull();
  });
});

describe('dataset lock', () => {
  it('uses the Web Locks API when present, and falls back when it refuses (opaque origin)', async () => {
    const { datasetLock } = await import('../../../workers/persistence/lock.ts');
    const calls: string[] = [];
    const nav = globalThis as { navigator?: unknown };
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    try {
      Object.defineProperty(globalThis, 'navigator', {
        configurable: true,
        value: { locks: { request: async (name: string, o: { mode: string }, work: () => Promise<unknown>) => (calls.push(`${name}:${o.mode}`), work()) } },
      });
      expect(await datasetLock('exclusive', async () => 1)).toBe(1);
      expect(calls).toEqual(['store-compass-dataset:exclusive']);
      Object.defineProperty(globalThis, 'navigator', {
        configurable: true,
        value: { locks: { request: async () => Promise.reject(new DOMException('opaque origin', 'SecurityError')) } },
      });
      expect(await datasetLock('shared', async () => 2)).toBe(2);
      // An error of the work itself is not swallowed by the fallback.
      Object.defineProperty(globalThis, 'navigator', {
        configurable: true,
        value: { locks: { request: async (_n: string, _o: unknown, work: () => Promise<unknown>) => work() } },
      });
      await expect(datasetLock('exclusive', async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    } finally {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      else delete nav.navigator;
    }
  });
});
