// The segments view's RFM snapshot computed once (workers/view-shared.ts, session 15): rfm_groups and rfm_migration
// read one table built from rfm_migration's own two-day snapshot, so the orders are scanned once for both; every
// answer equals the catalogue statement run as it is (the golden answers: each metric's own SQL on the same data);
// a change of parameters or of data never reads a table built for others. Session 16: the view's member history (first
// and last purchase day per member to the period's end) likewise, read by the repurchase and churn panels' statements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { getMetric } from '../../../src/lib/metrics/index.ts';
import { addDays, type MetricParams } from '../../../src/lib/metrics/params.ts';
import { ORDER_FACTS } from '../../../src/lib/metrics/scope.ts';
import { memberHistory } from '../../../src/lib/metrics/history.ts';
import { uses } from '../../../src/lib/metrics/shared-sql.ts';
import { churnRequests, repurchaseRequests, segmentsRequests, type PanelView } from '../../../src/lib/state/panel-requests.ts';
import type { SqlStatement } from '../../../src/lib/sql.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { VIEW_HISTORY_TABLE, VIEW_RFM_TABLE, viewRfmFragments } from '../../../workers/view-shared.ts';
import { TEST_DUCKDB } from '../../test-duckdb.ts';
import { holdStatements, type HeldStatements } from './held-statements.ts';

/** A seeded order set over 2024: ~40 members, ties, refunds, zero amounts, two stores, a second order some days. */
function ordersCsv(seed: number): string {
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const rows: string[] = [];
  for (let i = 0; i < 600; i++) {
    const member = `m${String(Math.floor(rand() ** 1.5 * 40)).padStart(2, '0')}`;
    const day = addDays('2024-01-01', Math.floor(rand() * 366));
    const kind = rand();
    const cents = kind < 0.05 ? 0 : kind < 0.1 ? -Math.round(rand() * 5000) : [1000, 2000, 5000][Math.floor(rand() * 3)] + (rand() < 0.5 ? 0 : Math.round(rand() * 9999));
    const store = rand() < 0.5 ? 'S1' : 'S2';
    rows.push(`o${i},${day} 12:00:00,${member},${store},offline,${(cents / 100).toFixed(2)},1,,,${kind >= 0.05 && kind < 0.07}`);
    if (rand() < 0.1) rows.push(`o${i}b,${day} 15:00:00,${member},S1,offline,30.00,1,,,false`);
  }
  return ['order_id,order_time,member_id,store,channel,amount,item_count,discount,points_used,is_refund', ...rows].join('\n');
}

const P: MetricParams = { from: '2024-10-01', to: '2025-01-01' };
const DATA = { firstOrderDate: '2024-01-01' };
const view = (opts: Record<string, string> = {}): PanelView => ({ comparison: 'previous', lifecycle: [90, 180, 365], opts });

let driver: NativeDriver;
let engine: Engine;
let held: HeldStatements;
/** Every statement the engine sent to DuckDB, in order. */
const sent: SqlStatement[] = [];

beforeAll(async () => {
  driver = await openNativeDriver(':memory:', TEST_DUCKDB);
  held = holdStatements(driver);
  const query = driver.query.bind(driver);
  driver.query = (stmt) => {
    sent.push(stmt);
    return query(stmt);
  };
  engine = await createEngine(driver, { prefetchQuietMs: 0 });
  await engine.loadCsvTable('orders', ordersCsv(7));
}, 120_000);
afterAll(() => driver?.close());

/** The metric's own statement run as it is (no engine, no shared table): the golden answer. */
const ownSql = async (id: string, params: MetricParams) => ipcToRows(await driver.query(getMetric(id as never).sql(params)));
const readsOrders = (s: SqlStatement) => s.text.includes(ORDER_FACTS);

