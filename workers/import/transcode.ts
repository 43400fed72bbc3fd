/**
 * A GB18030 (GBK) or Big5 file as UTF-8 bytes for DuckDB's reader (issue 14), decoded chunk by
 * chunk with a streaming TextDecoder: never one string of the whole file, only the bytes of the
 * result. A byte sequence the encoding does not have makes it null (the JS path then reports the
 * bad lines exactly as it does today).
 */

/** Encodings the SQL path reads after transcoding (ASCII-compatible: commas, quotes and line breaks keep their bytes). */
export const TRANSCODED = new Set(['gb18030', 'big5']);

const CHUNK = 4 << 20;

export function toUtf8(bytes: Uint8Array, encoding: string): Uint8Array | null {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (let at = 0; at < bytes.length; at += CHUNK) {
      const part = encoder.encode(decoder.decode(bytes.subarray(at, at + CHUNK), { stream: at + CHUNK < bytes.length }));
      parts.push(part);
      size += part.length;
    }
    const tail = encoder.encode(decoder.decode());
    parts.push(tail);
    size += tail.length;
  } catch {
    return null;
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
