// `store-compass report` computes the RFM snapshot once (shared-sql.ts: a table built from the catalogue's own SQL,
// read by every statement holding it) and answers the metrics driven by an empty table (surveys, benefits) from an
// engine with every table empty (main.ts DRIVEN_BY). Neither may change a single value: each report is compared
// with the plain catalogue run (every metric's SQL as the catalogue builds it, over the loaded data).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DRIVEN_BY, emptyAnswers, main } from '../../../scripts/cli/main.ts';
import { openCliEngine } from '../../../scripts/cli/open-engine.ts';
import { loadFiles } from '../../../scripts/cli/load-files.ts';
import { sharedSnapshots, substituteShared, uses } from '../../../scripts/cli/shared-sql.ts';
import { syntheticOrdersText } from '../../../bench/synthetic-orders.ts';
import { METRICS } from '../../../src/lib/metrics/index.ts';
import { rfmMembersSql } from '../../../src/lib/metrics/rfm.ts';
import { buyerDays, memberHistory } from '../../../src/lib/metrics/history.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { sql } from '../../../src/lib/sql.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli-sharing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The bench's shape at 4,000 orders: ~800 members, RFM ties in every score, walk-ins, an unreadable amount.
const synthetic = join(dir, 'orders-4k.csv');
writeFileSync(synthetic, syntheticOrdersText(4000));

/**
 * Numbers to 12 significant digits: DuckDB sums doubles in parallel, so two runs of the same SQL can differ in the
 * last bit (92393.47 vs 92393.46999999999); any real change of a value still shows.
 */
const settled = (x: unknown): unknown =>
  typeof x === 'number'
    ? Number(x.toPrecision(12))
    : Array.isArray(x)
      ? x.map(settled)
      : x && typeof x === 'object'
        ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, settled(v)]))
        : x;

const CASES: Record<string, string[]> = {
  // orders only: the snapshot shared, surveys and benefits empty (their metrics answered from the empty engine)
  synthetic: ['report', synthetic, '--from', '2025-10-03', '--to', '2025-12-31'],
  'synthetic, another period': ['report', synthetic, '--from', '2025-03-01', '--to', '2025-06-15'],
  // surveys present: nps_by_rfm reads the shared snapshot with respondents in it
  satisfaction: ['report', ...['members', 'orders', 'surveys'].map((t) => `test/fixtures/metrics-satisfaction/${t}.csv`), '--from', '2024-03-01', '--to', '2024-04-01'],
  'members-list': ['report', ...['members', 'orders', 'surveys'].map((t) => `test/fixtures/members-list/${t}.csv`), '--from', '2024-06-01', '--to', '2024-07-01'],
  // benefits present: their metrics computed; surveys empty
  benefits: ['report', ...['members', 'orders', 'benefits', 'campaigns'].map((t) => `test/fixtures/metrics-benefits/${t}.csv`), '--from', '2024-03-01', '--to', '2024-04-01'],
  'rfm ties': ['report', 'test/fixtures/metrics-rfm-ties/orders.csv', '--from', '2024-01-01', '--to', '2024-12-31'],
};

describe('report: shared RFM snapshot, shared member histories and empty-table answers change no value', () => {
  for (const [name, argv] of Object.entries(CASES)) {
    it(`${name}: identical to the plain catalogue run`, async () => {
      const plain = await main(argv, { share: false, skipEmpty: false });
      const planned = await main(argv);
      expect(settled(planned)).toEqual(settled(plain));
    });
  }
});

describe('empty-table answers', () => {
  it('each DRIVEN_BY metric: the empty engine answers exactly what its SQL gives over orders and members with that table empty', async () => {
    const files = ['members', 'orders'].map((t) => `test/fixtures/metrics-satisfaction/${t}.csv`);
    const { driver, engine } = await openCliEngine(files, { memoryLimit: '256MB' });
    try {
      await loadFiles(engine, files);
      const { tables } = await engine.dataset();
      expect(tables.orders).toBeGreaterThan(0);
      expect(tables.members).toBeGreaterThan(0);
      const ids = Object.keys(DRIVEN_BY);
      for (const t of new Set(Object.values(DRIVEN_BY))) expect(tables[t], t).toBe(0);
      for (const params of [
        { from: '2024-03-01', to: '2024-04-01' },
        { from: '2024-02-01', to: '2024-03-20', stores: ['店A'], rfmScheme: 'cn8' },
      ] as MetricParams[]) {
        const answers = await emptyAnswers(ids, params);
        expect([...answers.keys()].sort()).toEqual([...ids].sort());
        for (const id of ids) expect(ipcToRows(answers.get(id)!), id).toEqual(ipcToRows(await engine.runMetric(id, params)));
      }
    } finally {
      driver.close();
    }
  });

  it('the scalars among them read as the SQL says over no rows: a count 0, a ratio null', async () => {
    const answers = await emptyAnswers(['survey_responses', 'nps', 'csat', 'benefit_funnel'], { from: '2024-01-01', to: '2024-02-01' });
    expect(ipcToRows(answers.get('survey_responses')!)).toEqual([{ value: 0 }]);
    expect(ipcToRows(answers.get('nps')!)).toEqual([{ value: null }]);
    expect(ipcToRows(answers.get('csat')!)).toEqual([{ value: null }]);
    expect(ipcToRows(answers.get('benefit_funnel')!)).toEqual([]);
  });
});

