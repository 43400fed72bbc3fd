// docs/metrics.md must be the text generated from the catalogue.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderMetricsDoc } from '../../../src/lib/metrics/doc.ts';
import { METRICS } from '../../../src/lib/metrics/index.ts';

describe('docs/metrics.md', () => {
  it('equals the text generated from the catalogue', () => {
    const committed = readFileSync('docs/metrics.md', 'utf8');
    const generated = renderMetricsDoc(METRICS);
    if (committed !== generated) {
      throw new Error('docs/metrics.md is out of date with src/lib/metrics: regenerate it with `npx tsx scripts/gen-metrics-doc.ts`');
    }
  });
  it('lists every metric with both languages and its variants', () => {
    const text = renderMetricsDoc(METRICS);
    for (const m of METRICS) {
      expect(text).toContain(`## ${m.id}\n`);
      expect(text).toContain(m.formula.zh);
      expect(text).toContain(m.formula.en);
      for (const v of m.variants ?? []) expect(text).toContain(`Variant \`${v.param}\``);
    }
  });
});
