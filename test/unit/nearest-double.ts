// Exact arithmetic for golden answers: the double a correctly rounded division gives, computed with BigInt alone
// (independently of SQL and of floating-point sums). Used by the exact money and Gamma-Gamma summary tests.

/** The double nearest p / q (q > 0; ties to even), by integer arithmetic alone. */
export function nearestDouble(p: bigint, q: bigint): number {
  if (p < 0n) return -nearestDouble(-p, q);
  if (p === 0n) return 0;
  let e = p.toString(2).length - q.toString(2).length - 53;
  for (;;) {
    const [num, den] = e < 0 ? [p << BigInt(-e), q] : [p, q << BigInt(e)];
    const m = num / den;
    if (m >= 1n << 53n) e++;
    else if (m < 1n << 52n) e--;
    else {
      const r2 = 2n * (num - m * den);
      const up = r2 > den || (r2 === den && m % 2n === 1n);
      return Number(up ? m + 1n : m) * 2 ** e;
    }
  }
}
