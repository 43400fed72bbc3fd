// benefit_funnel, campaign_response, campaign_member_outcomes, channel_effectiveness and the campaign report on the
// hand-worked fixture (arithmetic in test/fixtures/metrics-benefits/README.md) and properties on random tables. The demo's
// designed true effects are recovered in demo-story.test.ts.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanonicalCsvWriter } from '../../../workers/canonical-csv.ts';
import { rankCampaigns, summariseCampaigns, type MemberOutcomeRow } from '../../../src/lib/campaigns/report.ts';
import { byKey, loadFixture, openHarness, type Harness } from '../metrics/harness.ts';

const P = { from: '2024-03-01', to: '2024-04-01' };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  await loadFixture(h.engine, 'metrics-benefits');
});
afterAll(() => h?.close());

describe('benefit_funnel (fixture)', () => {
  it('issued → used → redeemed with a purchase, expired unused, median days, face value and cost per type × tier × store', async () => {
    const rows = await h.table('benefit_funnel', P);
    const key = (r: Record<string, unknown>) => `${r.benefit_type}|${r.tier}|${r.store}`;
    const got = Object.fromEntries(rows.map((r) => [key(r), [r.issued, r.used, r.redeemed_with_purchase, r.expired_unused, r.median_days_to_use, r.face_value, r.cost]]));
    expect(got).toEqual({
      '生日礼|金卡|旗舰店': [1, 1, 1, 0, 2, 50, 25],
      '生日礼|普通|旗舰店': [1, 1, 1, 0, 4.5, 50, 25],
      '生日礼|普通|社区店': [1, 1, 0, 0, 2, 50, 25],
      '优惠券|银卡|社区店': [1, 0, 0, 1, null, 10, 0],
      '优惠券|普通|社区店': [1, 0, 0, 0, null, 10, 0],
      '会员日|金卡|旗舰店': [1, 1, 0, 0, 0.375, 20, 20],
    });
  });
  it('store and tier filters', async () => {
    const rows = await h.table('benefit_funnel', { ...P, stores: ['社区店'], tiers: ['普通'] });
    expect(rows.map((r) => [r.benefit_type, r.issued])).toEqual([
      ['优惠券', 1],
      ['生日礼', 1],
    ]);
  });
});

describe('benefit_use_trend (fixture)', () => {
  it('per month of issue and type: issued, used, use rate, used with a purchase (README: February b6; March as in the funnel)', async () => {
    const rows = await h.table('benefit_use_trend', { ...P, from: '2024-02-01' });
    expect(rows.map((r) => [r.month, r.benefit_type, r.issued, r.used, r.use_rate, r.redeemed_with_purchase])).toEqual([
      ['2024-02', '优惠券', 1, 0, 0, 0],
      ['2024-03', '优惠券', 2, 0, 0, 0],
      ['2024-03', '会员日', 1, 1, 1, 0],
      ['2024-03', '生日礼', 3, 3, 1, 2],
    ]);
  });
  it('each month’s totals equal the funnel of that month alone', async () => {
    const trend = await h.table('benefit_use_trend', P);
    const funnel = await h.table('benefit_funnel', P);
    const sum = (rows: Record<string, unknown>[], k: string) => rows.reduce((n, r) => n + (r[k] as number), 0);
    for (const k of ['issued', 'used', 'redeemed_with_purchase']) expect(sum(trend, k), k).toBe(sum(funnel, k));
  });
});

describe('campaign_response (fixture)', () => {
  it('treatment vs control: members, buyers, sales, costs; control members cost nothing', async () => {
    const rows = await h.table('campaign_response', P);
    expect(rows.map((r) => [r.campaign_id, r.arm, r.members, r.buyers, r.response_rate, r.sales, r.sales_per_member, r.contact_cost, r.benefit_cost])).toEqual([
      ['C1', 'control', 2, 1, 0.5, 50, 25, 0, 0],
      ['C1', 'treatment', 4, 2, 0.5, 200, 50, 2, 25],
      ['C2', 'treatment', 1, 1, 1, 70, 70, 0.1, 0],
    ]);
  });
  it('the response window is a parameter (N = 60 takes O4, O8 and O7 in)', async () => {
    const c1 = (await h.table('campaign_response', { ...P, responseDays: 60 })).filter((r) => r.campaign_id === 'C1');
    expect(c1.map((r) => [r.arm, r.buyers, r.sales])).toEqual([
      ['control', 2, 165],
      ['treatment', 3, 280],
    ]);
  });
});

