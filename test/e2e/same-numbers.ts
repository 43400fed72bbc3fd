/** WASM (the page's engine) against native DuckDB (Node): how the browser's catalogue runs are fetched and compared. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import type { MetricParams } from '../../src/lib/metrics/params.ts';

export type Rows = Record<string, unknown>[];

/** Numbers to 9 significant digits, so parallel float sums compare equal. */
export const normalise = (rows: Rows) => JSON.parse(JSON.stringify(rows, (_, v) => (typeof v === 'number' ? Number(v.toPrecision(9)) : v)));

/**
 * Runs `ids` for every parameter set in the page's own engine (the worker, through comlink), in one
 * round trip; rows decoded in Node. The Arrow bytes travel as base64: as arrays of numbers, the
 * demo's member-level results (MBs) took longer to serialise than to compute.
 */
export async function wasmCatalogue(page: Page, ids: readonly string[], periods: readonly MetricParams[]): Promise<Record<string, Rows>[]> {
  const out = await page.evaluate(
    async ({ ids, periods }) => {
      const engine = (globalThis as unknown as { storeCompass: { engine: { runMetrics(ids: string[], p: unknown): Promise<Record<string, Uint8Array>> } } }).storeCompass.engine;
      const base64 = (bytes: Uint8Array) => {
        let text = '';
        for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(text);
      };
      const runs: Record<string, string>[] = [];
      for (const p of periods) runs.push(Object.fromEntries(Object.entries(await engine.runMetrics(ids, p)).map(([id, ipc]) => [id, base64(ipc)])));
      return runs;
    },
    { ids: [...ids], periods: [...periods] },
  );
  return out.map((byId) => Object.fromEntries(Object.entries(byId).map(([id, b64]) => [id, ipcToRows(new Uint8Array(Buffer.from(b64, 'base64')))])));
}

/** Every metric of `expected` equal in `actual`: same rows in the same order, numbers to 9 significant digits. */
export function expectSameRows(actual: Record<string, Rows>, expected: Record<string, Rows>, at: string): void {
  for (const [id, rows] of Object.entries(expected)) expect(normalise(actual[id]), `${at} ${id}`).toEqual(normalise(rows));
}
