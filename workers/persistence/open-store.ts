/** Picks the device store: OPFS where the page may use it (http/https), IndexedDB otherwise (file://). */
import { memoryStore, type BlobStore } from './blob-store.ts';
import { idbStore } from './idb-store.ts';
import { opfsStore } from './opfs-store.ts';

/** OPFS, else IndexedDB, else memory (nothing survives a reload; the UI says so via `kind`). */
export async function openDeviceStore(): Promise<BlobStore> {
  try {
    return await opfsStore();
  } catch {
    // SecurityError on file:// in Chromium; absent in older browsers.
  }
  try {
    return await idbStore();
  } catch {
    return memoryStore();
  }
}
