/** gzip through the platform's CompressionStream (browsers and Node ≥ 18 alike). */

/** Text or a Blob → gzip bytes. */
export async function gzipText(text: string | Blob): Promise<Uint8Array> {
  const blob = typeof text === 'string' ? new Blob([text]) : text;
  return new Uint8Array(await new Response(blob.stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
}

/**
 * One gzip stream fed piece by piece: `produce` writes the pieces (each compressed as it comes and
 * not kept) and says whether the result is wanted; false (or a throw) discards it. Returns the gzip
 * bytes, or null when discarded. A table's CSV never exists whole, as bytes or as a string.
 */
export async function gzipPieces(produce: (write: (piece: Uint8Array) => Promise<void>) => Promise<boolean>): Promise<Uint8Array | null> {
  const gzip = new CompressionStream('gzip');
  const out = new Response(gzip.readable).arrayBuffer(); // read while writing: the stream's backpressure would stall the writes
  const writer = gzip.writable.getWriter();
  let wanted = false;
  try {
    wanted = await produce((piece) => writer.write(piece as Uint8Array<ArrayBuffer>));
  } finally {
    if (!wanted) {
      await writer.abort().catch(() => undefined);
      await out.catch(() => undefined);
    }
  }
  if (!wanted) return null;
  await writer.close();
  return new Uint8Array(await out);
}

/** gzip bytes → text (UTF-8). */
export async function gunzipText(bytes: Uint8Array): Promise<string> {
  return (await gunzipBlob(bytes)).text();
}

/** gzip bytes → a Blob of the decompressed bytes (a browser keeps large Blobs outside the JS heap; no string is built). */
export async function gunzipBlob(bytes: Uint8Array): Promise<Blob> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).blob();
}
