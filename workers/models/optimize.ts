/**
 * A small hand-written minimiser for smooth functions of a few unconstrained variables (model
 * parameters on the log scale): BFGS with a backtracking Armijo line search, an analytic or
 * central-difference gradient, and restarts from the best point with a fresh Hessian guess so a
 * stale inverse-Hessian cannot fake convergence.
 */

/** f(θ) and, when the objective can provide it, ∇f(θ) written into `grad`. */
export type Objective = (theta: readonly number[], grad?: number[]) => number;

export interface MinimizeOptions {
  /** Converged when max|∇f| ≤ gradTol · (1 + |f|). */
  gradTol?: number;
  maxIterations?: number;
  /** Restarts from the best point (fresh Hessian guess); convergence must hold on the last one. */
  restarts?: number;
  /** Whether `f` fills `grad`; otherwise a central difference is used. */
  analyticGradient?: boolean;
}

export interface MinimizeResult {
  theta: number[];
  value: number;
  iterations: number;
  converged: boolean;
  reason: 'gradient' | 'precision-limit' | 'no-progress' | 'max-iterations' | 'not-finite';
}

function gradientOf(f: Objective, theta: number[], analytic: boolean): { value: number; grad: number[] } {
  const grad = new Array<number>(theta.length).fill(0);
  if (analytic) return { value: f(theta, grad), grad };
  const value = f(theta);
  for (let i = 0; i < theta.length; i++) {
    const h = 1e-6 * Math.max(1, Math.abs(theta[i]));
    const up = theta.slice();
    const down = theta.slice();
    up[i] += h;
    down[i] -= h;
    grad[i] = (f(up) - f(down)) / (2 * h);
  }
  return { value, grad };
}

const dot = (u: readonly number[], v: readonly number[]) => u.reduce((s, ui, i) => s + ui * v[i], 0);
const maxAbs = (v: readonly number[]) => v.reduce((m, vi) => Math.max(m, Math.abs(vi)), 0);
const identity = (n: number): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

/**
 * No representable decrease is left. Near an optimum of an ill-conditioned objective this happens
 * before the gradient test holds (f changes below ~1e-15 relative): it counts as converged when
 * the quasi-Newton step that was refused is tiny (≤ 1e-5 on the log scale, i.e. 0.001 % in every
 * parameter), otherwise the run is reported as stuck.
 */
function stalled(theta: number[], value: number, iterations: number, newtonStep: readonly number[]): MinimizeResult {
  const converged = maxAbs(newtonStep) <= 1e-5;
  return { theta, value, iterations, converged, reason: converged ? 'precision-limit' : 'no-progress' };
}

/** One BFGS run from `start`. */
function bfgs(f: Objective, start: number[], gradTol: number, maxIterations: number, analytic: boolean): MinimizeResult {
  const n = start.length;
  let theta = start.slice();
  let { value, grad } = gradientOf(f, theta, analytic);
  if (!Number.isFinite(value)) return { theta, value, iterations: 0, converged: false, reason: 'not-finite' };
  let H = identity(n);
  for (let it = 1; it <= maxIterations; it++) {
    if (maxAbs(grad) <= gradTol * (1 + Math.abs(value))) return { theta, value, iterations: it - 1, converged: true, reason: 'gradient' };
    let dir = H.map((row) => -dot(row, grad));
    let slope = dot(dir, grad);
    if (!(slope < 0)) {
      H = identity(n); // not a descent direction: fall back to steepest descent
      dir = grad.map((g) => -g);
      slope = dot(dir, grad);
    }
    // Steps on the log scale larger than ~3 (×20 in a parameter) are never useful and can overflow.
    let step = Math.min(1, 3 / maxAbs(dir));
    let next: { value: number; grad: number[] } | undefined;
    let candidate = theta;
    for (let k = 0; k < 60; k++, step /= 2) {
      candidate = theta.map((t, i) => t + step * dir[i]);
      // An analytic gradient costs little beside f, and the full step is usually accepted.
      const trial = analytic ? gradientOf(f, candidate, true) : { value: f(candidate), grad: [] };
      if (Number.isFinite(trial.value) && trial.value <= value + 1e-4 * step * slope) {
        next = analytic ? trial : gradientOf(f, candidate, false);
        break;
      }
    }
    if (!next) return stalled(theta, value, it, dir);
    const s = candidate.map((c, i) => c - theta[i]);
    const y = next.grad.map((g, i) => g - grad[i]);
    const sy = dot(s, y);
    if (sy > 1e-12) {
      // Inverse-Hessian BFGS update: H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ.
      const rho = 1 / sy;
      const Hy = H.map((row) => dot(row, y));
      const yHy = dot(y, Hy);
      H = H.map((row, i) => row.map((h, j) => h - rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j]));
    }
    const progress = value - next.value;
    theta = candidate;
    value = next.value;
    grad = next.grad;
    if (progress <= 1e-15 * (1 + Math.abs(value)) && maxAbs(grad) > gradTol * (1 + Math.abs(value))) {
      return stalled(
        theta,
        value,
        it,
        H.map((row) => -dot(row, grad)),
      );
    }
  }
  const converged = maxAbs(grad) <= gradTol * (1 + Math.abs(value));
  return { theta, value, iterations: maxIterations, converged, reason: converged ? 'gradient' : 'max-iterations' };
}

/**
 * Minimises `f` from the first start; later starts are tried only while no run has converged
 * (best one kept). Then restarts from the best point with a fresh Hessian guess.
 */
export function minimize(f: Objective, starts: readonly number[][], options: MinimizeOptions = {}): MinimizeResult {
  const { gradTol = 1e-9, maxIterations = 500, restarts = 1, analyticGradient = false } = options;
  let best: MinimizeResult | undefined;
  let iterations = 0;
  for (const start of starts) {
    const r = bfgs(f, start, gradTol, maxIterations, analyticGradient);
    iterations += r.iterations;
    if (!best || (Number.isFinite(r.value) && !(r.value >= best.value))) best = r;
    if (best.converged) break;
  }
  for (let k = 0; k < restarts && best && Number.isFinite(best.value); k++) {
    const r = bfgs(f, best.theta, gradTol, maxIterations, analyticGradient);
    iterations += r.iterations;
    best = r.value <= best.value ? r : { ...best, converged: best.converged && r.converged };
  }
  return { ...best!, iterations };
}
