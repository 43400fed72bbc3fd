/**
 * Portable build (file://): the wasm travels inside the page, brotli-compressed and base64-encoded,
 * and is inflated at start into a Blob URL, since a page opened from a USB stick cannot fetch
 * files beside it. Brotli (5.1 MB) instead of gzip (7.7 MB) keeps the single file well under
 * 12 MB; browsers' DecompressionStream has no brotli, so a pure-JS decoder costs ~0.4 s at start.
 */
import { decompress } from 'brotli/decompress';
import wasmBrotliBase64 from 'virtual:duckdb-wasm-brotli-base64';

export async function resolveWasmUrl(): Promise<string> {
  const compressed = Uint8Array.from(atob(wasmBrotliBase64), (c) => c.charCodeAt(0));
  const wasm = decompress(compressed);
  return URL.createObjectURL(new Blob([wasm as Uint8Array<ArrayBuffer>], { type: 'application/wasm' }));
}
