// bench/click-sections.ts (session 12): what a click waited for, from the engine's logged sections.
import { describe, expect, it } from 'vitest';
import { parseSection, waitedFor } from '../../../bench/click-sections.ts';

describe('click sections', () => {
  it('parses a [sec] line (prefetch or not) and nothing else', () => {
    expect(parseSection('[sec] req-10 P start 587636 q 291 run 28577')).toEqual({ id: 'req-10', prefetch: true, start: 587636, run: 28577 });
    expect(parseSection('[sec] - start 100 q 0 run 40')).toEqual({ id: '-', prefetch: false, start: 100, run: 40 });
    expect(parseSection('[other] x')).toBeNull();
  });

  it('lists the sections within the wait, by their ms inside it, longest first; those started before the click marked', () => {
    const sections = [
      { id: 'req-10', prefetch: true, start: 1000, run: 5000 }, // 1,000–6,000: 3,000 ms inside 3,000–7,000
      { id: 'fit', prefetch: true, start: 6000, run: 500 }, // inside: 500
      { id: 'req-11', prefetch: false, start: 6500, run: 10 }, // 10 ms: left out
      { id: 'late', prefetch: false, start: 7000, run: 100 }, // after the strip
    ];
    expect(waitedFor(sections, 3000, 4000)).toBe('req-10 P 3000 (before), fit P 500');
    expect(waitedFor([], 0, 100)).toBe('none logged');
  });
});
