import { describe, expect, it } from 'vitest';
import { comparisonPeriod } from '../../../src/lib/metrics/params.ts';
import { presetPeriod } from '../../../src/lib/view/periods.ts';

// The demo's last day of data is 2026-10-31; presets count back from it (end exclusive).
describe('period presets', () => {
  const last = '2026-10-31';
  it.each([
    ['last7', '2026-10-25', '2026-11-01'], // 25..31 = 7 days
    ['last30', '2026-10-02', '2026-11-01'],
    ['last90', '2026-08-03', '2026-11-01'], // Aug 3..Oct 31: 29 + 30 + 31 = 90 days
    ['this_month', '2026-10-01', '2026-11-01'],
    ['last_month', '2026-09-01', '2026-10-01'],
    ['this_quarter', '2026-10-01', '2026-11-01'],
    ['this_year', '2026-01-01', '2026-11-01'],
    ['last_year', '2025-01-01', '2026-01-01'],
  ] as const)('%s', (preset, from, to) => {
    expect(presetPeriod(preset, last)).toEqual({ from, to });
  });
  it('comparison periods: 环比 is the equal-length period before, 同比 the same dates a year earlier', () => {
    expect(comparisonPeriod({ from: '2026-08-03', to: '2026-11-01' })).toMatchObject({ from: '2026-05-05', to: '2026-08-03' });
    expect(comparisonPeriod({ from: '2024-02-01', to: '2024-03-01' }, 'year_ago')).toMatchObject({ from: '2023-02-01', to: '2023-03-01' });
    // Feb 29 has no twin a year earlier: clamped to Feb 28.
    expect(comparisonPeriod({ from: '2024-02-29', to: '2024-03-01' }, 'year_ago')).toMatchObject({ from: '2023-02-28', to: '2023-03-01' });
  });
});
