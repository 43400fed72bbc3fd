/** Per-member model quantities from a fit: P(alive), expected purchases, next-purchase timing and CLV over the horizon. */
import type { ResolvedPredictionOptions } from '../../src/lib/members/prediction.ts';
import { UNIT_DAYS } from '../../src/lib/models/calibration.ts';
import { conditionalExpectedPurchases, medianTimeToNextPurchase, pAlive } from '../models/bgnbd.ts';
import type { ModelsFit } from '../models/fit.ts';
import { customerLifetimeValue } from '../models/gamma-gamma.ts';
import type { CalibrationSummary } from '../models/types.ts';

export interface MemberPrediction {
  member_id: string;
  x: number;
  recency: number;
  p_alive: number;
  expected_purchases: number;
  /** Median days until the next purchase if the member is still active (pair with p_alive). */
  next_purchase_days: number;
  clv: number | null;
}

/** One prediction per summary row; CLV only with a converged Gamma-Gamma fit. Months are 30 days (lifetimes' convention). */
export function predictMembers(fit: ModelsFit, rows: readonly CalibrationSummary[], o: ResolvedPredictionOptions): MemberPrediction[] {
  const monthLength = 30 / UNIT_DAYS[o.unit];
  const horizon = o.months * monthLength;
  const gg = fit.gammaGamma?.converged ? fit.gammaGamma : null;
  const expected = new Map<string, number>();
  return rows.map((s) => {
    const key = `${s.x},${s.t_x},${s.T}`;
    let e = expected.get(key);
    if (e === undefined) expected.set(key, (e = conditionalExpectedPurchases(fit.bgnbd, horizon, s.x, s.t_x, s.T)));
    return {
      member_id: String(s.member_id),
      x: s.x,
      recency: s.T - s.t_x,
      p_alive: pAlive(fit.bgnbd, s.x, s.t_x, s.T),
      expected_purchases: e,
      next_purchase_days: medianTimeToNextPurchase(fit.bgnbd, s.x, s.T) * UNIT_DAYS[o.unit],
      clv: gg ? customerLifetimeValue(fit.bgnbd, gg, s, { months: o.months, monthlyDiscount: o.monthlyDiscount, monthLength }) : null,
    };
  });
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const num = (v: number | null) => (v === null || !Number.isFinite(v) ? '' : String(v));

/** The predictions as CSV for `read_csv` (header row; empty = NULL). */
export function predictionsCsv(rows: readonly MemberPrediction[]): string {
  const lines = ['member_id,x,recency,p_alive,expected_purchases,next_purchase_days,clv'];
  for (const r of rows)
    lines.push([quote(r.member_id), num(r.x), num(r.recency), num(r.p_alive), num(r.expected_purchases), num(r.next_purchase_days), num(r.clv)].join(','));
  return lines.join('\n') + '\n';
}
