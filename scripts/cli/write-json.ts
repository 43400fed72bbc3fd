/**
 * Writes `JSON.stringify(value, null, 2)` to a stream piece by piece, with backpressure. A report
 * over millions of orders holds per-member tables (rfm_members…); stringified at once they were one
 * string of hundreds of MB next to the rows themselves (393 MB of JSON at 10M orders). A table may
 * also come as StreamedRows: its rows are fetched a piece at a time while it is written, so neither
 * the rows nor their text exist whole.
 */
import type { Writable } from 'node:stream';

const CHUNK_CHARS = 1 << 20;

/** An array written from pieces of rows read on demand (e.g. a DuckDB result in chunks); in JSON it is the plain array of all rows. */
export class StreamedRows {
  constructor(readonly read: () => AsyncIterable<readonly unknown[]>) {}
}

/** Arrays and objects are opened up; anything else (and a row of scalars) is stringified whole. */
const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null && !(v instanceof StreamedRows) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
const isLeafRow = (v: object) => !Array.isArray(v) && Object.values(v).every((x) => !isContainer(x) && !(x instanceof StreamedRows));
/** What JSON.stringify leaves out of an object. */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** A StreamedRows met at `indent`: the async writer expands it. */
interface Deferred {
  rows: StreamedRows;
  indent: string;
}

/** A scalar or a row of scalars as JSON text, its continuation lines indented to where it starts (strings never hold a raw newline in JSON). */
const leafText = (value: unknown, indent: string) => (JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', `\n${indent}`);

function* pieces(value: unknown, indent: string): Generator<string | Deferred> {
  if (value instanceof StreamedRows) return yield { rows: value, indent };
  if (!isContainer(value) || isLeafRow(value)) return yield leafText(value, indent);
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
  /** Adds a piece; true when the buffer is due to be flushed (awaiting only then keeps the per-row cost down). */
  const full = (piece: string) => (buffer += piece).length >= CHUNK_CHARS;
  const walk = async (v: unknown, indent: string): Promise<void> => {
    for (const piece of pieces(v, indent)) {
      if (typeof piece !== 'string') await streamed(piece);
      else if (full(piece)) await flush();
    }
  };
  // Same text as the array would give: `[]` when empty, else one row per line at the inner indent.
  const streamed = async ({ rows, indent }: Deferred) => {
    const inner = `${indent}  `;
    let n = 0;
    for await (const chunk of rows.read()) {
      for (const row of chunk) {
        const head = n++ ? `,\n${inner}` : `[\n${inner}`;
        const v = omitted(row) ? null : row;
        // A row of scalars (every row of a metric table) is one piece: what pieces() yields for it, without a generator and an await per row.
        if (!isContainer(v) || isLeafRow(v)) {
          if (full(head + leafText(v, inner))) await flush();
          continue;
        }
        if (full(head)) await flush();
        await walk(v, inner);
      }
    }
    if (full(n ? `\n${indent}]` : '[]')) await flush();
  };
  await walk(value, '');
  buffer += '\n';
  await flush();
}
