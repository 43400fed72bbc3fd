/**
 * The synonym dictionary (src/lib/import/kind-fields.ts) as the importer compares headers: every
 * synonym through headerKey(), per kind and field, and the set of all of them (header-row search).
 */
import type { ImportKind } from '../../src/lib/engine/import-types.ts';
import { KIND_FIELDS } from '../../src/lib/import/kind-fields.ts';
import { headerKey } from './text.ts';

/** Per kind and field, the header keys of its synonyms (index = priority). */
export const SYNONYM_KEYS: Record<ImportKind, Map<string, string[]>> = Object.fromEntries(
  Object.entries(KIND_FIELDS).map(([kind, fields]) => [kind, new Map(fields.map((f) => [f.field, f.synonyms.map(headerKey)]))]),
) as Record<ImportKind, Map<string, string[]>>;

/** Every synonym key of every kind: a line with many of these is a header line. */
export const ALL_SYNONYM_KEYS: ReadonlySet<string> = new Set(Object.values(SYNONYM_KEYS).flatMap((m) => [...m.values()].flat()));
