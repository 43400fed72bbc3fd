// The slow panels' first-paint questions asked ahead (engine.prefetchPanels, workers/panel-prefetch.ts;
// the questions from src/lib/state/panel-requests.ts): on test/fixtures/metrics-rfm (answers worked by
// hand in its README.md) the prefetched answers are each metric's own SQL result, a visit then runs no
// SQL, a real call goes first (between statements, and by interrupting a running one), and a new dataset
// drops what was prefetched.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { getMetric } from '../../../src/lib/metrics/index.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { benefitsRequests, churnRequests, panelRequests, PREFETCH_PANELS, prefetchRequests, repurchaseRequests, segmentsRequests } from '../../../src/lib/state/panel-requests.ts';
import { DEFAULT_VIEW, viewParams } from '../../../src/lib/view/view-state.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { TEST_DUCKDB } from '../../test-duckdb.ts';
import { holdStatements, type HeldStatements } from './held-statements.ts';

const ORDERS = readFileSync('test/fixtures/metrics-rfm/orders.csv', 'utf8');
// The fixture's period: snapshot end 2024-07-01; migration from the day before 2024-04-01 to 2024-06-30.
const P: MetricParams = viewParams(DEFAULT_VIEW, { from: '2024-04-01', to: '2024-07-01' });
const DATA = { firstOrderDate: '2023-06-01' };

let driver: NativeDriver;
let engine: Engine;
let held: HeldStatements;

beforeAll(async () => {
  driver = await openNativeDriver(':memory:', TEST_DUCKDB);
  held = holdStatements(driver);
  engine = await createEngine(driver, { prefetchQuietMs: 0 }); // the quiet wait has its own test below
  await engine.loadCsvTable('orders', ORDERS);
}, 120_000);
afterAll(() => driver?.close());

const rowsOf = (results: Record<string, Uint8Array>) => Object.fromEntries(Object.entries(results).map(([id, ipc]) => [id, ipcToRows(ipc)]));
const ownSql = async (id: string, params: MetricParams) => ipcToRows(await driver.query(getMetric(id as never).sql(params)));

