/** Per-member model quantities from a fit: P(alive), expected purchases, next-purchase timing and CLV over the horizon. */
import { LIKELY_GONE_P_ALIVE } from '../../src/lib/concepts/likely-gone.ts';
import type { ResolvedPredictionOptions } from '../../src/lib/members/prediction.ts';
import { UNIT_DAYS } from '../../src/lib/models/calibration.ts';
import { medianTimeToNextPurchase } from '../models/bgnbd.ts';
import type { ModelsFit } from '../models/fit.ts';
import { aggregateBgnbd } from '../models/bgnbd-likelihood.ts';
import { conditionalExpectedSpend, discountedValue, discountFactors, monthlyPurchases } from '../models/gamma-gamma.ts';
import { expectedByHistory, pAliveOf, type ModelName } from '../models/models.ts';
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
 * converged Gamma-Gamma fit. Months are 30 days (lifetimes' convention). P(alive), expected
 * purchases, the next visit and the monthly purchases behind CLV depend on (x, t_x, T) only, so
 * they are computed once per distinct history; only the spend (and so CLV) is per member.
 */
export function predictMembers(fit: ModelsFit, rows: readonly CalibrationSummary[], o: ResolvedPredictionOptions, model: ModelName = 'bgnbd'): MemberPrediction[] {
  const m = fit.models[model];
  // Every model's posterior purchase rate given "alive" is Gamma(r + x, α + T): one median formula.
  const rate = { r: m.params.r, alpha: m.params.alpha };
  const monthLength = 30 / UNIT_DAYS[o.unit];
  const horizon = o.months * monthLength;
  const gg = fit.gammaGamma?.converged ? fit.gammaGamma : null;
  const data = aggregateBgnbd(rows);
  const { rowOf, count } = data;
  // E[Y] at the horizon, then (with a spend model) at the end of each month for CLV: per distinct history.
  const ts = [horizon, ...(gg ? Array.from({ length: o.months }, (_, i) => (i + 1) * monthLength) : [])];
  const cumulative = expectedByHistory(m, data, ts);
  const histories = count.length;
  const pAlive = new Float64Array(histories);
  const nextDays = new Float64Array(histories);
  const monthly = gg ? new Float64Array(histories * o.months) : null;
  const done = new Uint8Array(histories); // 0 = not yet, 1 = done, 2 = done with a next visit
  const factors = discountFactors(o.months, o.monthlyDiscount);
  return rows.map((s, i) => {
    const h = rowOf[i];
    if (!done[h]) {
      pAlive[h] = pAliveOf(m, s.x, s.t_x, s.T);
      done[h] = pAlive[h] >= NEXT_VISIT_MIN_P_ALIVE ? 2 : 1;
      if (done[h] === 2) nextDays[h] = medianTimeToNextPurchase(rate, s.x, s.T) * UNIT_DAYS[o.unit];
      if (monthly) monthly.set(monthlyPurchases(cumulative.subarray(h * ts.length + 1, (h + 1) * ts.length)), h * o.months);
    }
    return {
      member_id: String(s.member_id),
      x: s.x,
      recency: s.T - s.t_x,
      p_alive: pAlive[h],
      expected_purchases: cumulative[h * ts.length],
      next_purchase_days: done[h] === 2 ? nextDays[h] : null,
      clv: gg ? discountedValue(conditionalExpectedSpend(gg, s.x, s.monetary ?? 0), monthly!.subarray(h * o.months, (h + 1) * o.months), factors) : null,
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