describe('channel_effectiveness (fixture)', () => {
  it('uplift only where a control exists; no cost per incremental buyer without an extra buyer', async () => {
    const rows = byKey(await h.table('channel_effectiveness', P), 'channel');
    expect(rows['短信']).toEqual({
      channel: '短信',
      campaigns: 1,
      contacted: 4,
      controls: 2,
      response_treatment: 0.5,
      response_control: 0.5,
      incremental_buyers: 0,
      uplift: 0,
      cost: 27,
      cost_per_incremental_buyer: null,
    });
    expect(rows['公众号']).toEqual({
      channel: '公众号',
      campaigns: 1,
      contacted: 1,
      controls: 0,
      response_treatment: 1,
      response_control: null,
      incremental_buyers: null,
      uplift: null,
      cost: 0.1,
      cost_per_incremental_buyer: null,
    });
  });
});

describe('campaign report (fixture)', () => {
  it('C1: uplift 0 with the Newcombe interval ±0.53561, incremental sales 100, margin per ¥ 100 × 0.4 ÷ 27; C2 has no estimate', async () => {
    const rows = (await h.table('campaign_member_outcomes', P)) as unknown as MemberOutcomeRow[];
    const [c1, c2] = summariseCampaigns(rows, { margin: 0.4 });
    expect(c1.effect!.uplift.estimate).toBe(0);
    expect(c1.effect!.uplift.lower).toBeCloseTo(-0.535609608, 8);
    expect(c1.effect!.uplift.upper).toBeCloseTo(0.535609608, 8);
    expect(c1.effect!.verdict).toBe('undecided');
    expect(c1.effect!.incrementalSales.estimate).toBeCloseTo(100, 9);
    expect(c1.cost).toBeCloseTo(27, 9);
    expect(c1.marginPerYuan!.estimate).toBeCloseTo(40 / 27, 9);
    expect(c1.effect!.roi).toBeCloseTo(13 / 27, 9);
    expect(c2).toMatchObject({ id: 'C2', treated: 1, controls: 0, effect: null, marginPerYuan: null });
    expect(rankCampaigns([c2, c1]).map((c) => c.id)).toEqual(['C1', 'C2']);
  });
});

// Random small tables: the funnel never uses more than it issues, and the arms add up to the contacted members.
describe('properties on random tables', () => {
  const member = fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5');
  const day = fc.integer({ min: 0, max: 59 }).map((d) => new Date(Date.UTC(2024, 2, 1) + d * 86_400_000).toISOString().slice(0, 10) + ' 10:00:00');
  const benefit = fc.record({ m: member, type: fc.constantFrom('生日礼', '优惠券'), issued: day, used: fc.option(day), expiry: fc.option(day) });
  const contact = fc.record({ c: fc.constantFrom('A', 'B'), m: member, sent: day, arm: fc.constantFrom('treatment', 'control') });
  const order = fc.record({ m: member, t: day, amount: fc.integer({ min: -50, max: 200 }) });

  it('used ≤ issued, with purchase ≤ used; treatment + control = distinct contacted (campaign, member)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(benefit, { maxLength: 12 }), fc.array(contact, { maxLength: 12 }), fc.array(order, { maxLength: 12 }), async (bs, cs, os) => {
        const w = (t: 'benefits' | 'campaigns' | 'orders', rows: unknown[][]) => {
          const x = new CanonicalCsvWriter(t);
          for (const r of rows) x.push(r as never);
          return x.toString();
        };
        await h.engine.loadCsvTable(
          'benefits',
          w(
            'benefits',
            bs.map((b) => [b.m, b.type, b.issued, b.used, b.expiry, 10, 5, null, null, 'S']),
          ),
        );
        await h.engine.loadCsvTable(
          'campaigns',
          w(
            'campaigns',
            cs.map((c) => [c.c, c.c, '短信', c.m, c.sent, c.arm, 0.1]),
          ),
        );
        await h.engine.loadCsvTable(
          'orders',
          w(
            'orders',
            os.map((o, i) => [`o${i}`, o.t, o.m, 'S', 'offline', o.amount, 1, 0, 0, o.amount < 0]),
          ),
        );
        const p = { from: '2024-03-01', to: '2024-05-01' };
        for (const r of await h.table('benefit_funnel', p)) {
          expect(r.used as number).toBeLessThanOrEqual(r.issued as number);
          expect(r.redeemed_with_purchase as number).toBeLessThanOrEqual(r.used as number);
          expect((r.used as number) + (r.expired_unused as number)).toBeLessThanOrEqual(r.issued as number);
        }
        const resp = await h.table('campaign_response', p);
        const distinct = new Set(cs.map((c) => `${c.c}|${c.m}`)).size;
        expect(resp.reduce((s, r) => s + (r.members as number), 0)).toBe(distinct);
        for (const r of resp) expect(r.buyers as number).toBeLessThanOrEqual(r.members as number);
      }),
      { numRuns: 25, seed: 12 },
    );
    await loadFixture(h.engine, 'metrics-benefits'); // put the fixture back for any later test
  });
});
