/** Arrow IPC → plain row objects, BigInt converted to number: small results for tiles and charts. */
import { tableFromIPC } from 'apache-arrow';
import type { MetricId, MetricRow } from '../metrics/index.ts';

export function ipcToRows(ipc: Uint8Array): Record<string, unknown>[] {
  return tableFromIPC(ipc)
    .toArray()
    .map((row) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row.toJSON() as Record<string, unknown>)) out[k] = typeof v === 'bigint' ? Number(v) : v;
      return out;
    });
}

/**
 * A metric's result decoded and typed from its declared columns. The one place rows get their
 * type: the catalogue-schema test holds each metric's SQL to exactly these columns and types.
 */
export const metricRows = <Id extends MetricId>(_id: Id, ipc: Uint8Array): MetricRow<Id>[] => ipcToRows(ipc) as unknown as MetricRow<Id>[];
