declare module 'virtual:duckdb-wasm-brotli-base64' {
  /** The DuckDB-WASM (eh) binary, brotli-compressed and base64-encoded. */
  const wasmBrotliBase64: string;
  export default wasmBrotliBase64;
}
