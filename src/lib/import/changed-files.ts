import type { ImportFileError } from '../engine/api.ts';

/**
 * The chosen files a failed import takes off the list: those changed on disk since they were chosen (code
 * 'changed'), which cannot be read through their card again. Matched by position in the import's list, not by
 * name, because two chosen files may share a name and only one of them changed.
 */
export function changedFileIds(ids: readonly number[], errors: readonly ImportFileError[]): Set<number> {
  const stale = new Set<number>();
  for (const e of errors) if (e.code === 'changed' && e.fileIndex !== undefined && e.fileIndex < ids.length) stale.add(ids[e.fileIndex]);
  return stale;
}
