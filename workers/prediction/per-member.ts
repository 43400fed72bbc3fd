/** Per-member model quantities from a fit: P(alive), expected purchases, next-purchase timing and CLV over the horizon. */
import { LIKELY_GONE_P_ALIVE } from '../../src/lib/concepts/likely-gone.ts';
import type { ResolvedPredictionOptions } from '../../src/lib/members/prediction.ts';
import { UNIT_DAYS } from '../../src/lib/models/calibration.ts';
import { medianTimeToNextPurchase } from '../models/bgnbd.ts';
import type { ModelsFit } from '../models/fit.ts';
import { customerLifetimeValue } from '../models/gamma-gamma.ts';
import { expectedOf, pAliveOf, type ModelName } from '../models/models.ts';
import type { CalibrationSummary } from '../models/types.ts';

export interface MemberPrediction {
  member_id: string;
  x: number;
  recency: number;
  p_alive: number;
  expected_purchases: number;
  /**
   * Median days until the next purchase if the member is still active; null where P(alive) < 0.5
   * (NEXT_VISIT_MIN_P_ALIVE): "back in 6 days if still active" next to "probably gone" reads as a contradiction.
   */
  next_purchase_days: number | null;
  clv: number | null;
}

/** The next visit is only predicted for members more likely active than not. */
export const NEXT_VISIT_MIN_P_ALIVE = LIKELY_GONE_P_ALIVE;

/**
 * One prediction per summary row under the `model` chosen (default BG/NBD); CLV only with a
 * converged Gamma-Gamma fit. Months are 30 days (lifetimes' convention).
 */
export function predictMembers(fit: ModelsFit, rows: readonly CalibrationSummary[], o: ResolvedPredictionOptions, model: ModelName = 'bgnbd'): MemberPrediction[] {
  const m = fit.models[model];
  // Every model's posterior purchase rate given "alive" is Gamma(r + x, α + T): one median formula.
  const rate = { r: m.params.r, alpha: m.params.alpha };
  const expectedFn = (t: number, x: number, tx: number, T: number) => expectedOf(m, t, x, tx, T);
  const monthLength = 30 / UNIT_DAYS[o.unit];
  const horizon = o.months * monthLength;
  const gg = fit.gammaGamma?.converged ? fit.gammaGamma : null;
  const expected = new Map<string, number>();
  return rows.map((s) => {
    const key = `${s.x},${s.t_x},${s.T}`;
    let e = expected.get(key);
    if (e === undefined) expected.set(key, (e = expectedFn(horizon, s.x, s.t_x, s.T)));
    const p = pAliveOf(m, s.x, s.t_x, s.T);
    return {
      member_id: String(s.member_id),
      x: s.x,
      recency: s.T - s.t_x,
      p_alive: p,
      expected_purchases: e,
      next_purchase_days: p >= NEXT_VISIT_MIN_P_ALIVE ? medianTimeToNextPurchase(rate, s.x, s.T) * UNIT_DAYS[o.unit] : null,
      clv: gg ? customerLifetimeValue(expectedFn, gg, s, { months: o.months, monthlyDiscount: o.monthlyDiscount, monthLength }) : null,
    };
  });
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const num = (v: number | null) => (v === null || !Number.isFinite(v) ? '' : String(v));

/** The predictions as CSV for `read_csv` (header row; empty = NULL). */
export function predictionsCsv(rows: readonly MemberPrediction[]): string {
  const lines = ['member_id,x,recency,p_alive,expected_purchases,next_purchase_days,clv'];
  for (const r of rows) lines.push([quote(r.member_id), num(r.x), num(r.recency), num(r.p_alive), num(r.expected_purchases), num(r.next_purchase_days), num(r.clv)].join(','));
  return lines.join('\n') + '\n';
}
