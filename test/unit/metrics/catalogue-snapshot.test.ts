// Before/after guard for refactors (issue 11: "no behaviour change; every number stays equal"):
// every catalogue metric's output on the demo and on every metrics fixture, reduced to a row count
// and a digest of its rows, compared with the committed snapshot taken before the refactor. A
// mismatch names the dataset, the parameters and the metric whose numbers moved. It also holds the
// SQL to MetricRow's types: a column typed as never NULL must not be NULL here.
// Regenerate only for an intended definition change: `npx vitest run -u test/unit/metrics/catalogue-snapshot.test.ts`.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNullableColumn } from '../../../src/lib/metrics/columns.ts';
import { METRICS, type MetricParams } from '../../../src/lib/metrics/index.ts';
import { addDays, addMonths } from '../../../src/lib/metrics/params.ts';
import { raw } from '../../../src/lib/sql.ts';
import type { Engine } from '../../../workers/engine.ts';
import { ipcToRows } from '../../../workers/engine.ts';
import { END_DATE, MONTHS } from '../../../workers/demo/calendar.ts';
import { loadDemo, type LoadedDemo } from '../demo/load-demo.ts';
import { loadFixture, openHarness, type Harness } from './harness.ts';

/** Numbers to 9 significant digits (the last bits of a float sum may differ between plans), keys sorted. */
function canonical(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Number(value.toPrecision(9)) : String(value);
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** `rows:digest` per metric id: the digest of the rows in the order the metric returns them. */
async function digests(engine: Engine, p: MetricParams): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const m of METRICS) {
    const rows = ipcToRows(await engine.runMetric(m.id, p));
    // MetricRow types these columns as never NULL: hold the SQL to it on every dataset here.
    for (const c of m.shape === 'table' ? (m.columns ?? []) : []) {
      if (!isNullableColumn(c)) expect.soft(rows.filter((r) => r[c] === null).length, `${m.id}.${c} is NULL in ${JSON.stringify(p)}`).toBe(0);
    }
    out[m.id] = `${rows.length}:${createHash('sha256')
      .update(JSON.stringify(canonical(rows)))
      .digest('hex')
      .slice(0, 16)}`;
  }
  return out;
}

/**
 * A whole catalogue per view: generous, because a test that times out under load keeps running in the
 * background and its late snapshots land in the next test's slots (seen with `-u` at load 12).
 */
const CATALOGUE_TIMEOUT = 600_000;

const SWITCHED: Partial<MetricParams> = {
  countZeroAmount: true,
  repurchaseBasis: 'orders',
  npsBy: 'tier',
  rfmScheme: 'cn8',
  lifecycle: { active: 30, atRisk: 60, dormant: 120 },
};

describe('catalogue outputs stay equal across refactors', { timeout: CATALOGUE_TIMEOUT }, () => {
  let demo: LoadedDemo;
  beforeAll(async () => {
    demo = await loadDemo();
  }, 120_000);
  afterAll(() => demo?.close());

  it('demo, whole span and last quarter, default definitions', async () => {
    const to = addDays(END_DATE, 1);
    expect(await digests(demo.engine, { from: addMonths(to, -MONTHS), to })).toMatchSnapshot();
    expect(await digests(demo.engine, { from: addMonths(to, -3), to })).toMatchSnapshot();
  });

  it('demo, a mid-month period with every definition switched and one store', async () => {
    const [{ store }] = await demo.q(`select store from orders where store is not null group by store order by count(*) desc, store limit 1`);
    const p: MetricParams = { from: addMonths(END_DATE, -5).slice(0, 8) + '15', to: addMonths(END_DATE, -1).slice(0, 8) + '10', stores: [String(store)], ...SWITCHED };
    expect(await digests(demo.engine, p)).toMatchSnapshot();
  });

  const fixtures = readdirSync('test/fixtures').filter((d) => d.startsWith('metrics-'));
  it.each(fixtures)('fixture %s over its own span', async (name) => {
    const h: Harness = await openHarness();
    try {
      await loadFixture(h.engine, name);
      const [span] = await h.engine.rows(raw(`select strftime(min(order_time), '%Y-%m-%d') as first, strftime(max(order_time), '%Y-%m-%d') as last from orders`));
      const from = (span.first as string | null) ?? '2024-01-01';
      const to = addDays((span.last as string | null) ?? '2024-12-31', 1);
      expect(await digests(h.engine, { from, to })).toMatchSnapshot();
      expect(await digests(h.engine, { from, to, ...SWITCHED })).toMatchSnapshot();
    } finally {
      h.close();
    }
  });
});
