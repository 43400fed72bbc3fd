/**
 * Seeded pseudo-random numbers for the demo: sfc32 seeded through splitmix32, written by hand
 * so the same seed gives the same stream in every engine (no Math.random).
 */

/** A deterministic random stream with the few distributions the demo needs. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Poisson count with the given mean (normal approximation above 30). */
  poisson(mean: number): number;
  /** Gamma(shape, 1) for shape ≥ 1 (Marsaglia–Tsang). */
  gamma(shape: number): number;
  /** Index drawn from weights (need not sum to 1). */
  weighted(weights: readonly number[]): number;
  /** Index drawn from a table made by `cumulative` (faster than `weighted` in hot loops). */
  pick(table: Float64Array): number;
}

/** Running sums of weights scaled to end at 1, for `Rng.pick`. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let total = 0;
  for (const w of weights) total += w;
  let run = 0;
  weights.forEach((w, i) => (out[i] = run += w / total));
  out[weights.length - 1] = 1;
  return out;
}

function splitmix32(state: number): () => number {
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A stream for `seed` (any integer; only its low 32 bits matter). */
export function createRng(seed: number): Rng {
  const init = splitmix32(seed | 0);
  let a = init(),
    b = init(),
    c = init(),
    d = init();
  const next = (): number => {
    // sfc32 (Chris Doty-Humphrey's small fast counting generator).
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // let the four words mix before use

  const normal = (): number => {
    const u = 1 - next(); // (0, 1]: log(0) would be -Infinity
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };

  const gamma = (shape: number): number => {
    const dd = shape - 1 / 3;
    const cc = 1 / Math.sqrt(9 * dd);
    for (;;) {
      const x = normal();
      const v0 = 1 + cc * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = next();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + dd * (1 - v + Math.log(v))) return dd * v;
    }
  };

  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal,
    gamma,
    poisson(mean) {
      if (mean <= 0) return 0;
      if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    weighted(weights) {
      let total = 0;
      for (const w of weights) total += w;
      let u = next() * total;
      for (let i = 0; i < weights.length; i++) {
        u -= weights[i];
        if (u < 0) return i;
      }
      return weights.length - 1;
    },
    pick(table) {
      const u = next();
      let i = 0;
      while (u >= table[i]) i++;
      return i;
    },
  };
}
