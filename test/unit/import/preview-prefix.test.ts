// A preview decodes only the start of a text file (a 600 MB export must not become one string just
// to show its first rows): the decoder never sees more than the preview's share of the bytes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { previewFile } from '../../../workers/import/index.ts';

afterEach(() => vi.restoreAllMocks());

describe('preview of a large text file', () => {
  it('decodes a prefix only, and still reports the whole size and the first rows', async () => {
    const header = '订单号,下单时间,会员卡号,门店,实付金额\n';
    const row = (i: number) => `O${i},2025-03-01 10:00:00,M${i % 50},旗舰店,${10 + (i % 90)}\n`;
    const text = header + Array.from({ length: 200_000 }, (_, i) => row(i)).join('');
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBeGreaterThan(8 * 1024 * 1024);
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const preview = await previewFile({ name: 'orders.csv', bytes });
    const largest = Math.max(...decode.mock.calls.map(([input]) => (input as Uint8Array | undefined)?.byteLength ?? 0));
    expect(largest).toBeLessThanOrEqual(512 * 1024 * 4 + 4);
    expect(preview.kind).toBe('orders');
    expect(preview.sample[0]).toEqual(['O0', '2025-03-01 10:00:00', 'M0', '旗舰店', '10']);
  });
});

describe('preview prefix boundary', () => {
  it('a multi-byte character at the cut is not reported as a non-UTF-8 line', async () => {
    // Rows mostly of 3-byte characters, in three lengths: wherever the cut falls, most cuts split one.
    for (const n of [30, 31, 32]) {
      const header = '订单号,下单时间,会员卡号,门店,实付金额\n';
      const text = header + Array.from({ length: 40_000 }, (_, i) => `O${i},2025-03-01 10:00:00,M${i},${'门'.repeat(n)},${10 + (i % 90)}\n`).join('');
      const preview = await previewFile({ name: 'orders.csv', bytes: new TextEncoder().encode(text) });
      expect(
        preview.warnings.filter((w) => w.includes('UTF-8')),
        `row length ${n}`,
      ).toEqual([]);
    }
  });
});
