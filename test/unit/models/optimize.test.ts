// The hand-written BFGS on functions with known minima.
import { describe, expect, it } from 'vitest';
import { minimize, type Objective } from '../../../workers/models/optimize.ts';

// Rosenbrock: minimum 0 at (1, 1), a curved narrow valley that defeats naive descent.
const rosenbrock: Objective = ([x, y], grad) => {
  if (grad) {
    grad[0] = -2 * (1 - x) - 400 * x * (y - x * x);
    grad[1] = 200 * (y - x * x);
  }
  return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
};

describe('minimize (BFGS)', () => {
  it('finds the Rosenbrock minimum with the analytic gradient', () => {
    const r = minimize(rosenbrock, [[-1.2, 1]], { analyticGradient: true });
    expect(r.converged).toBe(true);
    expect(r.theta[0]).toBeCloseTo(1, 6);
    expect(r.theta[1]).toBeCloseTo(1, 6);
    expect(r.iterations).toBeGreaterThan(5);
  });
  it('and with central-difference gradients', () => {
    const r = minimize(rosenbrock, [[-1.2, 1]]);
    expect(r.converged).toBe(true);
    expect(r.theta[0]).toBeCloseTo(1, 4);
    expect(r.theta[1]).toBeCloseTo(1, 4);
  });
  it('a quadratic with minimum 3 at (2, −1): converged by the gradient test', () => {
    const f: Objective = ([x, y]) => 3 + (x - 2) ** 2 + 10 * (y + 1) ** 2 + (x - 2) * (y + 1);
    const r = minimize(f, [[0, 0]]);
    expect(r.value).toBeCloseTo(3, 10);
    expect(r.theta[0]).toBeCloseTo(2, 5);
    expect(r.theta[1]).toBeCloseTo(-1, 5);
  });
  it('reports a start where f is not finite instead of pretending', () => {
    const r = minimize(() => NaN, [[0]]);
    expect(r).toMatchObject({ converged: false, reason: 'not-finite' });
  });
  it('an unbounded objective is not reported as converged', () => {
    const r = minimize(
      ([x], grad) => {
        if (grad) grad[0] = -1;
        return -x;
      },
      [[0]],
      { analyticGradient: true, maxIterations: 50 },
    );
    expect(r.converged).toBe(false);
  });
});
