// Session 14 (issue 14, `store-compass fit` CPU): MBG/NBD's Beta-function ratios are finite sums over
// j ≤ x instead of differences of ln Γ. At the 1M orders' fit (a → 0, b → ∞: nobody drops out) those
// differences lost every digit (ln Γ(b+x+1) − ln Γ(a+b+x+1), both ≈ 3.4e6, differ by ~1e-6), and the
// optimiser wandered on that noise for hundreds of likelihoods. Checked against an independent reference:
// the ratios B(a, b+x+1)/B(a, b) = Π_{j≤x} (b+j)/(a+b+j) and B(a+1, b+x)/B(a, b) = a/(a+b+x) Π_{j<x} (b+j)/(a+b+j)
// as exact fractions in BigInt over decimal a, b, their logarithms taken without cancellation.
import { describe, expect, it } from 'vitest';
import { aggregateBgnbd } from '../../../workers/models/bgnbd-likelihood.ts';
import { mbgnbdLogLikelihood } from '../../../workers/models/mbgnbd.ts';
import { lgamma, logAddExp } from '../../../workers/models/special.ts';
import type { CalibrationSummary } from '../../../workers/models/types.ts';

/** A decimal string as an exact fraction [numerator, denominator]. */
function rat(s: string): [bigint, bigint] {
  const [i, f = ''] = s.split('.');
  return [BigInt(i + f), 10n ** BigInt(f.length)];
}

/** ln(num/den) for 0 < num ≤ den without cancellation: log1p(−(den − num)/den) to ~1e-16 relative. */
function lnFraction(num: bigint, den: bigint): number {
  const shift = 10n ** 40n;
  const gap = ((den - num) * shift) / den;
  if (gap * 10n ** 6n > shift) {
    // Not close to 1: the ratio itself, scaled.
    const digits = ((num * 10n ** 60n) / den).toString();
    return Math.log(Number(digits.slice(0, 17)) / 1e16) + (digits.length - 1 - 60) * Math.LN10;
  }
  return Math.log1p(-Number(gap) / 1e40);
}

/** ln B(a, b+x+1)/B(a, b) and ln B(a+1, b+x)/B(a, b), exactly as fractions, then their logarithms. */
function lnBetaRatios(a: string, b: string, x: number): [number, number] {
  const [an, ad] = rat(a);
  const [bn, bd] = rat(b);
  // a = an/ad, b = bn/bd: b + j = (bn + j bd)/bd, a + b + j = (an bd + bn ad + j ad bd)/(ad bd).
  let num = 1n;
  let den = 1n;
  for (let j = 0n; j < BigInt(x); j++) {
    num *= (bn + j * bd) * ad;
    den *= an * bd + bn * ad + j * ad * bd;
  }
  const last = an * bd + bn * ad + BigInt(x) * ad * bd; // (a+b+x) · ad bd
  const stay = lnFraction(num * (bn + BigInt(x) * bd) * ad, den * last);
  const drop = lnFraction(num * an * bd, den * last); // a/(a+b+x) = an bd / last
  return [stay, drop];
}

describe('MBG/NBD log-likelihood as a → 0 and b → ∞', () => {
  const members: CalibrationSummary[] = [
    { x: 0, t_x: 0, T: 30 },
    { x: 1, t_x: 4, T: 50 },
    { x: 3, t_x: 20, T: 40 },
    { x: 12, t_x: 51, T: 52 },
    { x: 40, t_x: 50.5, T: 52 },
  ];
  it.each([
    ['0.0000001', '300000'],
    ['0.000003', '25000.5'],
    ['0.891', '1.614'],
  ])('a = %s, b = %s: the sum of each member’s ln L with the exact Beta ratios, to 1e-12 per member', (a, b) => {
    const [r, alpha] = [1.95, 21.9];
    const ll = mbgnbdLogLikelihood({ r, alpha, a: Number(a), b: Number(b) }, aggregateBgnbd(members));
    let reference = 0;
    for (const { x, t_x, T } of members) {
      const [stay, drop] = lnBetaRatios(a, b, x);
      const head = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
      reference += head + logAddExp(stay - (r + x) * Math.log(alpha + T), drop - (r + x) * Math.log(alpha + t_x));
    }
    expect(Math.abs(ll - reference)).toBeLessThanOrEqual(1e-12 * members.length * Math.max(1, Math.abs(reference) / members.length));
  });
});
