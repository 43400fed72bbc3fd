/**
 * Remembered column mappings: once the user confirms how a file's columns map onto a table, the
 * same mapping is offered for the next file with the same headers (monthly exports). Kept in
 * localStorage under a hash of the sorted headers + kind; the kind last used for a header set too.
 */
import type { ColumnMapping, ImportKind } from '../engine/import-types.ts';

const PREFIX = 'store-compass:mapping:';

/** The storage these functions use: localStorage in the page, a Map-backed stand-in in tests. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** FNV-1a (32-bit) of the sorted headers: order of columns does not matter, their names do. */
export function headersHash(headers: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const ch of [...headers].sort().join('\u0001')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

const mappingKey = (headers: readonly string[], kind: ImportKind) => `${PREFIX}${headersHash(headers)}:${kind}`;
const kindKey = (headers: readonly string[]) => `${PREFIX}${headersHash(headers)}`;

function storage(): KeyValueStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled by the browser: nothing is remembered
  }
}

/** Remembers the confirmed kind and mapping for files with these headers. */
export function rememberMapping(headers: readonly string[], kind: ImportKind, mapping: ColumnMapping, store = storage()): void {
  try {
    store?.setItem(mappingKey(headers, kind), JSON.stringify(mapping));
    store?.setItem(kindKey(headers), kind);
  } catch {
    // quota or privacy mode: remembering is a convenience
  }
}

/** The kind last confirmed for these headers, or null. */
export function recallKind(headers: readonly string[], store = storage()): ImportKind | null {
  return (store?.getItem(kindKey(headers)) as ImportKind | null) ?? null;
}

/** The mapping confirmed for these headers and kind; only headers still present are kept. Null when none. */
export function recallMapping(headers: readonly string[], kind: ImportKind, store = storage()): ColumnMapping | null {
  const text = store?.getItem(mappingKey(headers, kind));
  if (!text) return null;
  try {
    const saved = JSON.parse(text) as ColumnMapping;
    return Object.fromEntries(Object.entries(saved).map(([field, h]) => [field, h !== null && headers.includes(h) ? h : null]));
  } catch {
    return null;
  }
}
