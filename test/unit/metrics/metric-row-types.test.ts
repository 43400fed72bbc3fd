// MetricRow types a metric's rows from its declared columns and the vocabulary (checked by `npm run
// typecheck`, which covers the tests; the runtime side is held by catalogue-schema and catalogue-snapshot).
import { describe, expectTypeOf, it } from 'vitest';
import type { MetricRow } from '../../../src/lib/metrics/index.ts';

describe('MetricRow', () => {
  it('a table metric: its declared columns, numbers where the vocabulary has a unit, NULL only where allowed', () => {
    expectTypeOf<MetricRow<'satisfaction_trend'>>().toEqualTypeOf<{
      month: string;
      segment: string | null; // the all-stores row
      nps_responses: number;
      nps: number | null;
      csat_responses: number;
      csat: number | null;
    }>();
    expectTypeOf<MetricRow<'lifecycle_stages'>>().toEqualTypeOf<{ stage: string; members: number; share: number | null }>();
  });
  it('a scalar metric: one value', () => {
    expectTypeOf<MetricRow<'repurchase_rate'>>().toEqualTypeOf<{ value: number | null }>();
  });
});
