/** BlobStore on the Origin Private File System (http/https pages; file:// throws SecurityError). */
import type { BlobStore } from './blob-store.ts';

const DIR = 'store-compass';

/** Opens (creates) the app's OPFS folder; rejects where OPFS is unavailable or forbidden. */
export async function opfsStore(): Promise<BlobStore> {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle(DIR, { create: true });
  return {
    kind: 'opfs',
    async get(key) {
      try {
        const file = await (await dir.getFileHandle(key)).getFile();
        return new Uint8Array(await file.arrayBuffer());
      } catch (e) {
        if ((e as DOMException).name === 'NotFoundError') return null;
        throw e;
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
