// The demo's birthday gift, estimated WITHOUT its control group: 生日礼 recipients against matched members (DiD).
// The oracle is the generator's own birthday process (workers/demo/member-orders.ts): every member buys extra at
// rate × BIRTHDAY_UPLIFT in the birthday month, so the true effect on a recipient's orders in [t, t + 30) is that
// extra intensity over the days the window shares with the birthday month — computed here from the members' rates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseDid, type MatchedOutcomeRow } from '../../../src/lib/campaigns/did-report.ts';
import { createRng } from '../../../src/lib/rng.ts';
import { buildCalendar, DAYS, dayIndex } from '../../../workers/demo/calendar.ts';
import { DEFAULT_SEED } from '../../../workers/demo/generate.ts';
import { BIRTHDAY_UPLIFT, DAYS_PER_MONTH } from '../../../workers/demo/member-orders.ts';
import { generateMembers } from '../../../workers/demo/members.ts';
import { buildSeason, weightBetween } from '../../../workers/demo/season.ts';
import { ipcToRows } from '../../../workers/engine.ts';
import { loadDemo, type LoadedDemo } from '../demo/load-demo.ts';

let d: LoadedDemo;
let rows: MatchedOutcomeRow[];
const W = 30;
beforeAll(async () => {
  d = await loadDemo();
  rows = ipcToRows(await d.engine.runMetric('did_member_outcomes', { from: '2026-09-01', to: '2026-11-01', responseDays: W })) as unknown as MatchedOutcomeRow[];
}, 120_000);
afterAll(() => d?.close());

/** Expected extra birthday orders in each matched recipient's post window, averaged (the generator's intensity). */
function trueBirthdayEffect(recipients: readonly MatchedOutcomeRow[]): number {
  const cal = buildCalendar();
  const season = buildSeason(cal);
  const members = generateMembers(createRng(DEFAULT_SEED), season); // the generator's first draws, as in generateDemo
  const index = new Map(members.id.map((id, i) => [id, i]));
  let sum = 0;
  for (const r of recipients) {
    const m = index.get(r.member_id)!;
    const [y, mo] = r.month.split('-').map(Number);
    const t = dayIndex(y, mo, 1); // the demo issues the gift on the first day of the birthday month
    expect(members.birthMonth[m]).toBe(mo);
    const lo = Math.max(members.joinDay[m], 0);
    const hi = Math.min(members.waveDay[m] >= 0 ? members.waveDay[m] : members.churnDay[m], DAYS);
    const monthEnd = dayIndex(mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, 1);
    const a = Math.max(lo, t);
    const b = Math.min(hi, t + W, monthEnd);
    sum += (members.rate[m] / DAYS_PER_MONTH) * BIRTHDAY_UPLIFT * weightBetween(season, a, b);
  }
  return sum / recipients.length;
}

describe('demo: the birthday gift without a control group (DiD against matched members)', () => {
  it('the true extra orders per recipient lie inside the 95 % interval; the pre-trend check passes; bought-at-all is 显著 up', () => {
    const bd = rows.filter((r) => r.subject_kind === 'benefit' && r.subject === '生日礼');
    const treated = bd.filter((r) => r.arm === 'treatment');
    const s = summariseDid(bd)[0];
    expect(s.pairs).toBe(treated.length);
    expect(s.pairs).toBeGreaterThan(1000);
    expect(s.unmatched / (s.pairs + s.unmatched)).toBeLessThan(0.1);
    const truth = trueBirthdayEffect(treated);
    expect(truth).toBeGreaterThan(0.1);
    const o = s.orders!.estimate;
    expect(o.lower).toBeLessThan(truth);
    expect(o.upper).toBeGreaterThan(truth);
    expect(s.orders!.parallelTrendsPlausible).toBe(true);
    expect(s.buyers!.estimate.lower).toBeGreaterThan(0);
  });
});