describe('the panels’ first-paint questions', () => {
  it('are the panels’ own: segments reads the scheme and migration days from the view, benefits its response window', () => {
    const seg = segmentsRequests(P, { comparison: 'previous', opts: {}, lifecycle: [90, 180, 365] }, DATA);
    expect(seg.groups.params.rfmScheme).toBe('eleven');
    expect([seg.migration.params.migrationFrom, seg.migration.params.migrationTo]).toEqual(['2024-03-31', '2024-06-30']);
    expect([seg.cohort.params.from, seg.cohort.params.to]).toEqual(['2023-07-01', '2024-07-01']); // 12 whole months back
    const chosen = segmentsRequests(P, { comparison: 'previous', opts: { scheme: 'cn8', mfrom: '2024-01-31', mto: 'bad' }, lifecycle: [90, 180, 365] }, DATA);
    expect([chosen.migration.params.rfmScheme, chosen.migration.params.migrationFrom, chosen.migration.params.migrationTo]).toEqual(['cn8', '2024-01-31', '2024-06-30']);
    expect(benefitsRequests(P, { comparison: 'previous', opts: { rw: '14' }, lifecycle: [90, 180, 365] }, DATA).usage.params.responseDays).toBe(14);
    const rep = repurchaseRequests({ ...P, stores: ['S1'] }, { comparison: 'year_ago', opts: {}, lifecycle: [90, 180, 365] }, DATA);
    expect(rep.stores.params.stores).toEqual([]);
    expect([rep.cmp.params.from, rep.cmp.params.to]).toEqual(['2022-07-01', '2023-07-01']);
  });
  it('churn: stages, flows and members at risk under the view’s parameters; monthly churn from `dormant` days after the data starts', () => {
    const lifecycle: [number, number, number] = [90, 180, 365];
    const churn = churnRequests(P, { lifecycle }, DATA);
    expect(churn.main).toEqual({ ids: ['lifecycle_stages', 'lifecycle_flow', 'members_at_risk'], params: P });
    // 24 months back from 2024-07-01 clipped to the data's first month (2023-06), then to the first month
    // where churn can be seen: 2023-06-01 + 365 days = 2024-05-31 → 2024-05-01.
    expect(churn.trend).toEqual({ ids: ['churn_trend'], params: { ...P, from: '2024-05-01', to: '2024-07-01' } });
    expect(churn.window).toEqual({ from: '2024-05-01', to: '2024-07-01', clipped: true });
    // The by-store card: 24 months back from 2024-07-01, clipped to the data's first month only.
    expect(churn.byStore).toEqual({ ids: ['churners_by_store'], params: { ...P, from: '2023-06-01', to: '2024-07-01' } });
    // Dormant after 90 days: 2023-06-01 + 90 = 2023-08-30 → from 2023-08-01.
    expect(churnRequests(P, { lifecycle: [30, 60, 90] }, DATA).trend?.params).toMatchObject({ from: '2023-08-01', to: '2024-07-01' });
    // No data span known: the whole 24 months, nothing clipped.
    expect(churnRequests(P, { lifecycle }, null).trend?.params).toMatchObject({ from: '2022-07-01', to: '2024-07-01' });
    // Data from 2024-01-01: churn after 365 days cannot be seen before 2025: no trend question at all.
    const none = churnRequests(P, { lifecycle }, { firstOrderDate: '2024-01-01' });
    expect(none.trend).toBeNull();
    expect(panelRequests(P, { comparison: 'previous', opts: {}, lifecycle }, { firstOrderDate: '2024-01-01' }, ['churn'])).toEqual([none.byStore, none.main]);
  });

  it('the prefetch asks every panel’s questions, with the view’s options only for the panel shown', () => {
    const opts = { scheme: 'cn8', rw: '14' };
    const lifecycle: [number, number, number] = [30, 60, 120];
    const onSegments = prefetchRequests(P, { panel: 'segments', comparison: 'previous', opts, lifecycle }, DATA);
    const plain = { comparison: 'previous' as const, opts: {}, lifecycle };
    const churn = churnRequests(P, plain, DATA);
    // In the nav links' order (session 13): repurchase, churn, segments, benefits.
    expect(onSegments).toEqual([
      ...Object.values(repurchaseRequests(P, plain, DATA)),
      churn.byStore,
      churn.main,
      churn.trend,
      ...Object.values(segmentsRequests(P, { comparison: 'previous', opts, lifecycle }, DATA)),
      ...Object.values(benefitsRequests(P, plain, DATA)),
    ]);
    expect(onSegments.find((r) => r.ids[0] === 'rfm_groups')?.params.rfmScheme).toBe('cn8');
    expect(onSegments.find((r) => r.ids[0] === 'benefit_funnel')?.params.responseDays).not.toBe(14);
    // The churn trend follows the view's lifecycle days (120: 2023-06-01 + 120 = 2023-09-29 → from 2023-09-01).
    expect(onSegments.find((r) => r.ids[0] === 'churn_trend')?.params).toMatchObject({ from: '2023-09-01', to: '2024-07-01' });
    expect(prefetchRequests(P, { panel: 'compass', comparison: 'previous', opts, lifecycle }, DATA)).toEqual(panelRequests(P, plain, DATA));
  });

  // The panels read their questions from the same functions (one definition): a panel that builds its
  // own request again, or asks one of them differently, fails here.
  it.each(PREFETCH_PANELS)('the %s panel asks exactly its requests from panel-requests.ts', (panel) => {
    const name = panel[0].toUpperCase() + panel.slice(1);
    const src = readFileSync(`src/components/panels/${name}Panel.svelte`, 'utf8');
    expect(src).toMatch(new RegExp(`import \\{[^}]*\\b${panel}Requests\\b[^}]*\\} from '../../lib/state/panel-requests.ts'`));
    expect(src).toContain(`const asked = $derived(dash.params ? ${panel}Requests(dash.params, dash.view, dash.dataset) : null);`);
    const own = { repurchase: repurchaseRequests, segments: segmentsRequests, benefits: benefitsRequests, churn: churnRequests }[panel](P, DEFAULT_VIEW, DATA);
    const keys = Object.entries(own)
      .filter(([, r]) => r && typeof r === 'object' && 'ids' in r)
      .map(([k]) => k);
    for (const key of keys.filter((k) => !(panel === 'churn' && k === 'byStore'))) expect(src, key).toContain(`useMetrics(() => asked?.${key} ?? null)`);
    if (panel === 'churn') {
      // The by-store card inside the churn panel asks its own question from the same function.
      expect(src).toContain('<ChurnByStoreCard />');
      const card = readFileSync('src/components/story/ChurnByStoreCard.svelte', 'utf8');
      expect(card).toContain('useMetrics(() => (dash.params ? churnersByStoreRequest(dash.params, dash.dataset) : null))');
      expect(card.match(/useMetrics\(/g)).toHaveLength(1);
    }
  });
});

describe('engine.prefetchPanels', () => {
  it('keeps each metric’s own SQL result (RFM groups and migration as worked in the README); a visit then runs no SQL', async () => {
    const asked = panelRequests(P, DEFAULT_VIEW, DATA);
    const own: Record<string, unknown>[] = [];
    for (const r of asked) {
      const answers: Record<string, unknown> = {};
      for (const id of r.ids) answers[id] = await ownSql(id, r.params);
      own.push(answers);
    }
    expect(await engine.prefetchPanels(asked)).toBe('done');
    const q0 = held.queries();
    for (const [i, r] of asked.entries()) expect(rowsOf(await engine.runMetrics(r.ids, r.params)), `${i} ${r.ids.join()}`).toEqual(own[i]);
    expect(held.queries() - q0).toBe(0);
    // The hand-worked answers (test/fixtures/metrics-rfm/README.md), as the panel reads them.
    const seg = segmentsRequests(P, DEFAULT_VIEW, DATA);
    const groups = ipcToRows((await engine.runMetrics(seg.groups.ids, seg.groups.params)).rfm_groups);
    expect(Object.fromEntries(groups.filter((g) => (g.members as number) > 0).map((g) => [g.group, g.members]))).toEqual({
      champions: 1,
      loyal: 1,
      potential_loyalist: 1,
      at_risk: 1,
      hibernating: 1,
    });
    const mig = ipcToRows((await engine.runMetrics(seg.migration.ids, seg.migration.params)).rfm_migration);
    expect(mig.map((r) => `${r.from_group}→${r.to_group} ${r.members}`).sort()).toEqual(
      ['about_to_sleep→hibernating 1', 'at_risk→at_risk 1', 'lost→none 1', 'loyal→loyal 1', 'none→champions 1', 'none→potential_loyalist 1'].sort(),
    );
    const rep = repurchaseRequests(P, DEFAULT_VIEW, DATA);
    // Buyers in the period: a1 (3 days), a2 (1 day): one repurchaser of two.
    expect(ipcToRows((await engine.runMetrics(['repurchase_rate'], rep.main.params)).repurchase_rate)).toEqual([{ value: 0.5 }]);
    // Asked again: everything is held, nothing runs.
    expect(await engine.prefetchPanels(asked)).toBe('done');
    expect(held.queries() - q0).toBe(0);
  });

  it('gives way to a real call queued behind it before running anything', async () => {
    const asked = [{ ids: ['cohort_retention'] as const, params: { ...P, from: '2024-01-01' } }];
    const q0 = held.queries();
    const prefetch = engine.prefetchPanels(asked);
    const real = engine.runMetric('orders', { ...P, from: '2024-02-01' });
    expect(await prefetch).toBe('yielded');
    expect(ipcToRows(await real)).toEqual([{ value: 6 }]); // f1–f6 (2024-02-01 to 06-25)
    expect(held.queries() - q0).toBe(1); // the real call's statement only
  });

  it('interrupts its running statement when a real call comes; the statement’s answer is not kept', async () => {
    const asked = [{ ids: ['cohort_retention'] as const, params: { ...P, from: '2024-02-01' } }];
    const running = held.holdNext();
    const prefetch = engine.prefetchPanels(asked);
    await running; // the prefetch's statement is running
    const real = engine.runMetric('buyers', P);
    expect(await prefetch).toBe('yielded');
    expect(ipcToRows(await real)).toEqual([{ value: 2 }]); // a1, a2
    const q0 = held.queries();
    expect(await engine.prefetchPanels(asked)).toBe('done'); // asked again: it runs (nothing was kept)
    expect(held.queries() - q0).toBe(1);
    expect(rowsOf(await engine.runMetrics(asked[0].ids, asked[0].params))).toEqual({ cohort_retention: await ownSql('cohort_retention', asked[0].params) });
  });

  it('neither gives way to nor is interrupted by the value fit asked ahead (prefetchPrediction)', async () => {
    const asked = [
      { ids: ['cohort_retention'] as const, params: { ...P, from: '2024-04-01' } },
      { ids: ['rfm_groups'] as const, params: { ...P, from: '2024-04-01', rfmScheme: 'cn8' as const } },
    ];
    let go!: () => void;
    const running = held.holdNext((g) => (go = g));
    const prefetch = engine.prefetchPanels(asked);
    await running; // its first statement is running
    const fit = engine.prefetchPrediction({ months: 12, monthlyDiscount: 0.01, includeZeroAmount: false }, { requestId: 'fit-ahead' }).catch(() => 'failed');
    await new Promise((r) => setTimeout(r, 200)); // the fit's first SQL section is queued meanwhile
    go();
    expect(await prefetch).toBe('done'); // both statements answered: no interrupt, no yield
    await fit;
    const q0 = held.queries();
    expect(await engine.prefetchPanels(asked)).toBe('done');
    expect(held.queries() - q0).toBe(0);
  });

  it('does not give way to another prefetch (store roll-ups) queued behind it', async () => {
    const asked = [{ ids: ['cohort_retention'] as const, params: { ...P, from: '2024-03-01' } }];
    const panels = engine.prefetchPanels(asked);
    const rollups = engine.prefetchStoreRollups([{ ids: ['sales'], params: { ...P, from: '2024-03-01' } }]);
    expect(await panels).toBe('done');
    expect(await rollups).toBe('done');
  });

  it('waits for a quiet engine: right after a real call it gives way without running anything', async () => {
    const own = await openNativeDriver(':memory:', TEST_DUCKDB);
    try {
      let ran = 0;
      const query = own.query.bind(own);
      own.query = (stmt) => (ran++, query(stmt));
      const patient = await createEngine(own, { prefetchQuietMs: 600_000 });
      await patient.loadCsvTable('orders', ORDERS);
      await patient.runMetric('orders', P);
      const r0 = ran;
      expect(await patient.prefetchPanels([segmentsRequests(P, DEFAULT_VIEW, DATA).groups])).toBe('yielded');
      expect(ran - r0).toBe(0);
    } finally {
      own.close();
    }
  });

  // Session 13: the page asks `eager` at the import report (ask-ahead-schedule.ts), right after the
  // import's own calls, where the quiet wait above would give way and ask nothing until the user rests.
  describe('eager (asked at the import report)', () => {
    let own: NativeDriver;
    let patient: Engine;
    let ownHeld: HeldStatements;
    beforeAll(async () => {
      own = await openNativeDriver(':memory:', TEST_DUCKDB);
      ownHeld = holdStatements(own);
      patient = await createEngine(own, { prefetchQuietMs: 600_000 }); // the rest rule never lets it run here
    }, 120_000);
    afterAll(() => own?.close());

    it('runs at once right after an import, without the quiet wait, and keeps the panels’ own answers', async () => {
      await patient.loadCsvTable('orders', ORDERS); // the import: a real call that just ended
      const asked = panelRequests(P, DEFAULT_VIEW, DATA, ['segments']);
      const q0 = ownHeld.queries();
      expect(await patient.prefetchPanels(asked)).toBe('yielded'); // the rest rule: nothing asked yet
      expect(ownHeld.queries() - q0).toBe(0);
      expect(await patient.prefetchPanels(asked, { eager: true })).toBe('done');
      // One statement per metric, the segments view's RFM snapshot built once for rfm_groups and rfm_migration, and the
      // member history for cohort_retention (view-shared.ts).
      const statements = asked.reduce((n, r) => n + r.ids.length, 0);
      expect(ownHeld.queries() - q0).toBe(statements + 2);
      // A visit then runs no SQL, and reads each metric's own result (RFM groups as worked in the README).
      const q1 = ownHeld.queries();
      for (const r of asked)
        expect(rowsOf(await patient.runMetrics(r.ids, r.params))).toEqual(Object.fromEntries(await Promise.all(r.ids.map(async (id) => [id, await ownSql(id, r.params)]))));
      expect(ownHeld.queries() - q1).toBe(0);
      const groups = ipcToRows((await patient.runMetrics(asked[0].ids, asked[0].params)).rfm_groups);
      expect(groups.find((g) => g.group === 'champions')?.members).toBe(1);
    });

    it('a real call still interrupts its running statement and goes first; nothing of that statement is kept', async () => {
      await patient.loadCsvTable('orders', ORDERS); // a new dataset: nothing held
      const asked = [{ ids: ['cohort_retention'] as const, params: { ...P, from: '2024-02-01' } }];
      const running = ownHeld.holdNext();
      const prefetch = patient.prefetchPanels(asked, { eager: true });
      await running; // the eager prefetch's statement is running
      const i0 = ownHeld.interrupts();
      const real = patient.runMetric('buyers', P);
      expect(await prefetch).toBe('yielded');
      expect(ownHeld.interrupts() - i0).toBe(1);
      expect(ipcToRows(await real)).toEqual([{ value: 2 }]); // a1, a2
      const q0 = ownHeld.queries();
      expect(rowsOf(await patient.runMetrics(asked[0].ids, asked[0].params))).toEqual({ cohort_retention: await ownSql('cohort_retention', asked[0].params) });
      // The panel's own question runs its SQL (after the view's member history, whose interrupted build held nothing): the interrupted answer was not kept.
      expect(ownHeld.queries() - q0).toBe(2);
    });

    it('gives way to a real call queued behind it before running anything', async () => {
      await patient.loadCsvTable('orders', ORDERS);
      const asked = [{ ids: ['cohort_retention'] as const, params: { ...P, from: '2024-01-01' } }];
      const q0 = ownHeld.queries();
      const prefetch = patient.prefetchPanels(asked, { eager: true });
      const real = patient.runMetric('orders', { ...P, from: '2024-02-01' });
      expect(await prefetch).toBe('yielded');
      expect(ipcToRows(await real)).toEqual([{ value: 6 }]);
      expect(ownHeld.queries() - q0).toBe(1); // the real call's statement only
    });
  });

  it('a new dataset drops the prefetched answers, and a prefetch asked before the swap does not run after it', async () => {
    const asked = segmentsRequests(P, DEFAULT_VIEW, DATA).groups;
    expect(await engine.prefetchPanels([asked])).toBe('done');
    const before = ipcToRows((await engine.runMetrics(asked.ids, asked.params)).rfm_groups);
    expect(before.find((g) => g.group === 'champions')?.members).toBe(1);
    // Only a1's orders are left: a1 alone is scored (R, F, M all 1 + ⌊5 × 0/1⌋ = 1: FM 1, R 1 → lost).
    const onlyA1 = ORDERS.split('\n')
      .filter((l, i) => i === 0 || l.includes(',a1,'))
      .join('\n');
    const swap = engine.loadCsvTable('orders', onlyA1);
    const late = engine.prefetchPanels([asked]); // queued behind the swap
    await swap;
    const q0 = held.queries();
    expect(await late).toBe('replaced');
    expect(held.queries() - q0).toBe(0);
    const after = ipcToRows((await engine.runMetrics(asked.ids, asked.params)).rfm_groups);
    expect(Object.fromEntries(after.filter((g) => (g.members as number) > 0).map((g) => [g.group, g.members]))).toEqual({ lost: 1 });
    expect(after).toEqual(await ownSql('rfm_groups', asked.params));
    await engine.loadCsvTable('orders', ORDERS);
  });
});
