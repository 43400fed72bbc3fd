// RFM scores, both naming schemes and migration on test/fixtures/metrics-rfm (answers in its README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CN8_GROUPS, ELEVEN_GRID, ELEVEN_GROUPS, elevenGroup } from '../../../src/lib/metrics/rfm-schemes.ts';
import { byKey, loadFixture, openHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  expect(await loadFixture(h.engine, 'metrics-rfm')).toEqual({ orders: 10 });
});
afterAll(() => h.close());

const P = { from: '2024-04-01', to: '2024-07-01' }; // snapshot end 2024-07-01, window from 2023-07-02

describe('RFM schemes as data', () => {
  it('the 11-group grid names every R × FM cell, and every group has a cell', () => {
    const cells = ELEVEN_GRID.flat();
    expect(cells).toHaveLength(25);
    expect(new Set(cells)).toEqual(new Set(ELEVEN_GROUPS.map((g) => g.id)));
    expect(elevenGroup(5, 5, 4)).toBe('champions'); // FM = ⌈4.5⌉ = 5
    expect(elevenGroup(1, 1, 2)).toBe('lost');
  });
  it('the 8 Chinese classes cover the 2 × 2 × 2 high/low cube once', () => {
    expect(new Set(CN8_GROUPS.map((g) => `${g.r}${g.f}${g.m}`)).size).toBe(8);
  });
});

describe('RFM on metrics-rfm', () => {
  it('per member: raw values, rank quintile scores and the 11-group names (README arithmetic)', async () => {
    const rows = await h.table('rfm_members', P);
    expect(rows.map((r) => [r.member_id, r.recency, r.frequency, r.monetary, r.r, r.f, r.m, r.group])).toEqual([
      ['a1', 6, 3, 400, 5, 5, 4, 'champions'], // FM ⌈4.5⌉ = 5
      ['a2', 11, 1, 50, 4, 1, 2, 'potential_loyalist'], // FM ⌈1.5⌉ = 2
      ['a3', 122, 2, 600, 3, 3, 5, 'loyal'], // FM 4
      ['a4', 304, 2, 100, 1, 3, 3, 'at_risk'], // F 2 ties a3: 1 + ⌊5 × 2/5⌋ = 3; FM 3
      ['a5', 168, 1, 30, 2, 1, 1, 'hibernating'], // F 1 ties a2: 1; FM 1
    ]); // a6 (2023-06-01) is outside the 365-day window
  });
  it('rfm ties: equal F values get equal F scores (regression: ntile split ties by member_id)', async () => {
    const f = Object.fromEntries((await h.table('rfm_members', P)).map((r) => [r.member_id, r.f]));
    expect([f.a2, f.a5]).toEqual([1, 1]); // both one purchase day
    expect([f.a3, f.a4]).toEqual([3, 3]); // both two purchase days
  });
  it('cn8: high/low against the means (R 122.2 days, F 1.8, M 236)', async () => {
    const rows = byKey(await h.table('rfm_members', { ...P, rfmScheme: 'cn8' }), 'member_id');
    expect(Object.fromEntries(Object.entries(rows).map(([k, r]) => [k, r.group]))).toEqual({
      a1: 'important_value',
      a2: 'general_develop',
      a3: 'important_value', // 122 < 122.2
      a4: 'general_retain',
      a5: 'general_winback',
    });
  });
  it('group counts list every group of the scheme', async () => {
    const eleven = await h.table('rfm_groups', P);
    expect(eleven.map((r) => r.group)).toEqual(ELEVEN_GROUPS.map((g) => g.id));
    expect(
      eleven
        .filter((r) => r.members === 1)
        .map((r) => r.group)
        .sort(),
    ).toEqual(['at_risk', 'champions', 'hibernating', 'loyal', 'potential_loyalist']);
    const cn8 = byKey(await h.table('rfm_groups', { ...P, rfmScheme: 'cn8' }), 'group');
    expect(cn8.important_value).toMatchObject({ members: 2, share: 2 / 5, monetary: 400 + 600 });
    expect(Object.keys(cn8)).toHaveLength(8);
  });
  it('look-back window: 30 days keeps only a1 and a2', async () => {
    const rows = await h.table('rfm_members', { ...P, lookbackDays: 30 });
    expect(rows.map((r) => [r.member_id, r.frequency, r.monetary])).toEqual([
      ['a1', 2, 300], // 06-25 and 06-01 (05-01 is 61 days back)
      ['a2', 1, 50],
    ]);
  });
  it('migration from the day before 04-01 to 06-30', async () => {
    const rows = await h.table('rfm_migration', P);
    expect(rows.map((r) => [r.from_group, r.to_group, r.members])).toEqual([
      ['about_to_sleep', 'hibernating', 1], // a5
      ['at_risk', 'at_risk', 1], // a4
      ['lost', 'none', 1], // a6 (R1, F ties a5: FM ⌈(1+3)/2⌉ = 2) leaves the window
      ['loyal', 'loyal', 1], // a3
      ['none', 'champions', 1], // a1
      ['none', 'potential_loyalist', 1], // a2
    ]);
  });
});

