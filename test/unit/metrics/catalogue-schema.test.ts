// Every metric of the catalogue binds against the canonical schema (EXPLAIN) and declares its real
// output columns (DESCRIBE), on empty tables: a broken query fails even without a fixture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNumericColumn, type ColumnName } from '../../../src/lib/metrics/columns.ts';
import { METRICS } from '../../../src/lib/metrics/index.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { TABLE_NAMES } from '../../../src/lib/schema.ts';
import { openHarness, type Harness } from './harness.ts';

const P: MetricParams = { from: '2024-01-01', to: '2024-04-01' };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

describe('catalogue against the canonical schema', () => {
  it('ids are unique and every metric is documented in both languages', () => {
    expect(new Set(METRICS.map((m) => m.id)).size).toBe(METRICS.length);
    for (const m of METRICS) {
      expect(m.label.zh && m.label.en && m.formula.zh && m.formula.en, m.id).toBeTruthy();
      expect(
        m.needs.every((t) => TABLE_NAMES.includes(t)),
        m.id,
      ).toBe(true);
      if (m.shape === 'table') expect(m.columns?.length, m.id).toBeGreaterThan(0);
    }
  });
  for (const m of METRICS) {
    it(`${m.id}: EXPLAIN binds, and DESCRIBE shows the declared columns`, async () => {
      const stmt = m.sql(P);
      const plan = await h.engine.rows({ text: `EXPLAIN ${stmt.text}`, params: stmt.params });
      expect(plan.length).toBeGreaterThan(0);
      const described = await h.engine.rows({ text: `DESCRIBE ${stmt.text}`, params: stmt.params });
      expect(described.map((c) => c.column_name)).toEqual(m.shape === 'scalar' ? ['value'] : m.columns);
      // BIGINT / DECIMAL would arrive in JS as BigInt or scaled integers: outputs are DOUBLE or VARCHAR.
      for (const c of described) expect(['DOUBLE', 'VARCHAR'], `${m.id}.${c.column_name}`).toContain(c.column_type);
      // The vocabulary types rows (MetricRow): a column with a unit is a number, any other text.
      if (m.shape === 'table') {
        for (const c of described) expect(c.column_type, `${m.id}.${c.column_name}`).toBe(isNumericColumn(c.column_name as ColumnName) ? 'DOUBLE' : 'VARCHAR');
      }
      if (m.shape === 'scalar') expect(await h.table(m.id, P)).toHaveLength(1);
    });
  }
});
