import { describe, expect, it } from 'vitest';
import { formatDate, formatDelta, formatPeriod, formatValue } from '../../../src/lib/format.ts';

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

describe('dates in the locale form', () => {
  it('zh 2026/08/03, en 3 Aug 2026; periods show their last day', () => {
    expect(formatDate('2026-08-03', 'zh')).toBe('2026/08/03');
    expect(formatDate('2026-08-03', 'en')).toBe('3 Aug 2026');
    expect(formatPeriod('2026-08-03', '2026-11-01', 'zh')).toBe('2026/08/03 ~ 2026/10/31');
    expect(formatPeriod('2024-02-01', '2024-03-01', 'en')).toBe('1 Feb 2024 ~ 29 Feb 2024');
  });
});
