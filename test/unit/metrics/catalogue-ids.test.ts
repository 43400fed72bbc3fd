// Catalogue ids are a type (MetricId) and lookups need no `!`; ids from outside the code go through
// findMetric/isMetricId. The compass KPI ids, typed separately to avoid an import cycle, must be catalogue ids.
import { describe, expect, it } from 'vitest';
import { findMetric, getMetric, isMetricId, METRICS } from '../../../src/lib/metrics/index.ts';
import { COMPASS_KPIS } from '../../../src/lib/metrics/store-compass.ts';

describe('catalogue ids', () => {
  it('every compass KPI is a scalar catalogue metric', () => {
    for (const k of COMPASS_KPIS) {
      expect(isMetricId(k.id), k.id).toBe(true);
      expect(getMetric(k.id).shape).toBe('scalar');
    }
  });
  it('findMetric answers ids from outside the code; unknown ones are undefined, not a crash', () => {
    for (const m of METRICS) expect(findMetric(m.id)).toBe(m);
    expect(findMetric('no_such_metric')).toBeUndefined();
    expect(isMetricId('no_such_metric')).toBe(false);
  });
});
