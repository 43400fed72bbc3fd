// The response window from the URL option o.rw: whole days 1–365, anything else the default 30.
import { describe, expect, it } from 'vitest';
import { responseWindowOf } from '../../../src/lib/campaigns/response-window.ts';

describe('responseWindowOf', () => {
  it('keeps whole days from 1 to 365', () => {
    expect(responseWindowOf('1')).toBe(1);
    expect(responseWindowOf('14')).toBe(14);
    expect(responseWindowOf('365')).toBe(365);
  });
  it('falls back to 30 days for missing, empty, fractional or out-of-range values', () => {
    for (const v of [undefined, '', '0', '366', '7.5', 'abc', '-3']) expect(responseWindowOf(v), String(v)).toBe(30);
  });
});
