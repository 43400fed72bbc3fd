/**
 * The current dataset's canonical CSVs saved on the device, gzip-compressed. A save writes every
 * table under a fresh id and flips the small `current.json` pointer last, so a tab closed midway
 * leaves the previous dataset readable; leftovers of an interrupted save are removed next time.
 */
import type { TableName } from '../../src/lib/schema.ts';
import type { BlobStore } from './blob-store.ts';
import { gunzipText, gzipText } from './gzip.ts';

const POINTER = 'current.json';
const PREFIX = 'dataset-';

/** What the pointer records about the saved dataset. */
export interface SavedDatasetMeta {
  id: string;
  savedAt: string;
  tables: TableName[];
  /** Names of the files the dataset was imported from. */
  files: string[];
}

export interface SavedDataset {
  meta: SavedDatasetMeta;
  tables: Partial<Record<TableName, string>>;
}

const tableKey = (id: string, table: TableName) => `${PREFIX}${id}.${table}.csv.gz`;
const newId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** The pointer, or null when nothing is saved (or the pointer is unreadable). */
export async function readSavedMeta(store: BlobStore): Promise<SavedDatasetMeta | null> {
  const bytes = await store.get(POINTER);
  if (!bytes) return null;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as SavedDatasetMeta;
  } catch {
    return null;
  }
}

/** Deletes every dataset blob except those of `keepId` (leftovers of replaced or interrupted saves). */
async function removeOthers(store: BlobStore, keepId: string | null): Promise<void> {
  const keep = keepId ? `${PREFIX}${keepId}.` : null;
  for (const key of await store.keys()) {
    if (key.startsWith(PREFIX) && (!keep || !key.startsWith(keep))) await store.delete(key);
  }
}

/** Saves the tables as the current dataset; the previous one stays current until the pointer flips. */
export async function saveDataset(store: BlobStore, tables: Partial<Record<TableName, string>>, files: string[]): Promise<SavedDatasetMeta> {
  const previous = await readSavedMeta(store);
  await removeOthers(store, previous?.id ?? null);
  const meta: SavedDatasetMeta = { id: newId(), savedAt: new Date().toISOString(), tables: [], files };
  for (const [table, csv] of Object.entries(tables) as [TableName, string][]) {
    await store.put(tableKey(meta.id, table), await gzipText(csv));
    meta.tables.push(table);
  }
  await store.put(POINTER, new TextEncoder().encode(JSON.stringify(meta)));
  await removeOthers(store, meta.id);
  return meta;
}

/** The saved dataset, or null when there is none; throws when a table blob is missing or corrupt. */
export async function loadSavedDataset(store: BlobStore): Promise<SavedDataset | null> {
  const meta = await readSavedMeta(store);
  if (!meta) return null;
  const tables: Partial<Record<TableName, string>> = {};
  for (const table of meta.tables) {
    const bytes = await store.get(tableKey(meta.id, table));
    if (!bytes) throw new Error(`saved table ${table} is missing`);
    tables[table] = await gunzipText(bytes);
  }
  return { meta, tables };
}

/** Forgets the saved dataset: the pointer goes first, so a half-finished clear reads as "nothing saved". */
export async function clearSavedDataset(store: BlobStore): Promise<void> {
  await store.delete(POINTER);
  await removeOthers(store, null);
}
