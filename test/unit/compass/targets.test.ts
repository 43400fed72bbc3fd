import { describe, expect, it } from 'vitest';
import { loadTargets, parseTargetInput, saveTargets, sanitizeTargets, targetInputText, TARGETS_STORAGE_KEY } from '../../../src/lib/compass/targets.ts';
import { churnWindow, LONG_TREND_MONTHS, monthlyWindow } from '../../../src/lib/compass/windows.ts';

class MemoryStorage {
  items = new Map<string, string>();
  getItem = (k: string) => this.items.get(k) ?? null;
  setItem = (k: string, v: string) => void this.items.set(k, v);
  removeItem = (k: string) => void this.items.delete(k);
}

describe('compass targets', () => {
  it('round-trip through storage; empty targets remove the entry', () => {
    const store = new MemoryStorage();
    saveTargets({ repurchase_rate: 0.6, nps: 30 }, store);
    expect(loadTargets(store)).toEqual({ repurchase_rate: 0.6, nps: 30 });
    saveTargets({}, store);
    expect(store.items.has(TARGETS_STORAGE_KEY)).toBe(false);
    expect(loadTargets(store)).toEqual({});
  });
  it('distrust storage: unknown KPIs, non-numbers and bad JSON are dropped', () => {
    expect(sanitizeTargets({ aov: 150, bogus: 1, nps: 'x', conversion_rate: Number.NaN })).toEqual({ aov: 150 });
    const store = new MemoryStorage();
    store.setItem(TARGETS_STORAGE_KEY, '{not json');
    expect(loadTargets(store)).toEqual({});
    expect(loadTargets(undefined)).toEqual({});
  });
  it('form text: ratios in percent, empty = median, garbage flagged', () => {
    expect(parseTargetInput('60', 'ratio')).toBeCloseTo(0.6);
    expect(parseTargetInput(' 62.5% ', 'ratio')).toBeCloseTo(0.625);
    expect(parseTargetInput('150', 'yuan')).toBe(150);
    expect(parseTargetInput('', 'yuan')).toBeUndefined();
    expect(parseTargetInput('abc', 'score')).toBe('invalid');
    expect(targetInputText(0.625, 'ratio')).toBe('62.5');
    expect(targetInputText(undefined, 'ratio')).toBe('');
  });
});

describe('monthlyWindow', () => {
  it('widens a short period to 12 whole months before its end', () => {
    expect(monthlyWindow({ from: '2026-08-03', to: '2026-11-01' })).toEqual({ from: '2025-11-01', to: '2026-11-01' });
  });
  it('keeps a longer period, starting on its first month', () => {
    expect(monthlyWindow({ from: '2024-11-15', to: '2026-11-01' })).toEqual({ from: '2024-11-01', to: '2026-11-01' });
  });
  it('long-run charts reach back 24 months, never shortening a longer period', () => {
    expect(monthlyWindow({ from: '2026-08-03', to: '2026-11-01' }, null, LONG_TREND_MONTHS)).toEqual({ from: '2024-11-01', to: '2026-11-01' });
    expect(monthlyWindow({ from: '2020-01-01', to: '2026-11-01' }, null, LONG_TREND_MONTHS)).toEqual({ from: '2020-01-01', to: '2026-11-01' });
  });
  it("regression: six months of data draw six months, not an axis reaching back before the data's first month", () => {
    const data = { firstOrderDate: '2024-01-17', lastOrderDate: '2024-06-28' };
    expect(monthlyWindow({ from: '2024-03-31', to: '2024-06-29' }, data)).toEqual({ from: '2024-01-01', to: '2024-06-29' });
    expect(monthlyWindow({ from: '2024-03-31', to: '2024-06-29' }, data, LONG_TREND_MONTHS)).toEqual({ from: '2024-01-01', to: '2024-06-29' });
  });
});

describe('churnWindow', () => {
  it('starts at the first month whose churn can be observed (first order + dormant days)', () => {
    const data = { firstOrderDate: '2024-01-17' };
    expect(churnWindow({ from: '2025-08-01', to: '2025-11-01' }, data, 365)).toEqual({ from: '2025-01-01', to: '2025-11-01', clipped: true });
  });
  it('is unclipped when the data is old enough', () => {
    expect(churnWindow({ from: '2026-08-01', to: '2026-11-01' }, { firstOrderDate: '2020-01-01' }, 365)).toEqual({ from: '2024-11-01', to: '2026-11-01', clipped: false });
  });
  it('regression: with less history than the dormant limit there is no window (the panel says so) instead of two years of empty chart', () => {
    expect(churnWindow({ from: '2024-03-31', to: '2024-06-29' }, { firstOrderDate: '2024-01-17' }, 365)).toBeNull();
    expect(churnWindow({ from: '2024-03-31', to: '2024-06-29' }, { firstOrderDate: '2024-01-17' }, 90)).toEqual({ from: '2024-04-01', to: '2024-06-29', clipped: true });
  });
});
