// Order statistics by selection (src/lib/charts/select.ts), against a full sort as the reference,
// and the two value-panel readings built on it (the CLV histogram's p99, the top-20 % share).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { selectInPlace } from '../../../src/lib/charts/select.ts';
import { histogram } from '../../../src/lib/charts/clv.ts';
import { valueConcentrationShare, valueConcentrationTakeaway, valueConcentrationText } from '../../../src/lib/view/takeaway.ts';

describe('selectInPlace', () => {
  it('returns the k-th of the sorted values and partitions around it (any input, any k)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true })), { minLength: 1, maxLength: 300 }), fc.nat(), (values, kSeed) => {
        const k = kSeed % values.length;
        const a = Float64Array.from(values);
        const sorted = Float64Array.from(values).sort();
        // -0 and 0 are one value to a selection (Float64Array's sort orders -0 first; quickselect need not).
        expect(selectInPlace(a, k) === sorted[k]).toBe(true);
        expect(a[k] === sorted[k]).toBe(true);
        for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(a[k]);
        for (let i = k + 1; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(a[k]);
        // a permutation of the input (zeros compared by value)
        expect(Array.from(Float64Array.from(a).sort(), (x) => x + 0)).toEqual(Array.from(sorted, (x) => x + 0));
      }),
      { numRuns: 300 },
    );
  });
  it('sorted, reversed and all-equal inputs; k out of range throws', () => {
    const n = 10_001;
    const up = Float64Array.from({ length: n }, (_, i) => i);
    expect(selectInPlace(up, 5000)).toBe(5000);
    const down = Float64Array.from({ length: n }, (_, i) => n - 1 - i);
    expect(selectInPlace(down, 9_999)).toBe(9_999);
    expect(selectInPlace(new Float64Array(n).fill(7), 123)).toBe(7);
    expect(selectInPlace(Float64Array.from([-0, 0]), 0) === 0).toBe(true); // the counterexample fast-check once found
    expect(() => selectInPlace(new Float64Array(3), 3)).toThrow(RangeError);
    expect(() => selectInPlace(new Float64Array(0), 0)).toThrow(RangeError);
  });
});

/** The histogram as first written (session 5–11): sort, p99 from the sorted copy, bins from it. */
function sortedHistogram(values: readonly (number | null)[], binCount = 20) {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v)).map((v) => Math.max(0, v));
  if (!xs.length) return [];
  xs.sort((a, b) => a - b);
  const cap = xs[Math.min(xs.length - 1, Math.floor(0.99 * xs.length))];
  if (cap <= 0) return [{ from: 0, to: null, count: xs.length }];
  const power = 10 ** Math.floor(Math.log10(cap / binCount));
  const width = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= cap / binCount - 1e-9 * power)!;
  const n = Math.ceil(cap / width);
  const bins = Array.from({ length: n }, (_, i) => ({ from: i * width, to: ((i + 1) * width) as number | null, count: 0 }));
  let tail = 0;
  for (const v of xs)
    if (v >= n * width) tail++;
    else bins[Math.min(n - 1, Math.floor(v / width))].count++;
  return tail ? [...bins, { from: n * width, to: null, count: tail }] : bins;
}

describe('value panel readings by selection', () => {
  it('histogram equals the sort-based histogram (amounts in cents; nulls, NaN, negatives, ties)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constant(null),
            fc.constant(Number.NaN),
            fc.integer({ min: -50, max: 5000 }),
            fc.integer({ min: -1000, max: 100_000_000 }).map((cents) => cents / 100),
          ),
          { maxLength: 400 },
        ),
        (values) => {
          expect(histogram(values)).toEqual(sortedHistogram(values));
          expect(histogram(Float64Array.from(values, (v) => v ?? Number.NaN))).toEqual(sortedHistogram(values));
        },
      ),
      { numRuns: 300 },
    );
  });
  it('top-20 % share: 100 members 1..100 → top 20 (81..100) bring 1810 of 5050 = 36 %; NaN and ≤ 0 skipped', () => {
    const values = [...Array.from({ length: 100 }, (_, i) => 100 - i), null, Number.NaN, 0, -3];
    expect(valueConcentrationTakeaway(values, 'en')).toBe('The top 20% of members by predicted value bring 36% of future spend');
    expect(
      valueConcentrationTakeaway(
        Float64Array.from(values, (v) => v ?? Number.NaN),
        'zh',
      ),
    ).toBe('预测价值最高的 20% 会员贡献 36% 的未来消费');
    expect(valueConcentrationTakeaway(Float64Array.from([1, 2, 3, Number.NaN]), 'zh')).toBeNull();
    // the value panel's two halves: the share (read once, off the render) and its words (per language)
    expect(valueConcentrationShare(values)).toBeCloseTo(1810 / 5050, 12);
    expect(valueConcentrationText(valueConcentrationShare(values), 'en')).toBe(valueConcentrationTakeaway(values, 'en'));
    expect(valueConcentrationShare([1, 2, 3, 4])).toBeNull();
    expect(valueConcentrationText(null, 'zh')).toBeNull();
  });
});
