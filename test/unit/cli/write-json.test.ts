// The CLI writes its report piece by piece (scripts/cli/write-json.ts); the text must be exactly
// what JSON.stringify(value, null, 2) gives, so readers of the report see no difference.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StreamedRows, writeJson } from '../../../scripts/cli/write-json.ts';

async function written(value: unknown, highWaterMark = 16): Promise<{ text: string; writes: number }> {
  const parts: string[] = [];
  const out = new Writable({
    highWaterMark, // tiny: every write reports backpressure, so the drain wait is exercised
    write(chunk, _enc, done) {
      parts.push(String(chunk));
      setImmediate(done);
    },
  });
  await writeJson(value, out);
  return { text: parts.join(''), writes: parts.length };
}

const report = {
  command: 'report',
  period: { from: '2025-10-01', to: '2025-12-31' },
  skipped: undefined,
  imports: [{ file: '订单.csv', rowsRead: 3, firstRejections: [], warnings: [{ code: 'x', message: 'a "quoted"\nline' }] }],
  metrics: {
    gmv: 1234.5,
    empty_table: [],
    nothing: null,
    rfm_members: [
      { member_id: 'M1', r: 5, f: null, label: '重要价值' },
      { member_id: 'M2', r: 1, f: 2, label: 'x\ty' },
    ],
    nested: [[1, 2], [], [{ a: [] }], { when: new Date(Date.UTC(2025, 0, 2)) }],
  },
  list: [undefined, () => 1, 0, -0, false, ''],
  emptyObject: {},
};

describe('writeJson', () => {
  it('writes exactly JSON.stringify(value, null, 2) plus a newline, nested containers, empties, undefined and Dates included', async () => {
    expect((await written(report)).text).toBe(`${JSON.stringify(report, null, 2)}\n`);
    for (const v of [1, 'a', null, [], {}, [[]], { a: {} }]) expect((await written(v)).text).toBe(`${JSON.stringify(v, null, 2)}\n`);
  });

  it('a large table goes out in several writes, never as one string', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => ({ member_id: `M${i}`, spend: i * 1.5, segment: '重要价值客户' }));
    const { text, writes } = await written({ metrics: { rfm_members: rows } }, 1 << 16);
    expect(writes).toBeGreaterThan(2);
    expect(text).toBe(`${JSON.stringify({ metrics: { rfm_members: rows } }, null, 2)}\n`);
  });
});

describe('writeJson with StreamedRows', () => {
  const pieceOf = (k: number, n: number) => Array.from({ length: n }, (_, i) => ({ member_id: `M${k}-${i}`, spend: i * 1.5, segment: '重要价值客户' }));

  it('writes a streamed table as the same text as the whole array, empty ones as []', async () => {
    const pieces = [pieceOf(0, 3), [], pieceOf(1, 2)];
    const streamed = new StreamedRows(async function* () {
      yield* pieces;
    });
    const none = new StreamedRows(async function* () {});
    const value = { metrics: { a: 1, rfm_members: streamed, empty: none, nested: [{ x: streamed }] } };
    const whole = { metrics: { a: 1, rfm_members: pieces.flat(), empty: [], nested: [{ x: pieces.flat() }] } };
    expect((await written(value)).text).toBe(`${JSON.stringify(whole, null, 2)}\n`);
  });

  it('writes streamed rows of every kind as JSON.stringify would: rows of scalars (one piece each), nested rows, non-objects, omitted values as null', async () => {
    const mixed = [
      { a: 1, b: 'x\n"y"', c: null, d: true, e: -0, f: undefined, g: new Date(Date.UTC(2025, 0, 2)) },
      undefined,
      () => 1,
      [1, [2, {}]],
      { nested: { deep: [1, { z: [] }] }, flat: 2 },
      'text',
      7,
      null,
      {},
      [],
      { when: new Date(Date.UTC(2024, 1, 29)) },
    ];
    const pieces = [mixed.slice(0, 4), [], mixed.slice(4)];
    const streamed = new StreamedRows(async function* () {
      yield* pieces;
    });
    const value = { metrics: { t: streamed, after: [{ k: 1 }] } };
    const whole = { metrics: { t: mixed, after: [{ k: 1 }] } };
    expect((await written(value)).text).toBe(`${JSON.stringify(whole, null, 2)}\n`);
  });

  it('reads the next piece only after the earlier ones went out: a streamed table is never held whole', async () => {
    const PIECES = 6;
    let out = '';
    const seenBeforePiece: number[] = [];
    const streamed = new StreamedRows(async function* () {
      for (let k = 0; k < PIECES; k++) {
        seenBeforePiece.push(out.split('"member_id"').length - 1); // rows already written when piece k is asked for
        yield pieceOf(k, 20_000); // ~1.6 MB of text a piece: more than the writer buffers
      }
    });
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        setImmediate(done);
      },
    });
    await writeJson({ rfm_members: streamed }, sink);
    expect(out).toBe(`${JSON.stringify({ rfm_members: Array.from({ length: PIECES }, (_, k) => pieceOf(k, 20_000)).flat() }, null, 2)}\n`);
    // Before piece k (k ≥ 2) was read, most of the rows of pieces 0…k-2 were already on the stream.
    for (let k = 2; k < PIECES; k++) expect(seenBeforePiece[k]).toBeGreaterThanOrEqual((k - 1) * 20_000 - 20_000 / 2);
  });
});
