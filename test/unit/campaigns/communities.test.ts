// community_member_outcomes and compareCommunities on the hand-worked fixture (test/fixtures/metrics-communities/README.md),
// and the demo's communities: the naive retention gap is selection — matched never-members retain alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCommunities, type CommunityOutcomeRow } from '../../../src/lib/campaigns/communities-report.ts';
import { withPredictedClv } from '../../../src/lib/metrics/communities.ts';
import { getMetric } from '../../../src/lib/metrics/index.ts';
import { ipcToRows } from '../../../workers/engine.ts';
import { loadDemo } from '../demo/load-demo.ts';
import { naiveRetentionGap } from './naive-retention-gap.ts';
import { loadFixture, openHarness, type Harness } from '../metrics/harness.ts';

const P = { from: '2024-03-01', to: '2024-04-01' };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  await loadFixture(h.engine, 'metrics-communities');
});
afterAll(() => h?.close());

describe('community_member_outcomes (fixture)', () => {
  it('members in a group at the start, paired with never-members of their cell; purchase days and last NPS in the period', async () => {
    const rows = await h.table('community_member_outcomes', P);
    expect(rows.map((r) => [r.arm, r.member_id, r.treated_id, r.purchase_days, r.score])).toEqual([
      ['community', 'k1', 'k1', 2, 10],
      ['community', 'k2', 'k2', 1, 5],
      ['matched', 'n1', 'k1', 1, 3],
      ['matched', 'n2', 'k2', 0, null],
      ['unmatched', 'k3', 'k3', 0, null],
    ]);
  });

  it('compareCommunities: retention +0.5, purchase days +1, NPS 0 vs −100', async () => {
    const c = compareCommunities((await h.table('community_member_outcomes', P)) as unknown as CommunityOutcomeRow[], { reps: 500 });
    expect([c.pairs, c.unmatched]).toEqual([2, 1]);
    expect([c.retention.community, c.retention.matched, c.retention.difference!.estimate]).toEqual([1, 0.5, 0.5]);
    expect([c.frequency.community, c.frequency.matched, c.frequency.difference!.estimate]).toEqual([1.5, 0.5, 1]);
    expect([c.nps.community, c.nps.matched, c.nps.difference!.estimate]).toEqual([0, -100, 100]);
    expect(c.npsResponses).toEqual({ community: 2, matched: 1 });
    for (const k of ['retention', 'frequency', 'nps'] as const) {
      const d = c[k].difference!;
      expect(d.lower).toBeLessThanOrEqual(d.estimate);
      expect(d.upper).toBeGreaterThanOrEqual(d.estimate);
    }
  });
});

describe('predicted CLV, community vs matched (fixture README)', () => {
  const PREDICTIONS = 'fixture_predictions';
  const clvRows = async (values: [string, number][]) => {
    await h.engine.bulk(async (driver) => {
      await driver.exec(`CREATE OR REPLACE TABLE ${PREDICTIONS} (member_id VARCHAR, clv DOUBLE)`);
      for (const [id, clv] of values) await driver.exec(`INSERT INTO ${PREDICTIONS} VALUES ('${id}', ${clv})`);
    });
    const stmt = withPredictedClv(getMetric('community_member_outcomes').sql(P), PREDICTIONS);
    return ipcToRows(await h.engine.query(stmt)) as unknown as CommunityOutcomeRow[];
  };
  const ALL: [string, number][] = [
    ['k1', 300],
    ['k2', 100],
    ['k3', 500],
    ['n1', 120],
    ['n2', 40],
  ];

  it('each pair member gets its CLV from the predictions table; 200 vs 80 → +120 [60, 180] over 2 pairs', async () => {
    const rows = await clvRows(ALL);
    expect(rows.map((r) => [r.arm, r.member_id, r.clv])).toEqual([
      ['community', 'k1', 300],
      ['community', 'k2', 100],
      ['matched', 'n1', 120],
      ['matched', 'n2', 40],
      ['unmatched', 'k3', 500],
    ]);
    const c = compareCommunities(rows, { reps: 2000, clv: { months: 12, asOf: '2024-03-31' } });
    expect(c.clv).toEqual({ community: 200, matched: 80, difference: { estimate: 120, lower: 60, upper: 180 }, pairs: 2, months: 12, asOf: '2024-03-31' });
    // The other measures are unchanged by the CLV column.
    expect(c.retention.difference!.estimate).toBe(0.5);
  });

  it('a pair counts only when both members have a CLV: without n2’s, 300 vs 120 → +180 [180, 180] over 1 pair', async () => {
    const rows = await clvRows(ALL.filter(([id]) => id !== 'n2'));
    expect(rows.find((r) => r.member_id === 'n2')!.clv).toBeNull();
    const c = compareCommunities(rows, { reps: 2000, clv: { months: 6, asOf: '2024-03-31' } });
    expect(c.clv).toEqual({ community: 300, matched: 120, difference: { estimate: 180, lower: 180, upper: 180 }, pairs: 1, months: 6, asOf: '2024-03-31' });
  });

  it('without a value-model fit there is no CLV comparison (null), whatever the rows hold', async () => {
    expect(compareCommunities(await clvRows(ALL), { reps: 200 }).clv).toBeNull();
    expect(compareCommunities((await h.table('community_member_outcomes', P)) as unknown as CommunityOutcomeRow[], { reps: 200 }).clv).toBeNull();
  });
});

describe('demo communities', () => {
  it('members retain better than never-members at first sight; against matched never-members the gap goes (the demo’s orders carry no community effect)', async () => {
    const d = await loadDemo();
    try {
      const p = { from: '2025-11-01', to: '2026-05-01' };
      const c = compareCommunities(ipcToRows(await d.engine.runMetric('community_member_outcomes', p)) as unknown as CommunityOutcomeRow[]);
      expect(c.pairs).toBeGreaterThan(500);
      // The naive gap: every member in a group at the start against every never-member who had joined the store by then.
      const naive = await naiveRetentionGap(d.q, p.from, p.to);
      expect(naive).toBeGreaterThan(0.05);
      // The demo's orders carry no community effect (communities.ts draws who joins after the orders): matching removes the gap.
      expect(c.retention.difference!.lower).toBeLessThan(0);
      expect(c.retention.difference!.upper).toBeGreaterThan(0);
    } finally {
      d.close();
    }
  }, 120_000);
});
