/**
 * Standard errors from the observed information: the inverse of the Hessian of the negative
 * log-likelihood at the optimum, by central differences on the natural parameters.
 */

/** Inverse of a small symmetric matrix by Gauss–Jordan with partial pivoting; null when singular. */
export function invertMatrix(m: readonly (readonly number[])[]): number[][] | null {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(a[i][c]) > Math.abs(a[p][c])) p = i;
    if (!(Math.abs(a[p][c]) > 0)) return null;
    [a[c], a[p]] = [a[p], a[c]];
    const pivot = a[c][c];
    for (let j = 0; j < 2 * n; j++) a[c][j] /= pivot;
    for (let i = 0; i < n; i++) {
      if (i === c) continue;
      const f = a[i][c];
      if (f !== 0) for (let j = 0; j < 2 * n; j++) a[i][j] -= f * a[c][j];
    }
  }
  return a.map((row) => row.slice(n));
}

/**
 * Hessian of `f` at `theta` by central differences with relative steps h_i = step · max(|θ_i|, 1e-8):
 * diagonal (f(+h) − 2f + f(−h)) / h², off-diagonal (f(++) − f(+−) − f(−+) + f(−−)) / (4 h_i h_j).
 */
export function numericalHessian(f: (theta: readonly number[]) => number, theta: readonly number[], step = 1e-4): number[][] {
  const n = theta.length;
  const h = theta.map((t) => step * Math.max(Math.abs(t), 1e-8));
  const at = (di: number, i: number, dj: number, j: number) => {
    const p = theta.slice();
    p[i] += di * h[i];
    p[j] += dj * h[j];
    return f(p);
  };
  const f0 = f(theta);
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const up = theta.slice();
    const down = theta.slice();
    up[i] += h[i];
    down[i] -= h[i];
    H[i][i] = (f(up) - 2 * f0 + f(down)) / (h[i] * h[i]);
    for (let j = 0; j < i; j++) {
      H[i][j] = H[j][i] = (at(1, i, 1, j) - at(1, i, -1, j) - at(-1, i, 1, j) + at(-1, i, -1, j)) / (4 * h[i] * h[j]);
    }
  }
  return H;
}

/**
 * Asymptotic standard errors √diag(H⁻¹), H the Hessian of the NEGATIVE log-likelihood `nll` at the
 * maximum-likelihood estimate `theta` (natural parameters). An entry is null when H is singular or
 * gives it a non-positive variance (a flat or non-optimal point: the data cannot pin it down).
 */
export function standardErrors(nll: (theta: readonly number[]) => number, theta: readonly number[]): (number | null)[] {
  const inv = invertMatrix(numericalHessian(nll, theta));
  return theta.map((_, i) => {
    const v = inv?.[i][i];
    return v !== undefined && v > 0 && Number.isFinite(v) ? Math.sqrt(v) : null;
  });
}

/**
 * Hessian of a function at `theta` from central differences of its gradient `grad` (which writes ∇ into its
 * second argument and returns false where it cannot), steps as numericalHessian's: column j is
 * (∇(θ + h_j e_j) − ∇(θ − h_j e_j)) / 2h_j, then symmetrised. 2n gradients instead of 1 + 2n + 2n(n−1) values
 * (4 parameters: 8 against 33); null where a gradient cannot be had.
 */
export function hessianFromGradient(grad: (theta: readonly number[], out: number[]) => boolean, theta: readonly number[], step = 1e-4): number[][] | null {
  const n = theta.length;
  const h = theta.map((t) => step * Math.max(Math.abs(t), 1e-8));
  const cols: number[][] = [];
  const up = new Array<number>(n);
  const down = new Array<number>(n);
  for (let j = 0; j < n; j++) {
    const p = theta.slice();
    p[j] = theta[j] + h[j];
    if (!grad(p, up)) return null;
    p[j] = theta[j] - h[j];
    if (!grad(p, down)) return null;
    cols.push(up.map((u, i) => (u - down[i]) / (2 * h[j])));
  }
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (cols[j][i] + cols[i][j]) / 2));
}

/** standardErrors from a Hessian already made (null: every entry null). */
export function standardErrorsOf(H: number[][] | null, n: number): (number | null)[] {
  const inv = H && H.every((row) => row.every(Number.isFinite)) ? invertMatrix(H) : null;
  return Array.from({ length: n }, (_, i) => {
    const v = inv?.[i][i];
    return v !== undefined && v > 0 && Number.isFinite(v) ? Math.sqrt(v) : null;
  });
}
