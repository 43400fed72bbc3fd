/** BlobStore on IndexedDB: works on file:// pages (and in their blob-URL worker), where OPFS does not. */
import type { BlobStore } from './blob-store.ts';

const DB = 'store-compass';
const STORE = 'blobs';

const done = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

/** Opens (creates) the app's database; rejects where IndexedDB is unavailable. */
export async function idbStore(): Promise<BlobStore> {
  const open = indexedDB.open(DB, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  const db = await done(open);

  async function write(run: (s: IDBObjectStore) => void): Promise<void> {
    const tx = db.transaction(STORE, 'readwrite');
    run(tx.objectStore(STORE));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  }
  const read = <T>(run: (s: IDBObjectStore) => IDBRequest<T>) => done(run(db.transaction(STORE, 'readonly').objectStore(STORE)));

  return {
    kind: 'indexeddb',
    async get(key) {
      const value = await read((s) => s.get(key));
      return value === undefined ? null : new Uint8Array(value as ArrayBuffer);
    },
    async put(key, bytes) {
      // Stored as an ArrayBuffer copy: a view on a larger buffer would store the whole buffer.
      await write((s) => s.put(bytes.slice().buffer, key));
    },
    async delete(key) {
      await write((s) => s.delete(key));
    },
    async keys() {
      return (await read((s) => s.getAllKeys())).map(String);
    },
  };
}
