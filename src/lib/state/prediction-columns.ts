/**
 * The per-member columns of a fit, for the value panel's charts, read from the fit's Arrow IPC one piece per
 * main-thread task: the IPC decode, then each column (session 14). Read in one go they were one task of
 * 47–50 ms CPU at 1M orders (the reply's own task), over 50 ms wall on a 2-core machine whose other core
 * runs the engine.
 */
import { tableFromIPC } from 'apache-arrow';

export interface MemberPredictionColumns {
  x: Float64Array;
  recency: Float64Array;
  pAlive: Float64Array;
  /** NaN where a member has no CLV (no spend model). */
  clv: Float64Array;
}

/** The columns read, in this order, each in a task of its own. */
export const PREDICTION_COLUMNS = ['x', 'recency', 'p_alive', 'clv'] as const;

/**
 * Typed copies of the Arrow buffers (an element-wise iteration of 200k members was a long task on the main
 * thread, and so was a JS array of them with nulls: every value boxed, session 12); a null is NaN.
 * `nextTask` ends the current main-thread task (resolves in a later one): it is awaited after the decode and
 * between columns.
 */
export async function readPredictionColumns(ipc: Uint8Array | null, nextTask: () => Promise<void>): Promise<MemberPredictionColumns | null> {
  if (!ipc) return null;
  const t = tableFromIPC(ipc);
  const col = (name: string): Float64Array => {
    const v = t.getChild(name);
    if (!v) return new Float64Array(0);
    const raw = v.toArray() as ArrayLike<number | bigint>;
    const values = raw instanceof Float64Array ? new Float64Array(raw) : Float64Array.from(raw as ArrayLike<number>, Number);
    // Nulls from each chunk's validity bitmap (Vector.isValid per member was most of this function's time).
    let at = 0;
    for (const d of v.data) {
      const bits = d.nullBitmap;
      if (d.nullCount > 0 && bits?.length)
        for (let i = 0; i < d.length; i++) {
          const b = d.offset + i;
          if (!((bits[b >> 3] >> (b & 7)) & 1)) values[at + i] = Number.NaN;
        }
      at += d.length;
    }
    return values;
  };
  const read: Float64Array[] = [];
  for (const name of PREDICTION_COLUMNS) {
    await nextTask();
    read.push(col(name));
  }
  const [x, recency, pAlive, clv] = read;
  return { x, recency, pAlive, clv };
}
