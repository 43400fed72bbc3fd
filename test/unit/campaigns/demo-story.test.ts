// The demo's marketing story as the 权益与营销 panel shows it on its default view (近90天), computed through the
// same worker methods (campaignEffects, matchedEffects), ranking and "what to change" the panel calls, on native
// DuckDB. The oracle is the generator's design (workers/demo/campaigns.ts): TRUE_UPLIFT for the response, and
// from it the designed incremental margin per ¥ = true uplift × the campaign's mean 30-day sales per responder ×
// gross margin ÷ cost per contacted member — the arms are drawn so that sales per member differ by exactly the
// uplift times the responders' mean sales (see assignArms). Means and costs come from independent SQL here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignSummary } from '../../../src/lib/campaigns/report.ts';
import type { MatchedEffects } from '../../../src/lib/campaigns/matched-effects.ts';
import { rankWhatPays } from '../../../src/lib/campaigns/ranking.ts';
import { responseWindowOf } from '../../../src/lib/campaigns/response-window.ts';
import { whatToChange } from '../../../src/lib/campaigns/what-to-change.ts';
import { DEFAULT_GROSS_MARGIN, type MetricParams } from '../../../src/lib/metrics/params.ts';
import { presetPeriod } from '../../../src/lib/view/periods.ts';
import { DEFAULT_VIEW, viewParams } from '../../../src/lib/view/view-state.ts';
import { DEMO_CAMPAIGNS, RESPONSE_DAYS, TRUE_UPLIFT } from '../../../workers/demo/campaigns.ts';
import { PREDICTIONS_TABLE } from '../../../workers/prediction/service.ts';
import { ipcToRows } from '../../../workers/engine.ts';
import type { CommunityOutcomeRow } from '../../../src/lib/campaigns/communities-report.ts';
import { loadDemo, type LoadedDemo } from '../demo/load-demo.ts';
import { naiveRetentionGap } from './naive-retention-gap.ts';

let d: LoadedDemo;
let params: MetricParams;
let campaigns: CampaignSummary[];
let matched: MatchedEffects;
const { birthday, memberDay, winBack } = DEMO_CAMPAIGNS;

beforeAll(async () => {
  d = await loadDemo();
  const [{ last }] = await d.q(`SELECT strftime(max(order_time), '%Y-%m-%d') AS last FROM orders`);
  // The panel's params on the default view (dashboard.svelte.ts + BenefitsPanel.svelte): last 90 days, no filters.
  params = { ...viewParams(DEFAULT_VIEW, presetPeriod('last90', last as string)), responseDays: responseWindowOf(undefined) };
  campaigns = await d.engine.campaignEffects(params);
  matched = await d.engine.matchedEffects(params);
}, 180_000);
afterAll(() => d?.close());

const byId = (id: string) => campaigns.find((c) => c.id === id)!;

/** Designed incremental margin per ¥ of each campaign (see the file comment), from independent SQL. */
async function designedMarginPerYuan(): Promise<Record<string, number>> {
  const rows = await d.q(`WITH c AS (SELECT campaign_id, member_id, arm, sent_time, cost_per_contact FROM campaigns),
      s AS (SELECT c.campaign_id, c.member_id, sum(o.amount) AS sales FROM c JOIN orders o ON o.member_id = c.member_id
        AND NOT o.is_refund AND o.amount > 0 AND o.order_time >= c.sent_time AND o.order_time < c.sent_time + INTERVAL ${RESPONSE_DAYS} DAY
        GROUP BY 1, 2),
      cost AS (SELECT c.campaign_id, (sum(c.cost_per_contact) + coalesce((SELECT sum(b.cost) FROM benefits b WHERE b.campaign_id = c.campaign_id), 0))
          / count(*) AS per_contact FROM c WHERE c.arm = 'treatment' GROUP BY 1)
    SELECT cost.campaign_id, (SELECT avg(sales) FROM s WHERE s.campaign_id = cost.campaign_id) AS per_responder, cost.per_contact FROM cost`);
  return Object.fromEntries(
    rows.map((r) => [r.campaign_id, (TRUE_UPLIFT[r.campaign_id as string] * (r.per_responder as number) * DEFAULT_GROSS_MARGIN) / (r.per_contact as number)]),
  );
}

