/**
 * Metric results of the live data, by statement. A filter set back, a panel revisited, or the KPI
 * strip and a panel's tiles asking the same metric (repurchase rate, AOV) answer without running the
 * query again. The engine forgets it on every swap: calls run one at a time and a swap is a call, so
 * a result is never kept across a change of data. Bounded in bytes (least recently used first out);
 * per-member results larger than `maxEntryBytes` are not kept.
 */
import type { SqlStatement } from '../src/lib/sql.ts';

export interface ResultCache {
  /** The cached result of `stmt`, or `compute()`'s, kept; always a fresh copy (the caller may transfer it). */
  get(stmt: SqlStatement, compute: () => Promise<Uint8Array>): Promise<Uint8Array>;
  /** The cached result of `stmt` if it is held (the kept bytes themselves: read them, never transfer them), else undefined. */
  peek(stmt: SqlStatement): Uint8Array | undefined;
  clear(): void;
  readonly stats: { hits: number; misses: number; bytes: number; entries: number };
}

export function createResultCache(maxBytes = 32 * 2 ** 20, maxEntryBytes = 2 * 2 ** 20): ResultCache {
  const entries = new Map<string, Uint8Array>(); // insertion order = least recently used first
  const stats = { hits: 0, misses: 0, bytes: 0, entries: 0 };
  const forget = (key: string) => {
    stats.bytes -= entries.get(key)!.byteLength;
    entries.delete(key);
  };
  const keyOf = (stmt: SqlStatement) => JSON.stringify([stmt.text, stmt.params]);
  return {
    peek(stmt) {
      const key = keyOf(stmt);
      const hit = entries.get(key);
      if (!hit) return undefined;
      stats.hits++;
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    },
    async get(stmt, compute) {
      const key = keyOf(stmt);
      const hit = entries.get(key);
      if (hit) {
        stats.hits++;
        entries.delete(key);
        entries.set(key, hit);
        return hit.slice();
      }
      stats.misses++;
      const result = await compute();
      if (result.byteLength <= maxEntryBytes) {
        // A copy: the caller's bytes are transferred to the page and detached here.
        entries.set(key, result.slice());
        stats.bytes += result.byteLength;
        while (stats.bytes > maxBytes) forget(entries.keys().next().value!);
      }
      stats.entries = entries.size;
      return result;
    },
    clear() {
      entries.clear();
      stats.bytes = 0;
      stats.entries = 0;
    },
    stats,
  };
}