/** The segments panel's RFM questions (groups, then migration) under `params` and `opts`: their answers and the statements they sent. */
async function askSegments(params: MetricParams, opts: Record<string, string> = {}) {
  const { groups, migration } = segmentsRequests(params, view(opts), DATA);
  const from = sent.length;
  const g = ipcToRows((await engine.runMetrics(groups.ids, groups.params)).rfm_groups);
  const m = ipcToRows((await engine.runMetrics(migration.ids, migration.params)).rfm_migration);
  return { groups, migration, g, m, statements: sent.slice(from) };
}

describe('the segments view’s shared RFM snapshot', () => {
  it('the panel’s two RFM statements scan the orders once (the table’s build) and answer as their own SQL', async () => {
    const { groups, migration, g, m, statements } = await askSegments(P);
    expect(statements.filter(readsOrders)).toHaveLength(1);
    expect(statements[0].text).toMatch(new RegExp(`^CREATE OR REPLACE TABLE ${VIEW_RFM_TABLE} AS`));
    expect(statements.slice(1).every((s) => s.text.includes(VIEW_RFM_TABLE))).toBe(true);
    expect(g).toEqual(await ownSql('rfm_groups', groups.params));
    expect(m).toEqual(await ownSql('rfm_migration', migration.params));
    expect(g.reduce((n, r) => n + (r.members as number), 0)).toBeGreaterThan(10); // a real snapshot, not an empty one
  });

  for (const [name, params, opts] of [
    ['cn8 and one store', { ...P, stores: ['S1'] }, { scheme: 'cn8' }],
    ['purchase orders, 90-day look-back', { ...P, repurchaseBasis: 'orders', lookbackDays: 90 }, {}],
    ['migration days chosen, the later one at the period’s end', P, { mfrom: '2024-06-15', mto: '2024-12-31' }],
    ['the same day twice', P, { mfrom: '2024-12-31', mto: '2024-12-31' }],
  ] as [string, MetricParams, Record<string, string>][])
    it(`${name}: one scan, the catalogue’s answers`, async () => {
      const { groups, migration, g, m, statements } = await askSegments(params, opts);
      expect(statements.filter(readsOrders), JSON.stringify(params)).toHaveLength(1);
      expect(g).toEqual(await ownSql('rfm_groups', groups.params));
      expect(m).toEqual(await ownSql('rfm_migration', migration.params));
    });

  it('a migration ending before the period’s end shares nothing with the groups: each its own SQL', async () => {
    const { groups, migration, g, m, statements } = await askSegments({ ...P, lookbackDays: 180 }, { mfrom: '2024-03-31', mto: '2024-09-30' });
    expect(statements.filter(readsOrders)).toHaveLength(2); // rfm_groups plain, rfm_migration's table
    expect(g).toEqual(await ownSql('rfm_groups', groups.params));
    expect(m).toEqual(await ownSql('rfm_migration', migration.params));
  });

  it('only statements holding one of the view’s snapshots read it: other metrics under the same parameters run as they are', () => {
    const { groups, migration } = segmentsRequests(P, view(), DATA);
    const f = viewRfmFragments(groups.params)!;
    expect(f.map((x) => x.stmt)).toEqual(viewRfmFragments(migration.params)!.map((x) => x.stmt));
    expect(viewRfmFragments(P)).toBeNull();
  });

  it('a change of parameters (a filter click) rebuilds the table: no answer comes from the other view’s rows', async () => {
    await askSegments(P);
    const clicks: [MetricParams, Record<string, string>][] = [
      [{ ...P, stores: ['S2'] }, {}],
      [P, {}],
      [P, { scheme: 'cn8' }],
      [{ ...P, stores: ['S1'] }, { scheme: 'cn8' }],
      [P, { mfrom: '2024-09-15' }],
    ];
    for (const [params, opts] of clicks) {
      const { groups, migration, g, m, statements } = await askSegments({ ...params, lookbackDays: 200 }, opts);
      expect(statements.filter(readsOrders), JSON.stringify(params)).toHaveLength(1);
      expect(g).toEqual(await ownSql('rfm_groups', groups.params));
      expect(m).toEqual(await ownSql('rfm_migration', migration.params));
    }
  });

  it('a new dataset (an import, a restore) drops the table: the same view then reads the new data', async () => {
    const before = await askSegments({ ...P, lookbackDays: 300 });
    await engine.loadCsvTable('orders', ordersCsv(11));
    const after = await askSegments({ ...P, lookbackDays: 300 });
    expect(after.statements.filter(readsOrders)).toHaveLength(1);
    expect(after.g).toEqual(await ownSql('rfm_groups', after.groups.params));
    expect(after.m).toEqual(await ownSql('rfm_migration', after.migration.params));
    expect(after.g).not.toEqual(before.g); // the two datasets differ, so a stale table would show
    await engine.loadCsvTable('orders', ordersCsv(7)); // the first dataset back for the tests after
  });

  it('a build interrupted by a real call holds nothing: the next ask builds again and answers as the catalogue', async () => {
    const params = { ...P, lookbackDays: 250 };
    const asked = segmentsRequests(params, view(), DATA);
    const running = held.holdNext();
    const prefetch = engine.prefetchPanels([asked.groups, asked.migration], { eager: true });
    await running; // the table's build is running
    const real = engine.runMetric('buyers', P);
    expect(await prefetch).toBe('yielded');
    await real;
    const { g, m, statements } = await askSegments(params);
    expect(statements[0].text).toMatch(/^CREATE OR REPLACE TABLE/);
    expect(g).toEqual(await ownSql('rfm_groups', asked.groups.params));
    expect(m).toEqual(await ownSql('rfm_migration', asked.migration.params));
  });
});

