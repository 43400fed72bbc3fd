/** Hosted build: the wasm is a separate asset next to the worker (relative URL, any sub-path). */
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';

export async function resolveWasmUrl(): Promise<string> {
  return new URL(wasmUrl, self.location.href).href;
}
