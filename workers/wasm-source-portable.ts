/**
 * Portable build (file://): the wasm travels inside the page, brotli-compressed and base64-encoded,
 * and is inflated at start into a Blob URL, since a page opened from a USB stick cannot fetch
 * files beside it. Brotli (5.1 MB) instead of gzip (7.7 MB) keeps the single file well under
 * 12 MB; browsers' DecompressionStream has no brotli, so a pure-JS decoder costs ~0.4 s at start.
 */
import { decompress } from 'brotli/decompress';
import wasmBrotliBase64 from 'virtual:duckdb-wasm-brotli-base64';

export async function resolveWasmUrl(): Promise<string> {
  const wasm = decompress(base64ToBytes(wasmBrotliBase64));
  return URL.createObjectURL(new Blob([wasm as Uint8Array<ArrayBuffer>], { type: 'application/wasm' }));
}

/** Native `Uint8Array.fromBase64` where the browser has it; a plain loop otherwise. */
function base64ToBytes(base64: string): Uint8Array {
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  if (native) return native(base64);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
