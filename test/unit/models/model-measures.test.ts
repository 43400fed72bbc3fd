// The model card's numbers, defined once in src/lib/models/model-measures.ts: hand-worked values.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODEL_MEASURES } from '../../../src/lib/models/model-measures.ts';

const measure = (id: string) => MODEL_MEASURES.find((m) => m.id === id)!;

describe('model measures', () => {
  it('mean P(alive): (0.2 + 0.5 + 0.9 + 0.1) / 4 = 0.425; none in scope → null', () => {
    expect(measure('model_mean_p_alive').compute([0.2, 0.5, 0.9, 0.1])).toBeCloseTo(0.425, 12);
    expect(measure('model_mean_p_alive').compute([])).toBeNull();
  });
  it('probably gone counts P(alive) strictly below 0.5: 0.2 and 0.1 of the four (0.5 itself is not)', () => {
    expect(measure('model_likely_lost').compute([0.2, 0.5, 0.9, 0.1])).toBe(2);
    expect(measure('model_likely_lost').compute([])).toBe(0);
  });
  it('each measure has its section line in docs/metrics.md with both formulas', () => {
    const doc = readFileSync('docs/metrics.md', 'utf8');
    for (const m of MODEL_MEASURES) {
      expect(doc).toContain(`**${m.id}**`);
      expect(doc).toContain(m.formula.zh);
      expect(doc).toContain(m.formula.en);
    }
  });
});
