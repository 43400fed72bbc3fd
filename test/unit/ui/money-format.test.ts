// One money format per column (issue 10): never ¥9881.9 next to ¥8,008 next to ¥1.9万.
import { describe, expect, it } from 'vitest';
import { columnFormatter, moneyFormatter } from '../../../src/lib/format.ts';

describe('moneyFormatter', () => {
  it('below ¥10万: ¥ with thousands separators and two decimals for every cell', () => {
    const f = moneyFormatter([9881.9, 8008, 13179.600000000002], 'zh');
    expect([9881.9, 8008, 13179.600000000002, 0.5].map(f)).toEqual(['¥9,881.90', '¥8,008.00', '¥13,179.60', '¥0.50']);
  });
  it('a column reaching ¥10万 shows every cell in 万 with two decimals (the small ones too)', () => {
    const f = moneyFormatter([21_700, 9881.9, 125_000], 'zh');
    expect([21_700, 9881.9, 125_000].map(f)).toEqual(['¥2.17万', '¥0.99万', '¥12.50万']);
  });
  it('English: separators up to ¥1M, then M for the whole column; negatives and missing values', () => {
    expect(moneyFormatter([125_000], 'en')(125_000)).toBe('¥125,000.00');
    const f = moneyFormatter([2_500_000, -300], 'en');
    expect([2_500_000, -300, null].map(f)).toEqual(['¥2.50M', '-¥0.00M', '—']);
  });
  it('columnFormatter: money by column, other units as on a tile', () => {
    expect(columnFormatter('yuan', [1, 2], 'zh')(1)).toBe('¥1.00');
    expect(columnFormatter('ratio', [0.5], 'zh')(0.123)).toBe('12.3%');
    expect(columnFormatter(undefined, [], 'zh')(null)).toBe('—');
  });
});
