/** Arrow IPC → plain row objects, BigInt converted to number: small results for tiles and charts. */
import { tableFromIPC } from 'apache-arrow';

export function ipcToRows(ipc: Uint8Array): Record<string, unknown>[] {
  return tableFromIPC(ipc)
    .toArray()
    .map((row) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row.toJSON() as Record<string, unknown>)) out[k] = typeof v === 'bigint' ? Number(v) : v;
      return out;
    });
}
