// The demo must be reproducible byte for byte (the same seed everywhere, every start) and must
// actually depend on its seed. Building blocks are checked against independent references.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TABLE_NAMES, TABLES, type TableName } from '../../../src/lib/schema.ts';
import { buildCalendar, civilFromDays, daysFromCivil, DAYS, END_DATE, isoOfDay } from '../../../workers/demo/calendar.ts';
import { DEFAULT_SEED, generateDemo } from '../../../workers/demo/generate.ts';
import { createRng, cumulative } from '../../../src/lib/rng.ts';

const hashes = (tables: Record<TableName, string>) => Object.fromEntries(TABLE_NAMES.map((t) => [t, createHash('sha256').update(tables[t]).digest('hex')]));

describe('generateDemo determinism', () => {
  it('same seed → byte-identical tables; another seed → every table differs', () => {
    const a = generateDemo();
    const b = generateDemo({ seed: DEFAULT_SEED });
    const c = generateDemo({ seed: 7 });
    expect(a.seed).toBe(DEFAULT_SEED);
    expect(c.seed).toBe(7);
    expect(a.endDate).toBe('2026-10-31');
    expect(c.endDate).toBe('2026-10-31'); // the calendar is fixed, only the draws change
    const ha = hashes(a.tables);
    expect(hashes(b.tables)).toEqual(ha);
    const hc = hashes(c.tables);
    for (const t of TABLE_NAMES) expect(hc[t], t).not.toBe(ha[t]);
    // Header rows are the canonical column order.
    for (const t of TABLE_NAMES) expect(a.tables[t].slice(0, a.tables[t].indexOf('\n'))).toBe(TABLES[t].map((col) => col.name).join(','));
  });
});

describe('rng', () => {
  it('is a fixed stream per seed, uniform in [0, 1)', () => {
    const r1 = createRng(42);
    const r2 = createRng(42);
    const xs = Array.from({ length: 20_000 }, () => r1.next());
    expect(Array.from({ length: 20_000 }, () => r2.next())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 1); // σ of the mean ≈ 0.002
    expect(createRng(43).next()).not.toBe(createRng(42).next());
  });
  it('poisson, gamma and pick have the right means', () => {
    const r = createRng(1);
    const n = 20_000;
    let p = 0;
    let g = 0;
    const counts = [0, 0, 0];
    const table = cumulative([1, 2, 7]);
    for (let i = 0; i < n; i++) {
      p += r.poisson(3);
      g += r.gamma(1.6);
      counts[r.pick(table)]++;
    }
    expect(p / n).toBeCloseTo(3, 1); // Poisson(3): mean 3, σ of the mean ≈ 0.012
    expect(g / n).toBeCloseTo(1.6, 1); // Gamma(1.6, 1): mean 1.6
    expect(counts.map((c) => c / n)).toEqual([expect.closeTo(0.1, 1), expect.closeTo(0.2, 1), expect.closeTo(0.7, 1)]);
  });
});

describe('calendar', () => {
  it('civil-date arithmetic agrees with Date.UTC over 1960–2030', () => {
    for (let day = daysFromCivil(1960, 1, 1); day <= daysFromCivil(2030, 12, 31); day += 3) {
      const d = new Date(day * 86_400_000);
      expect(civilFromDays(day)).toEqual([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]);
    }
    expect(daysFromCivil(2024, 2, 29)).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
  });
  it('covers exactly the 24 months 2024-11-01 … 2026-10-31', () => {
    const cal = buildCalendar();
    expect(DAYS).toBe(365 + 365); // Nov 2024–Oct 2025 and Nov 2025–Oct 2026 (no Feb 29 in between)
    expect(cal.date[0]).toBe('2024-11-01');
    expect(cal.date[DAYS - 1]).toBe(END_DATE);
    expect(cal.weekday[0]).toBe(5); // 2024-11-01 was a Friday
    expect(cal.monthStart[12]).toBe(365); // 2025-11-01
    expect(cal.month[DAYS - 1]).toBe(23);
    expect(isoOfDay(-1)).toBe('2024-10-31');
  });
});
