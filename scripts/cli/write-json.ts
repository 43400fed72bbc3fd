/**
 * Writes `JSON.stringify(value, null, 2)` to a stream piece by piece, with backpressure. A report
 * over millions of orders holds per-member tables (rfm_members…); stringified at once they were one
 * string of hundreds of MB next to the rows themselves (393 MB of JSON at 10M orders).
 */
import type { Writable } from 'node:stream';

const CHUNK_CHARS = 1 << 20;

/** Arrays and objects are opened up; anything else (and a row of scalars) is stringified whole. */
const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
const isLeafRow = (v: object) => !Array.isArray(v) && Object.values(v).every((x) => !isContainer(x));
/** What JSON.stringify leaves out of an object. */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function* pieces(value: unknown, indent: string): Generator<string> {
  if (!isContainer(value) || isLeafRow(value)) {
    // Indent continuation lines to where this value starts; strings never hold a raw newline in JSON.
    yield (JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (!value.length) return yield '[]';
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i ? ',' : ''}\n${inner}`;
      yield* pieces(omitted(value[i]) ? null : value[i], inner);
    }
    return yield `\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => !omitted(v));
  if (!entries.length) return yield '{}';
  yield '{';
  for (const [i, [k, v]] of entries.entries()) {
    yield `${i ? ',' : ''}\n${inner}${JSON.stringify(k)}: `;
    yield* pieces(v, inner);
  }
  yield `\n${indent}}`;
}

export async function writeJson(value: unknown, out: Writable): Promise<void> {
  let buffer = '';
  const flush = async () => {
    if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', resolve));
    buffer = '';
  };
  for (const piece of pieces(value, '')) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARS) await flush();
  }
  buffer += '\n';
  await flush();
}
