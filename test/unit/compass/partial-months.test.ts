// Which months of a month-by-month chart's window hold only part of the month (worked out by hand).
import { describe, expect, it } from 'vitest';
import { partialMonths, partialMonthsNote } from '../../../src/lib/compass/windows.ts';

describe('partialMonths', () => {
  it('a window of whole months has none', () => {
    expect(partialMonths({ from: '2024-01-01', to: '2024-04-01' })).toEqual([]);
  });
  it('a period ending on the 9th (to = the 10th, exclusive): the last month holds days 1–9', () => {
    expect(partialMonths({ from: '2010-12-01', to: '2011-12-10' })).toEqual([{ month: '2011-12', firstDay: 1, lastDay: 9 }]);
  });
  it('a start after the 1st and an end before the month end; February of a leap year', () => {
    expect(partialMonths({ from: '2011-09-11', to: '2011-12-10' })).toEqual([
      { month: '2011-09', firstDay: 11, lastDay: 30 },
      { month: '2011-12', firstDay: 1, lastDay: 9 },
    ]);
    expect(partialMonths({ from: '2024-02-01', to: '2024-02-29' })).toEqual([{ month: '2024-02', firstDay: 1, lastDay: 28 }]);
    expect(partialMonths({ from: '2024-02-01', to: '2024-03-01' })).toEqual([]);
  });
  it('one month cut at both ends is listed once', () => {
    expect(partialMonths({ from: '2024-03-05', to: '2024-03-06' })).toEqual([{ month: '2024-03', firstDay: 5, lastDay: 5 }]);
  });
});

describe('partialMonthsNote', () => {
  it('names the months and days in the page language, and is null for whole months', () => {
    expect(partialMonthsNote({ from: '2010-12-01', to: '2011-12-10' }, 'zh')).toBe('2011-12 只含 1–9 日（不是整月），与整月比较时请留意。');
    expect(partialMonthsNote({ from: '2024-03-05', to: '2024-03-06' }, 'en')).toBe('2024-03 covers day 5 only (not a whole month): compare with whole months with care.');
    expect(partialMonthsNote({ from: '2024-01-01', to: '2024-02-01' }, 'zh')).toBeNull();
  });
});
