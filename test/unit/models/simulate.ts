// Seeded draws from the BG/NBD process (FHL 2005 §2), for fit-it-back tests.
import type { BgnbdParams, CalibrationSummary } from '../../../workers/models/types.ts';

/** mulberry32: a small seeded PRNG with uniform output in [0, 1). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Gamma(shape, rate 1) by Marsaglia & Tsang (2000), with the U^(1/shape) boost for shape < 1. */
export function gammaDraw(shape: number, u: () => number): number {
  if (shape < 1) return gammaDraw(shape + 1, u) * Math.pow(1 - u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = 1 - u();
    if (Math.log(w) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A simulated member: the calibration summary, the true state at T and purchases in (T, T + horizon]. */
export type SimulatedMember = CalibrationSummary & { aliveAtT: boolean; x_holdout: number };

/**
 * One member per T in `ages`: λ ~ Gamma(r, α), p ~ Beta(a, b); from the first purchase at time 0,
 * purchases arrive at rate λ and after each repeat purchase the member drops out with probability p.
 */
export function simulateBgnbd({ r, alpha, a, b }: BgnbdParams, ages: readonly number[], seed: number, horizon = 0): SimulatedMember[] {
  const u = mulberry32(seed);
  return ages.map((T) => {
    const lambda = gammaDraw(r, u) / alpha;
    const ga = gammaDraw(a, u);
    const p = ga / (ga + gammaDraw(b, u));
    let t = 0;
    let x = 0;
    let tx = 0;
    let holdout = 0;
    let alive = true;
    while (alive) {
      t += -Math.log(1 - u()) / lambda;
      if (t > T + horizon) break;
      if (t <= T) {
        x++;
        tx = t;
      } else holdout++;
      alive = u() >= p;
    }
    // Alive at T unless the dropout came after a purchase at or before T.
    return { x, t_x: tx, T, aliveAtT: alive || t > T, x_holdout: holdout };
  });
}

/** MBG/NBD: as BG/NBD, but the dropout coin is also tossed right after the first purchase (at time 0). */
export function simulateMbgnbd({ r, alpha, a, b }: BgnbdParams, ages: readonly number[], seed: number, horizon = 0): SimulatedMember[] {
  const u = mulberry32(seed);
  return ages.map((T) => {
    const lambda = gammaDraw(r, u) / alpha;
    const ga = gammaDraw(a, u);
    const p = ga / (ga + gammaDraw(b, u));
    let t = 0;
    let x = 0;
    let tx = 0;
    let holdout = 0;
    let alive = u() >= p;
    while (alive) {
      t += -Math.log(1 - u()) / lambda;
      if (t > T + horizon) break;
      if (t <= T) {
        x++;
        tx = t;
      } else holdout++;
      alive = u() >= p;
    }
    return { x, t_x: tx, T, aliveAtT: alive || t > T, x_holdout: holdout };
  });
}

/** Pareto/NBD: λ ~ Gamma(r, α), μ ~ Gamma(s, β), lifetime τ ~ Exp(μ); Poisson(λ) purchases while alive. */
export function simulateParetoNbd(
  { r, alpha, s, beta }: { r: number; alpha: number; s: number; beta: number },
  ages: readonly number[],
  seed: number,
  horizon = 0,
): SimulatedMember[] {
  const u = mulberry32(seed);
  return ages.map((T) => {
    const lambda = gammaDraw(r, u) / alpha;
    const mu = gammaDraw(s, u) / beta;
    const tau = -Math.log(1 - u()) / mu;
    let t = 0;
    let x = 0;
    let tx = 0;
    let holdout = 0;
    const end = Math.min(tau, T + horizon);
    for (;;) {
      t += -Math.log(1 - u()) / lambda;
      if (t > end) break;
      if (t <= T) {
        x++;
        tx = t;
      } else holdout++;
    }
    return { x, t_x: tx, T, aliveAtT: tau > T, x_holdout: holdout };
  });
}
