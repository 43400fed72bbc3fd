// The CLI writes its report piece by piece (scripts/cli/write-json.ts); the text must be exactly
// what JSON.stringify(value, null, 2) gives, so readers of the report see no difference.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeJson } from '../../../scripts/cli/write-json.ts';

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