describe('demo story on the benefits panel’s default view', () => {
  it('the view holds all three campaigns with their control groups', () => {
    expect(params.from).toBe('2026-08-03');
    expect(campaigns.map((c) => c.id).sort()).toEqual([birthday.id, memberDay.id, winBack.id].sort());
    for (const c of campaigns) expect(c.controls, c.id).toBeGreaterThan(200);
  });

  it('each response uplift’s 95 % interval covers its designed truth; birthday gift and win-back are 显著有效, member day is not', () => {
    for (const [id, truth] of Object.entries(TRUE_UPLIFT)) {
      const u = byId(id).effect!.uplift;
      expect(u.lower, id).toBeLessThan(truth);
      expect(u.upper, id).toBeGreaterThan(truth);
    }
    expect(byId(birthday.id).effect!.verdict).toBe('effective');
    expect(byId(winBack.id).effect!.verdict).toBe('effective');
    expect(byId(memberDay.id).effect!.verdict).not.toBe('effective');
  });

  it('by design the member-day coupon does not pay back and the win-back does; each margin-per-¥ interval covers its designed value', async () => {
    const truth = await designedMarginPerYuan();
    expect(truth[memberDay.id]).toBeLessThan(0.5); // ¥30 coupons on purchases that happen anyway
    expect(truth[winBack.id]).toBeGreaterThan(2); // ¥0.1 SMS + ¥10 coupon, +3 pp of dormant members back
    for (const [id, t] of Object.entries(truth)) {
      const m = byId(id).marginPerYuan!;
      expect(m.lower, id).toBeLessThan(t);
      expect(m.upper, id).toBeGreaterThan(t);
    }
  });

  it('what to change: the member-day coupon → stop giving it to everyone, aim at dormant members; the win-back → keep it, follow up who did not come back', () => {
    const ranked = rankWhatPays(campaigns, matched.did, 'zh');
    const md = ranked.find((r) => r.id === memberDay.id)!;
    const wb = ranked.find((r) => r.id === winBack.id)!;
    expect(md.upper).toBeLessThan(1);
    expect(wb.lower).toBeGreaterThan(1);
    const actions = Object.fromEntries(whatToChange(ranked, params.responseDays!).map((a) => [a.id.slice(a.id.indexOf(':') + 1), a]));
    expect(actions[memberDay.id].verdict).toBe('loses');
    expect(actions[memberDay.id].target).toEqual({ list: 'lifecycle', stage: 'dormant', action: 'retarget_dormant' });
    expect(actions[memberDay.id].label.zh).toContain('改为只给沉睡会员');
    expect(actions[winBack.id].verdict).toBe('pays');
    expect(actions[winBack.id].target).toEqual({ list: 'campaign_lapsed', campaign: winBack.id, days: RESPONSE_DAYS, action: 'campaign_lapsed_follow_up' });
    expect(ranked.indexOf(wb)).toBeLessThan(ranked.indexOf(md));
  });

  it('the birthday gift without its control group (DiD against matched members) also lifts buying, and passes the pre-trend check', () => {
    const gift = matched.did.find((s) => s.kind === 'benefit' && s.subject === birthday.benefit.type)!;
    expect(gift.buyers!.parallelTrendsPlausible).toBe(true);
    expect(gift.buyers!.estimate.lower).toBeGreaterThan(0);
  });

  it('communities: the naive retention gap is larger than the gap against matched never-members (part of it is who joins)', async () => {
    const c = matched.communities!;
    expect(c.pairs).toBeGreaterThan(500);
    const naive = await naiveRetentionGap(d.q, params.from, params.to);
    expect(naive).toBeGreaterThan(c.retention.difference!.upper);
  });

  it('predicted CLV: not there before the value model is fitted; after the fit (as the 价值 panel runs it), community members vs their matched never-members', async () => {
    expect(matched.communities!.clv).toBeNull(); // beforeAll fitted nothing
    const fit = await d.engine.predict({});
    expect(fit.status).toBe('ok');
    const after = await d.engine.matchedEffects(params);
    const c = after.communities!;
    // The other measures do not move (the same pairs, the same resamples).
    expect([c.retention, c.frequency, c.nps]).toEqual([matched.communities!.retention, matched.communities!.frequency, matched.communities!.nps]);
    // Independently: the metric's pairs, each member's CLV read from the predictions table, pairs where both have one.
    const rows = ipcToRows(await d.engine.runMetric('community_member_outcomes', params)) as unknown as CommunityOutcomeRow[];
    const clvOf = new Map((await d.q(`SELECT member_id, clv FROM ${PREDICTIONS_TABLE} WHERE clv IS NOT NULL`)).map((r) => [r.member_id as string, r.clv as number]));
    const partner = new Map(rows.filter((r) => r.arm === 'matched').map((r) => [r.treated_id, r.member_id]));
    let n = 0;
    let sumC = 0;
    let sumM = 0;
    for (const r of rows.filter((x) => x.arm === 'community')) {
      const a = clvOf.get(r.member_id);
      const b = clvOf.get(partner.get(r.member_id)!);
      if (a === undefined || b === undefined) continue;
      n++;
      sumC += a;
      sumM += b;
    }
    const clv = c.clv!;
    expect(clv.pairs).toBe(n);
    expect(n).toBeGreaterThan(500); // pairs of never-buyers have no prediction on either side
    expect([clv.months, clv.asOf]).toEqual([fit.options.months, fit.options.calibrationEnd]);
    expect(clv.community).toBeCloseTo(sumC / n, 6);
    expect(clv.matched).toBeCloseTo(sumM / n, 6);
    expect(clv.difference!.lower).toBeLessThan(clv.difference!.estimate);
    expect(clv.difference!.upper).toBeGreaterThan(clv.difference!.estimate);
  }, 120_000);
});
