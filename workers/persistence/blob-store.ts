/** A tiny key → bytes store on the device: OPFS files, IndexedDB records, or memory (tests). */

export interface BlobStore {
  /** Where the bytes live; 'memory' means nothing survives a reload. */
  readonly kind: 'opfs' | 'indexeddb' | 'memory';
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, bytes: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

/** An in-memory store with the same contract; `failOnPut(n)` makes the n-th later put throw (a tab closed midway). */
export function memoryStore(): BlobStore & { readonly data: Map<string, Uint8Array>; failOnPut(n: number): void } {
  const data = new Map<string, Uint8Array>();
  let failIn = 0;
  return {
    kind: 'memory',
    data,
    failOnPut(n) {
      failIn = n;
    },
    async get(key) {
      return data.get(key) ?? null;
    },
    async put(key, bytes) {
      if (failIn > 0 && --failIn === 0) throw new Error(`simulated interruption before writing ${key}`);
      data.set(key, bytes.slice());
    },
    async delete(key) {
      data.delete(key);
    },
    async keys() {
      return [...data.keys()];
    },
  };
}
