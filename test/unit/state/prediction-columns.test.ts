// Session 14 (issue 14, wall-time long tasks on the value panel): the fit's per-member columns are read from
// its Arrow IPC one piece per main-thread task — the decode, then each column — not all in the reply's task.
import { describe, expect, it } from 'vitest';
import { Float64, Table, tableToIPC, vectorFromArray } from 'apache-arrow';
import { PREDICTION_COLUMNS, readPredictionColumns } from '../../../src/lib/state/prediction-columns.ts';

/** Three members, hand-made: member 2 has no CLV (null). */
function ipc(): Uint8Array {
  const t = new Table({
    x: vectorFromArray([0, 2, 5], new Float64()),
    recency: vectorFromArray([1.5, 0, 10], new Float64()),
    p_alive: vectorFromArray([0.9, 0.25, 1], new Float64()),
    clv: vectorFromArray([12.5, null, 3], new Float64()),
  });
  return tableToIPC(t, 'stream');
}

describe('readPredictionColumns', () => {
  it('reads every column as Float64Array, a null as NaN', async () => {
    const read = await readPredictionColumns(ipc(), async () => {});
    expect([...read!.x]).toEqual([0, 2, 5]);
    expect([...read!.recency]).toEqual([1.5, 0, 10]);
    expect([...read!.pAlive]).toEqual([0.9, 0.25, 1]);
    expect(read!.clv[0]).toBe(12.5);
    expect(Number.isNaN(read!.clv[1])).toBe(true);
    expect(read!.clv[2]).toBe(3);
    expect(await readPredictionColumns(null, async () => {})).toBeNull();
  });

  it('ends the task before the first column and between columns: the caller task reads none', async () => {
    // Task boundaries the test holds: the read may go on only when the test lets the boundary pass.
    const held: (() => void)[] = [];
    let done = false;
    const read = readPredictionColumns(ipc(), () => new Promise<void>((resolve) => held.push(resolve))).then((r) => {
      done = true;
      return r;
    });
    const settle = () => new Promise((r) => setTimeout(r, 0));
    await settle();
    expect(held).toHaveLength(1); // the decode ran, then the first boundary: no column yet
    for (let k = 1; k <= PREDICTION_COLUMNS.length; k++) {
      expect(done).toBe(false);
      held[k - 1]();
      await settle();
      expect(held).toHaveLength(Math.min(k + 1, PREDICTION_COLUMNS.length)); // one column per boundary
    }
    expect(done).toBe(true);
    expect([...(await read)!.x]).toEqual([0, 2, 5]);
  });
});