/**
 * The statements holding the view's member history: the repurchase panel's new/returning buyers and monthly trend, the
 * churn panel's three, the segments panel's cohorts (each under its own panel's parameters: the trend and cohorts over
 * the 12-month window, the same end and filters).
 */
const HISTORY_IDS = ['new_buyers', 'returning_buyers', 'repurchase_trend', 'lifecycle_stages', 'lifecycle_flow', 'members_at_risk', 'cohort_retention'] as const;
const historyRequests = (params: MetricParams) => {
  const r = repurchaseRequests(params, view(), DATA);
  return [r.main, r.trend, churnRequests(params, view(), DATA).main, segmentsRequests(params, view(), DATA).cohort];
};

describe('the view’s shared member history', () => {
  /** The panels' requests holding it, in turn: answers, own answers (each metric's SQL under its request's parameters), and the statements sent. */
  async function askHistory(params: MetricParams) {
    const statements: SqlStatement[] = [];
    const got: Record<string, unknown> = {};
    const own: Record<string, unknown> = {};
    for (const req of historyRequests(params)) {
      const from = sent.length;
      const answers = await engine.runMetrics(req.ids, req.params);
      statements.push(...sent.slice(from)); // the engine's statements (the own SQL below is not theirs)
      for (const id of req.ids.filter((id) => (HISTORY_IDS as readonly string[]).includes(id))) {
        got[id] = ipcToRows(answers[id]);
        own[id] = await ownSql(id, req.params);
      }
    }
    const history = memberHistory(params, params.to);
    const builds = statements.filter((s) => s.text.startsWith(`CREATE OR REPLACE TABLE ${VIEW_HISTORY_TABLE} AS`));
    // Statements other than the build that still hold the history's own GROUP BY (text and values) as a subquery, not the table.
    const holding = statements.filter((s) => !builds.includes(s) && uses(history, [s]) === 1);
    return { got, own, statements, builds, holding };
  }
  const tableExists = async () =>
    ipcToRows(await driver.query({ text: `SELECT count(*)::INT AS n FROM duckdb_tables() WHERE table_name = '${VIEW_HISTORY_TABLE}'`, params: [] }))[0].n === 1;

  it('each of the seven statements holds the history where it is substituted (else the sharing silently stops)', () => {
    const stmts = historyRequests(P).flatMap((req) => req.ids.filter((id) => (HISTORY_IDS as readonly string[]).includes(id)).map((id) => getMetric(id as never).sql(req.params)));
    expect(stmts).toHaveLength(7);
    expect(uses(memberHistory(P, P.to), stmts)).toBe(7);
  });

  for (const [name, params] of [
    ['the default view', { ...P, to: '2024-12-20' }],
    ['one store', { ...P, to: '2024-12-21', stores: ['S2'] }],
    ['zero amounts counted, other lifecycle days', { ...P, to: '2024-12-22', countZeroAmount: true, lifecycle: { active: 30, atRisk: 60, dormant: 120 } }],
    ['a snapshot day (asOf): the churn panel’s end differs, only the buyers share', { ...P, to: '2024-12-23', asOf: '2024-11-30' }],
  ] as [string, MetricParams][])
    it(`${name}: built once for both panels, the catalogue’s answers`, async () => {
      const { got, own, builds, holding } = await askHistory(params);
      expect(builds).toHaveLength(1);
      expect(holding).toEqual([]); // every statement holding it read the table
      expect(got).toEqual(own);
      expect((got.lifecycle_stages as { members: number }[]).reduce((n, r) => n + r.members, 0)).toBeGreaterThan(10);
    });

  it('a filter click or another end rebuilds it; another start with the same end reads it as it is', async () => {
    await askHistory({ ...P, to: '2024-12-10' });
    for (const [params, expected] of [
      [{ ...P, to: '2024-12-10', stores: ['S1'] }, 1],
      [{ ...P, to: '2024-12-11' }, 1],
      [{ ...P, from: '2024-09-01', to: '2024-12-11' }, 0], // memberHistory(p, p.to) reads no start: the same rows
      [{ ...P, to: '2024-12-10', lifecycle: { active: 60, atRisk: 120, dormant: 300 } }, 1], // back to the first end: the churn statements differ, built again
    ] as [MetricParams, number][]) {
      const { got, own, builds } = await askHistory(params);
      expect(builds, JSON.stringify(params)).toHaveLength(expected);
      expect(got).toEqual(own);
    }
  });

  it('a new dataset drops it: the table is gone after the swap, and the same view then reads the new data', async () => {
    const params = { ...P, to: '2024-12-05' };
    const before = await askHistory(params);
    expect(await tableExists()).toBe(true);
    await engine.loadCsvTable('orders', ordersCsv(11));
    expect(await tableExists()).toBe(false);
    const after = await askHistory(params);
    expect(after.builds).toHaveLength(1);
    expect(after.got).toEqual(after.own);
    expect(after.got).not.toEqual(before.got); // the two datasets differ, so a stale table would show
    await engine.loadCsvTable('orders', ordersCsv(7)); // the first dataset back for the tests after
  });

  it('a build interrupted by a real call holds nothing: the next ask builds again and answers as the catalogue', async () => {
    const params = { ...P, to: '2024-12-01' };
    const asked = repurchaseRequests(params, view(), DATA).main;
    await engine.runMetrics(['repurchase_rate', 'return_to_store_rate', 'purchase_frequency', 'median_purchase_gap_days'], params); // those before new_buyers, answered
    const from = sent.length;
    const running = held.holdNext();
    const prefetch = engine.prefetchPanels([asked], { eager: true });
    await running; // the history's build is running (new_buyers, the first statement holding it)
    expect(sent.slice(from).map((s) => s.text.slice(0, 60))).toEqual([`CREATE OR REPLACE TABLE ${VIEW_HISTORY_TABLE} AS SELECT * FROM (SELECT member_id`.slice(0, 60)]);
    const real = engine.runMetric('buyers', P);
    expect(await prefetch).toBe('yielded');
    await real;
    const { got, own, builds } = await askHistory(params);
    expect(builds).toHaveLength(1);
    expect(got).toEqual(own);
  });
});
