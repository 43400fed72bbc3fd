// Member-list targets on the hand-worked fixture (test/fixtures/members-list/README.md) on native DuckDB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberTarget } from '../../../src/lib/view/member-links.ts';
import { MEMBER_LIST_COLUMNS, memberListSql } from '../../../src/lib/members/list.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { rfmGroups } from '../../../src/lib/metrics/rfm-schemes.ts';
import { sql } from '../../../src/lib/sql.ts';
import { ipcToRows } from '../../../workers/engine.ts';
import { loadFixture, openHarness, type Harness } from '../metrics/harness.ts';

const P: MetricParams = { from: '2024-06-01', to: '2024-07-01' };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  await loadFixture(h.engine, 'members-list');
});
afterAll(() => h.close());

const list = async (target: MemberTarget, p: MetricParams = P) => ipcToRows(await h.engine.memberList(target, p));
const ids = async (target: MemberTarget, p: MetricParams = P) => (await list(target, p)).map((r) => r.member_id as string).sort();

describe('member list targets', () => {
  it('all: the buyers of the period (as the buyers KPI counts them), filters honoured', async () => {
    expect(await ids({ list: 'all' })).toEqual(['m1', 'm5', 'm7']);
    expect(await ids({ list: 'all' }, { ...P, stores: ['店A'] })).toEqual(['m1', 'm5']);
    expect(await h.scalar('buyers', P)).toBe(3);
  });
  it('lifecycle stages partition "all" as lifecycle_stages counts them', async () => {
    expect(await ids({ list: 'lifecycle', stage: 'new' })).toEqual(['m5', 'm7']);
    expect(await ids({ list: 'lifecycle', stage: 'active' })).toEqual(['m1']);
    expect(await ids({ list: 'lifecycle', stage: 'at_risk' })).toEqual(['m2', 'm8']);
    expect(await ids({ list: 'lifecycle', stage: 'dormant' })).toEqual(['m3']);
    expect(await ids({ list: 'lifecycle', stage: 'churned' })).toEqual(['m4']);
    const stages = await h.table('lifecycle_stages', P);
    expect(stages.map((s) => s.members)).toEqual([2, 1, 2, 1, 1]);
  });
  it('tier: the members tier_mix counts (joined before the period end)', async () => {
    expect(await ids({ list: 'tier', tier: '钻石' })).toEqual(['m1']);
    expect(await ids({ list: 'tier', tier: '金卡' })).toEqual(['m2', 'm5']);
    expect(await ids({ list: 'tier', tier: '普通' })).toEqual(['m4', 'm6']);
    const mix = Object.fromEntries((await h.table('tier_mix', P)).map((r) => [r.tier, r.members]));
    expect(mix['钻石']).toBe(1);
    expect(mix['普通']).toBe(2);
  });
  it('NPS class from the latest answer before the period end; top-tier detractors', async () => {
    expect(await ids({ list: 'nps_class', npsClass: 'promoter' })).toEqual(['m1', 'm5']);
    expect(await ids({ list: 'nps_class', npsClass: 'passive' })).toEqual(['m3']);
    expect(await ids({ list: 'nps_class', npsClass: 'detractor' })).toEqual(['m2', 'm4']);
    const byClass = await h.table('repurchase_by_nps_class', P);
    expect(byClass.map((r) => r.members)).toEqual([2, 1, 2]);
    expect(await ids({ list: 'top_tier_detractors' })).toEqual(['m2']);
  });
  it('cn8 by hand: general_winback = m3, m8; important_value = m1', async () => {
    expect(await ids({ list: 'rfm', scheme: 'cn8', group: 'general_winback' })).toEqual(['m3', 'm8']);
    expect(await ids({ list: 'rfm', scheme: 'cn8', group: 'important_value' })).toEqual(['m1']);
  });
  it.each(['eleven', 'cn8'] as const)('RFM %s: every group lists exactly the members rfm_members puts in it', async (scheme) => {
    const scored = await h.table('rfm_members', { ...P, rfmScheme: scheme });
    expect(scored.length).toBe(6);
    for (const g of rfmGroups(scheme)) {
      const expected = scored
        .filter((r) => r.group === g.id)
        .map((r) => r.member_id as string)
        .sort();
      expect(await ids({ list: 'rfm', scheme, group: g.id }), g.id).toEqual(expected);
    }
  });
  it('row facts for m1 and m8 (no member row)', async () => {
    const rows = await list({ list: 'rfm', scheme: 'cn8', group: 'important_value' });
    expect(Object.keys(rows[0])).toEqual([...MEMBER_LIST_COLUMNS]);
    expect(rows[0]).toMatchObject({
      member_id: 'm1',
      tier: '钻石',
      home_store: '店A',
      phone: '13800000001',
      last_purchase: '2024-06-20',
      purchase_days: 3,
      spend: 550,
      rfm_group: 'important_value',
    });
    const [m8] = await list({ list: 'rfm', scheme: 'cn8', group: 'general_winback' }).then((r) => r.filter((x) => x.member_id === 'm8'));
    expect(m8).toMatchObject({ tier: null, phone: null, last_purchase: '2024-02-01', purchase_days: 1, spend: 20, rfm_group: 'general_winback' });
  });
  it('other targets show groups in the view scheme (default eleven)', async () => {
    const eleven = Object.fromEntries((await h.table('rfm_members', P)).map((r) => [r.member_id, r.group]));
    for (const r of await list({ list: 'lifecycle', stage: 'at_risk' })) expect(r.rfm_group).toBe(eleven[r.member_id as string]);
  });
  it('default order: spend descending', async () => {
    expect((await list({ list: 'all' })).map((r) => r.member_id)).toEqual(['m1', 'm5', 'm7']);
    expect((await list({ list: 'lifecycle', stage: 'at_risk' })).map((r) => r.member_id)).toEqual(['m2', 'm8']); // spend 100, 20
  });
  it('thin data: no fit, so P(alive), CLV and the value-at-risk list are empty', async () => {
    expect((await list({ list: 'all' })).every((r) => r.p_alive === null && r.clv === null)).toBe(true);
    expect(await list({ list: 'value_at_risk' })).toEqual([]);
  });
  it('value at risk with a predictions table: P(alive) < 0.5, spend > 0, ranked by (1 − P) × spend', async () => {
    await h.engine.query(
      sql`CREATE OR REPLACE TABLE test_pred AS SELECT * FROM (VALUES ('m1', 0.9, 7.0, 10.0), ('m2', 0.2, 30.0, 5.0), ('m3', 0.1, 40.0, 1.0), ('m5', 0.95, 3.5, 50.0), ('m8', 0.3, 20.0, 2.0), ('m4', 0.01, 90.0, 0.0)) v(member_id, p_alive, next_purchase_days, clv)`,
    );
    const rows = ipcToRows(await h.engine.query(memberListSql({ list: 'value_at_risk' }, P, 'test_pred')));
    expect(rows.map((r) => r.member_id)).toEqual(['m2', 'm3', 'm8']);
    expect(rows.map((r) => r.value_at_risk as number)).toEqual([expect.closeTo(80, 9), expect.closeTo(72, 9), expect.closeTo(14, 9)]);
    const all = ipcToRows(await h.engine.query(memberListSql({ list: 'all' }, P, 'test_pred')));
    expect(all.find((r) => r.member_id === 'm5')).toMatchObject({ p_alive: 0.95, next_purchase_days: 3.5, clv: 50 });
  });
});
