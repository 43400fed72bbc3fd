/** BlobStore on the Origin Private File System (http/https pages; file:// throws SecurityError). */
import type { BlobStore } from './blob-store.ts';

const DIR = 'store-compass';

/**
 * How often a read starts over when the file was replaced while being read. A put replaces the file
 * whole (createWritable's swap), and a File taken before the swap can no longer be read
 * (NotReadableError); the next getFile sees the new bytes, so a second try is normally enough.
 */
const READ_ATTEMPTS = 5;

/** Opens (creates) the app's OPFS folder; rejects where OPFS is unavailable or forbidden. */
export async function opfsStore(): Promise<BlobStore> {
  const root = await navigator.storage.getDirectory();
  return opfsStoreIn(await root.getDirectoryHandle(DIR, { create: true }));
}

/** The store over one OPFS folder (a fake folder in tests). */
export function opfsStoreIn(dir: FileSystemDirectoryHandle): BlobStore {
  return {
    kind: 'opfs',
    async get(key) {
      for (let attempt = 1; ; attempt++) {
        try {
          const file = await (await dir.getFileHandle(key)).getFile();
          return new Uint8Array(await file.arrayBuffer());
        } catch (e) {
          const name = (e as DOMException).name;
          if (name === 'NotFoundError') return null;
          // Another save (this tab's background save, or another tab's) replaced the file mid-read.
          if (name === 'NotReadableError' && attempt < READ_ATTEMPTS) continue;
          throw e;
        }
      }
    },
    async put(key, bytes) {
      const handle = await dir.getFileHandle(key, { create: true });
      // createWritable writes to a swap file and replaces the file on close: a crash leaves the old bytes.
      const writable = await handle.createWritable();
      await writable.write(bytes as Uint8Array<ArrayBuffer>);
      await writable.close();
    },
    async delete(key) {
      await dir.removeEntry(key).catch((e: DOMException) => {
        if (e.name !== 'NotFoundError') throw e;
      });
    },
    async keys() {
      const out: string[] = [];
      for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) out.push(name);
      return out;
    },
  };
}