describe('RFM ties on metrics-rfm-ties (answers in its README)', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await openHarness();
    expect(await loadFixture(t.engine, 'metrics-rfm-ties')).toEqual({ orders: 10 });
  });
  afterAll(() => t.close());

  it('rfm ties: members with identical R, F and M get identical scores and groups', async () => {
    const rows = await t.table('rfm_members', { from: '2024-01-01', to: '2024-02-01' });
    expect(rows.map((r) => [r.member_id, r.recency, r.frequency, r.monetary, r.r, r.f, r.m, r.group])).toEqual([
      ['t1', 1, 1, 100, 4, 1, 1, 'promising'],
      ['t2', 1, 1, 100, 4, 1, 1, 'promising'],
      ['t3', 12, 2, 150, 2, 3, 4, 'at_risk'],
      ['t4', 12, 2, 150, 2, 3, 4, 'at_risk'],
      ['t5', 62, 1, 100, 1, 1, 1, 'lost'],
      ['t6', 184, 3, 60, 1, 5, 1, 'at_risk'],
    ]);
  });
});

describe('RFM monetary near-ties on rfm-float-ties (answers in its README)', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await openHarness();
    expect(await loadFixture(t.engine, 'rfm-float-ties')).toEqual({ orders: 6 });
  });
  afterAll(() => t.close());
  const P = { from: '2024-01-01', to: '2024-02-01' };

  it('the fixture is a float near-tie: c1 0.1 + 0.2 + 0.3 differs from 0.6 as a double in one summation order and not in another', () => {
    expect(0.1 + 0.2 + 0.3).not.toBe(0.6);
    expect(0.1 + (0.2 + 0.3)).toBe(0.6);
  });

  it('rfm monetary near-tie: equal spend to the cent gives equal M scores (regression: DOUBLE sum order broke ties differently on WASM and native)', async () => {
    const rows = await t.table('rfm_members', P);
    expect(rows.map((r) => [r.member_id, r.recency, r.frequency, r.monetary, r.r, r.f, r.m, r.group])).toEqual([
      ['c1', 2, 3, 0.6, 1, 4, 2, 'at_risk'],
      ['c2', 2, 1, 0.6, 1, 1, 2, 'lost'],
      ['c3', 2, 1, 1.1, 1, 1, 4, 'at_risk'],
      ['c4', 2, 1, 0.1, 1, 1, 1, 'lost'],
    ]);
  });

  it('cn8 monetary near-tie: members whose spend equals the mean to the cent are not above it', async () => {
    const rows = await t.table('rfm_members', { ...P, rfmScheme: 'cn8' });
    expect(Object.fromEntries(rows.map((r) => [r.member_id, r.group]))).toEqual({
      c1: 'general_retain',
      c2: 'general_winback',
      c3: 'important_winback',
      c4: 'general_winback',
    });
  });
});
