/**
 * The current dataset's canonical CSVs saved on the device, gzip-compressed (one gzip stream per
 * table, whichever way it was compressed: whole text, or a live table's pieces — gzip.ts). Several tabs share
 * one store, so a save:
 *  - runs under the origin-wide dataset lock (one save at a time; restores read under a shared lock);
 *  - writes its tables under its own fresh id, announced first by a `pending-<id>.json` marker;
 *  - reads the set back (every table present, sizes as written) before flipping `current.json`;
 *  - then deletes only files that neither the pointer nor a live in-flight save references.
 * A tab closed midway leaves the previous dataset readable; its leftovers go once the marker is stale.
 * The marker protocol alone (without the lock) never deletes a save that is still running.
 */
import type { TableName } from '../../src/lib/schema.ts';
import type { BlobStore } from './blob-store.ts';
import { gunzipBlob, gzipText } from './gzip.ts';
import { datasetLock, type Locker } from './lock.ts';

/**
 * A file of a save: a table's canonical CSV, or `order_tiers` (session 13): the order facts' `tier` column,
 * row for row beside the saved orders, which are then in the facts' row order (both exported from the live
 * facts at one swap). A restore reads the pair back as the facts, without a join or a sort (engine.ts
 * SavedFacts); a save without it (made before session 13: every save since exports the orders live) restores by rebuilding the facts.
 */
export type SavedTable = TableName | 'order_tiers';

const POINTER = 'current.json';
const PREFIX = 'dataset-';
const PENDING = 'pending-';
/** A marker older than this belongs to a save whose tab was closed: its files may go. */
export const STALE_SAVE_MS = 30 * 60_000;

/** What the pointer records about the saved dataset. */
export interface SavedDatasetMeta {
  id: string;
  savedAt: string;
  tables: SavedTable[];
  /** Names of the files the dataset was imported from. */
  files: string[];
  /** Compressed size of each table file, checked on restore (absent in saves of older versions). */
  sizes?: Partial<Record<SavedTable, number>>;
}

export interface SavedDataset<T = string> {
  meta: SavedDatasetMeta;
  tables: Partial<Record<SavedTable, T>>;
}

/** A table to save: canonical CSV as text or a Blob, or already gzip-compressed (a live table exported piece by piece). */
export type TableToSave = string | Blob | { gzip: Uint8Array };

/** The saved set exists but cannot be read back whole (a table file missing, truncated or corrupt). */
export class SavedDatasetError extends Error {
  readonly code = 'saved_broken';
}

const tableKey = (id: string, table: SavedTable) => `${PREFIX}${id}.${table}.csv.gz`;
const pendingKey = (id: string) => `${PENDING}${id}.json`;
/** The save id a file belongs to (`dataset-<id>.<table>.csv.gz`, `pending-<id>.json`); ids have no dot. */
const idOf = (key: string, prefix: string) => key.slice(prefix.length, key.indexOf('.', prefix.length));
const newId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

function parseMeta(bytes: Uint8Array): SavedDatasetMeta | null {
  try {
    const meta = JSON.parse(new TextDecoder().decode(bytes)) as SavedDatasetMeta;
    return typeof meta?.id === 'string' && Array.isArray(meta.tables) ? meta : null;
  } catch {
    return null;
  }
}

/** The pointer, or null when nothing is saved (or the pointer is unreadable). */
export async function readSavedMeta(store: BlobStore): Promise<SavedDatasetMeta | null> {
  const bytes = await store.get(POINTER);
  return bytes && parseMeta(bytes);
}

const broken = (zh: string, en: string) => new SavedDatasetError(`保存的数据不完整：${zh} / the saved data is incomplete: ${en}`);

/** Throws SavedDatasetError unless every table file of `meta` is present with the size recorded. */
async function readSet(store: BlobStore, meta: SavedDatasetMeta): Promise<Map<SavedTable, Uint8Array>> {
  const out = new Map<SavedTable, Uint8Array>();
  for (const table of meta.tables) {
    const bytes = await store.get(tableKey(meta.id, table));
    if (!bytes) throw broken(`表 ${table} 缺失`, `table ${table} is missing`);
    const size = meta.sizes?.[table];
    if (size !== undefined && bytes.length !== size)
      throw broken(`表 ${table} 大小不符（${bytes.length} ≠ ${size} 字节）`, `table ${table} has ${bytes.length} bytes, expected ${size}`);
    out.set(table, bytes);
  }
  return out;
}

