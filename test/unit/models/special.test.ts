// Special functions against closed forms and tabulated values.
import { describe, expect, it } from 'vitest';
import { digamma, hyp2f1, hyp2f1Series, lbeta, lgamma, logAddExp } from '../../../workers/models/special.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('lgamma', () => {
  it('matches factorials and Γ(1/2) = √π', () => {
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(lgamma(1)).toBeCloseTo(0, 14);
    expect(lgamma(2)).toBeCloseTo(0, 14);
    expect(rel(lgamma(10), Math.log(362880))).toBeLessThan(1e-14);
    // ln 170! summed term by term
    let ln170 = 0;
    for (let k = 2; k <= 170; k++) ln170 += Math.log(k);
    expect(rel(lgamma(171), ln170)).toBeLessThan(1e-13);
  });
  it('small and non-integer arguments: Γ(1.5) = √π/2, Γ(0.1) = 9.51350769866873, reflection Γ(−0.5) = −2√π', () => {
    expect(lgamma(1.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI) / 2), 14);
    expect(lgamma(0.1)).toBeCloseTo(Math.log(9.51350769866873), 13);
    expect(lgamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 13);
    expect(lgamma(0)).toBeNaN();
  });
  it('Stirling at large x: ln Γ(x) ≈ (x−½)ln x − x + ½ln 2π + 1/(12x)', () => {
    const x = 1e5;
    expect(rel(lgamma(x), (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x))).toBeLessThan(1e-14);
  });
  it('lbeta(2, 3) = ln(1/12)', () => expect(lbeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 14));
});

describe('digamma', () => {
  it('ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, ψ(x+1) = ψ(x) + 1/x', () => {
    const eulerGamma = 0.5772156649015329;
    expect(digamma(1)).toBeCloseTo(-eulerGamma, 12);
    expect(digamma(0.5)).toBeCloseTo(-eulerGamma - 2 * Math.log(2), 12);
    expect(digamma(3.7) - digamma(2.7)).toBeCloseTo(1 / 2.7, 12);
  });
  it('is the derivative of lgamma', () => {
    for (const x of [0.3, 1.7, 12.5, 250]) {
      const h = 1e-5 * x;
      expect(digamma(x)).toBeCloseTo((lgamma(x + h) - lgamma(x - h)) / (2 * h), 6);
    }
  });
});

describe('hyp2f1', () => {
  it('2F1(1, 1; 2; z) = −ln(1−z)/z', () => {
    for (const z of [0.01, 0.3, 0.7, 0.95, 0.999]) expect(rel(hyp2f1(1, 1, 2, z), -Math.log(1 - z) / z)).toBeLessThan(1e-12);
  });
  it('2F1(a, b; b; z) = (1−z)^−a', () => {
    for (const [a, b, z] of [
      [0.7, 2.3, 0.4],
      [3, 1.5, 0.9],
      [-1.2, 4, 0.6],
      [2.4, 0.8, -0.5],
    ]) {
      expect(rel(hyp2f1(a, b, b, z), Math.pow(1 - z, -a))).toBeLessThan(1e-12);
    }
  });
  it('2F1(½, ½; 3/2; z²) = arcsin(z)/z and a terminating polynomial 2F1(−2, b; c; z)', () => {
    const z = 0.8;
    expect(rel(hyp2f1(0.5, 0.5, 1.5, z * z), Math.asin(z) / z)).toBeLessThan(1e-12);
    const [b, c, w] = [1.5, 2.5, 0.3];
    expect(rel(hyp2f1(-2, b, c, w), 1 - (2 * b * w) / c + (b * (b + 1) * w * w) / (c * (c + 1)))).toBeLessThan(1e-14);
  });
  it('the Euler-transformed and the plain series agree where both converge', () => {
    // c − a − b < 0: the plain series is slow near z = 1 but still converges at z = 0.9.
    const [a, b, c, z] = [2.24, 4.43, 5.22, 0.9];
    const plain = hyp2f1Series(a, b, c, z);
    expect(plain.converged).toBe(true);
    expect(rel(hyp2f1(a, b, c, z), plain.value)).toBeLessThan(1e-11);
  });
  it('rejects |z| ≥ 1', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
  });
});

describe('logAddExp', () => {
  it('is ln(e^u + e^v) without overflow', () => {
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 14);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 10);
    expect(logAddExp(-Infinity, 3)).toBe(3);
  });
});