describe('substituteShared', () => {
  const fragment = sql`SELECT x FROM t WHERE d < ${'2024-01-01'} AND s = ${'a'}`;
  const shared = [{ stmt: fragment, table: 'snap' }];

  it('replaces the whole parenthesised subquery with the same values, and drops exactly its parameters', () => {
    const stmt = sql`SELECT ${1}, y FROM (${fragment}) a JOIN (${fragment}) b USING (x) WHERE z = ${'q'}`;
    expect(substituteShared(stmt, shared)).toEqual({ text: 'SELECT ?, y FROM (SELECT * FROM snap) a JOIN (SELECT * FROM snap) b USING (x) WHERE z = ?', params: [1, 'q'] });
  });

  it('a fragment with its own read: that text stands in its place (a table holding more rows, read with a filter)', () => {
    const stmt = sql`SELECT count(*) FROM (${fragment}) WHERE z = ${'q'}`;
    expect(substituteShared(stmt, [{ ...shared[0], read: "SELECT * FROM snap WHERE day = DATE '2024-01-01'" }])).toEqual({
      text: "SELECT count(*) FROM (SELECT * FROM snap WHERE day = DATE '2024-01-01') WHERE z = ?",
      params: ['q'],
    });
  });

  it('leaves the text bound to other values, a fragment that is not a whole subquery, and statements with a stray ? alone', () => {
    const other = sql`SELECT * FROM (${sql`SELECT x FROM t WHERE d < ${'2025-01-01'} AND s = ${'a'}`})`;
    expect(substituteShared(other, shared)).toBe(other);
    const extended = sql`SELECT * FROM (${fragment} AND k = ${2})`;
    expect(substituteShared(extended, shared)).toBe(extended);
    const literal = { text: `SELECT '?' AS q, * FROM (${fragment.text})`, params: fragment.params };
    expect(substituteShared(literal, shared)).toBe(literal);
  });

  it("the report shares the snapshot, the members' first and last purchase days and the buyer days: each subquery held by two or more metrics", () => {
    const p: MetricParams = { from: '2025-10-03', to: '2025-12-31' };
    const fragments = sharedSnapshots(METRICS, p);
    expect(fragments.map(({ text, params }) => ({ text, params }))).toEqual([
      rfmMembersSql(p, '2025-12-31'),
      memberHistory(p, '2025-12-31'),
      memberHistory(p, '2025-10-03'),
      buyerDays(p),
    ]);
    const holders = (f: (typeof fragments)[number]) =>
      METRICS.filter((m) => uses(f, [m.sql(p)]) > 0)
        .map((m) => m.id)
        .sort();
    // rfm_migration scores both its days in one pass over the orders (rfm.ts rfmSnapshotsSql): it holds neither day's snapshot.
    expect(holders(fragments[0])).toEqual(['nps_by_rfm', 'rfm_groups', 'rfm_members']);
    // cohort_retention and repurchase_trend take their first purchase days from memberHistory too, and
    // active_member_share (all stores) its members' last purchase days (session 16).
    expect(holders(fragments[1])).toEqual([
      'active_member_share',
      'active_members',
      'churn_rate',
      'cohort_retention',
      'lifecycle_flow',
      'lifecycle_stages',
      'members_at_risk',
      'new_buyers',
      'repurchase_trend',
      'returning_buyers',
    ]);
    expect(holders(fragments[2])).toEqual(['churn_rate', 'lifecycle_flow']);
    // Each member's purchase days in the period (session 17; test/unit/cli/buyer-days.test.ts builds them by day ranges).
    expect(holders(fragments[3])).toEqual(['median_purchase_gap_days', 'purchase_frequency', 'purchase_gap_histogram']);
    // The day before the period is scored by no statement on its own (only inside rfm_migration's one pass): not shared.
    expect(
      uses(
        rfmMembersSql(p, '2025-10-03'),
        METRICS.map((m) => m.sql(p)),
      ),
    ).toBe(0);
  });
});
