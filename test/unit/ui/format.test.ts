import { describe, expect, it } from 'vitest';
import { formatDelta, formatValue } from '../../../src/lib/format.ts';

describe('number formatting', () => {
  it('uses ¥ and 万/亿 in Chinese, K/M in English', () => {
    expect(formatValue(4_176_000, 'yuan', 'zh')).toBe('¥417.6万');
    expect(formatValue(123_456_789, 'yuan', 'zh')).toBe('¥1.23亿');
    expect(formatValue(28_800, 'count', 'zh')).toBe('2.88万');
    expect(formatValue(4_176_000, 'yuan', 'en')).toBe('¥4.18M');
    expect(formatValue(28_800, 'count', 'en')).toBe('28.8K');
    expect(formatValue(6488, 'count', 'zh')).toBe('6,488');
    expect(formatValue(144.954, 'yuan', 'zh')).toBe('¥144.95');
  });
  it('shows ratios as percentages and undefined values as a dash', () => {
    expect(formatValue(0.6238, 'ratio', 'zh')).toBe('62.4%');
    expect(formatValue(null, 'ratio', 'zh')).toBe('—');
  });
  it('deltas: relative for amounts, percentage points for ratios', () => {
    expect(formatDelta(110, 100, 'yuan')).toMatchObject({ direction: 'up', text: '▲ 10.0%' });
    expect(formatDelta(0.5, 0.52, 'ratio')).toMatchObject({ direction: 'down', text: '▼ 2.0pp' });
    expect(formatDelta(5, 0, 'count')).toMatchObject({ change: null, text: '—' });
  });
});