/**
 * Deletes dataset files that belong neither to the pointer's save nor to a save still in flight.
 * Order matters without a lock: list first, then read markers, then the pointer — a save that
 * finished (marker gone) after the listing is what the pointer names by then.
 */
async function removeUnreferenced(store: BlobStore): Promise<void> {
  const now = Date.now();
  const keys = await store.keys();
  const live = new Set<string>();
  for (const key of keys.filter((k) => k.startsWith(PENDING))) {
    const marker = await store.get(key);
    let startedAt = 0;
    try {
      startedAt = marker ? Number(JSON.parse(new TextDecoder().decode(marker)).startedAt) || 0 : 0;
    } catch {
      // an unreadable marker is as good as a stale one
    }
    if (marker && now - startedAt < STALE_SAVE_MS) live.add(idOf(key, PENDING));
    else if (marker) await store.delete(key);
  }
  const current = await readSavedMeta(store);
  if (current) live.add(current.id);
  for (const key of keys) if (key.startsWith(PREFIX) && !live.has(idOf(key, PREFIX))) await store.delete(key);
}

/** Removes one save's files and marker (a save that failed before its pointer flipped). */
async function removeSave(store: BlobStore, id: string): Promise<void> {
  for (const key of await store.keys()) if (key.startsWith(`${PREFIX}${id}.`)) await store.delete(key);
  await store.delete(pendingKey(id));
}

/**
 * Saves the tables as the current dataset; the previous one stays current until the pointer
 * flips, and the pointer flips only to a set that has been read back whole.
 */
export async function saveDataset(store: BlobStore, tables: Partial<Record<SavedTable, TableToSave>>, files: string[], lock: Locker = datasetLock): Promise<SavedDatasetMeta> {
  // Compress before taking the lock: the other tabs wait only for the writes.
  const compressed = new Map<SavedTable, Uint8Array>();
  for (const [table, csv] of Object.entries(tables) as [SavedTable, TableToSave][])
    compressed.set(table, typeof csv === 'string' || csv instanceof Blob ? await gzipText(csv) : csv.gzip);
  return lock('exclusive', async () => {
    const meta: SavedDatasetMeta = { id: newId(), savedAt: '', tables: [...compressed.keys()], files, sizes: {} };
    try {
      await store.put(pendingKey(meta.id), encode({ startedAt: Date.now() }));
      for (const [table, gz] of compressed) {
        await store.put(tableKey(meta.id, table), gz);
        meta.sizes![table] = gz.length;
      }
      await readSet(store, meta);
      meta.savedAt = new Date().toISOString();
      await store.put(POINTER, encode(meta));
    } catch (e) {
      await removeSave(store, meta.id).catch(() => undefined);
      throw e;
    }
    await store.delete(pendingKey(meta.id));
    await removeUnreferenced(store);
    return meta;
  });
}

/**
 * The saved dataset with each table's canonical CSV as a Blob (decompressed as a stream: no string,
 * which a 10M-order table would not fit in), or null when there is none. Throws SavedDatasetError
 * when the pointer names a set that is not whole (missing, truncated or corrupt table) or the
 * pointer itself is unreadable.
 */
export async function openSavedDataset(store: BlobStore, lock: Locker = datasetLock): Promise<SavedDataset<Blob> | null> {
  return lock('shared', async () => {
    const bytes = await store.get(POINTER);
    if (!bytes) return null;
    const meta = parseMeta(bytes);
    if (!meta) throw broken('数据指针无法读取', 'the dataset pointer is unreadable');
    const tables: Partial<Record<SavedTable, Blob>> = {};
    for (const [table, gz] of await readSet(store, meta)) {
      try {
        tables[table] = await gunzipBlob(gz);
      } catch {
        throw broken(`表 ${table} 已损坏`, `table ${table} is corrupt`);
      }
    }
    return { meta, tables };
  });
}

/** openSavedDataset with each table as text (small copies: tests, tools). */
export async function loadSavedDataset(store: BlobStore, lock: Locker = datasetLock): Promise<SavedDataset | null> {
  const saved = await openSavedDataset(store, lock);
  if (!saved) return null;
  const tables: Partial<Record<SavedTable, string>> = {};
  for (const [table, blob] of Object.entries(saved.tables) as [SavedTable, Blob][]) tables[table] = await blob.text();
  return { meta: saved.meta, tables };
}

/** Forgets the saved dataset: the pointer goes first, so a half-finished clear reads as "nothing saved". */
export async function clearSavedDataset(store: BlobStore, lock: Locker = datasetLock): Promise<void> {
  await lock('exclusive', async () => {
    await store.delete(POINTER);
    await removeUnreferenced(store);
  });
}
