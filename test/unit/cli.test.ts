// The store-compass command line: same import pipeline and catalogue as the browser, native DuckDB.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli/main.ts';

describe('store-compass report', () => {
  it('prints every metric for the period of the kpi-tiny fixture (answers in its README)', async () => {
    const out = (await main(['report', 'test/fixtures/kpi-tiny/orders.csv', '--from', '2024-01-01', '--to', '2024-02-01'])) as {
      metrics: Record<string, unknown>;
      imports: { rowsRead: number; rowsLoaded: number; rowsRejected: number }[];
    };
    expect(out.imports[0]).toMatchObject({ rowsRead: 12, rowsLoaded: 12, rowsRejected: 0 });
    expect(out.metrics.sales).toBe(590);
    expect(out.metrics.orders).toBe(8);
    expect(out.metrics.buyers).toBe(4);
    expect(out.metrics.repurchase_rate).toBeCloseTo(1 / 4);
    expect(out.metrics.aov).toBeCloseTo(590 / 8);
  });

  it('applies --store like the dashboard filter', async () => {
    const out = (await main(['report', 'test/fixtures/kpi-tiny/orders.csv', '--from', '2024-01-01', '--to', '2024-02-01', '--store', '社区店'])) as {
      metrics: Record<string, number>;
    };
    expect(out.metrics.sales).toBe(200 - 40 + 80 + 20);
  });

  it('--basis orders switches the repurchase variant (m1: 3 orders, m3: 2 orders → 2 of 4)', async () => {
    const out = (await main(['report', 'test/fixtures/kpi-tiny/orders.csv', '--from', '2024-01-01', '--to', '2024-02-01', '--basis', 'orders'])) as {
      metrics: Record<string, number>;
    };
    expect(out.metrics.repurchase_rate).toBeCloseTo(2 / 4);
    await expect(main(['report', 'test/fixtures/kpi-tiny/orders.csv', '--from', '2024-01-01', '--to', '2024-02-01', '--lifecycle', '90,60,365'])).rejects.toThrow(/lifecycle/);
  });

  it('--count-zero-amount counts zero-amount orders as purchases (metrics-zero-amount README)', async () => {
    const args = ['report', 'test/fixtures/metrics-zero-amount/orders.csv', '--from', '2024-03-01', '--to', '2024-04-01'];
    const plain = (await main(args)) as { metrics: Record<string, number>; definitions: { countZeroAmount: boolean } };
    const zero = (await main([...args, '--count-zero-amount'])) as typeof plain;
    expect(plain.definitions.countZeroAmount).toBe(false);
    expect(zero.definitions.countZeroAmount).toBe(true);
    expect([plain.metrics.orders, plain.metrics.buyers, plain.metrics.repurchase_rate]).toEqual([4, 3, 1 / 3]);
    expect([zero.metrics.orders, zero.metrics.buyers, zero.metrics.repurchase_rate]).toEqual([6, 4, 2 / 4]);
  });

  it('a one-day period (leap day) exits 0 with an empty purchase-gap histogram (it failed on `VALUES )`)', () => {
    const json = execFileSync('scripts/store-compass.mjs', ['report', 'test/fixtures/metrics-partial-periods/orders.csv', '--from', '2024-02-29', '--to', '2024-03-01'], {
      encoding: 'utf8',
    });
    const { metrics } = JSON.parse(json);
    expect(metrics.purchase_gap_histogram).toEqual([]);
    expect(metrics.buyers).toBe(1); // p3 on 02-29
  });

  it('runs as the package bin, prints JSON on stdout, and exits 2 on bad usage', () => {
    const json = execFileSync('scripts/store-compass.mjs', ['report', 'test/fixtures/kpi-tiny/orders.csv', '--from', '2024-01-01', '--to', '2024-02-01'], {
      encoding: 'utf8',
    });
    expect(JSON.parse(json).metrics.buyers).toBe(4);
    let status = 0;
    try {
      execFileSync('scripts/store-compass.mjs', ['report', 'test/fixtures/kpi-tiny/orders.csv'], { stdio: 'pipe' });
    } catch (e) {
      status = (e as { status: number }).status;
    }
    expect(status).toBe(2);
  });
});

/**
 * Members and repeat buyers straight from CDNOW_master.txt (customer, YYYYMMDD, CDs, dollars), not
 * through the import or the SQL: customers with a purchase day (dollars > 0) on or before the
 * calibration end, and those with two or more such days.
 */
function cdnowCounts(calibrationEnd: string): { members: number; repeatBuyers: number } {
  const end = calibrationEnd.replaceAll('-', '');
  const days = new Map<string, Set<string>>();
  for (const line of readFileSync('../shared/data/cdnow/CDNOW_master.txt', 'utf8').split('\n')) {
    const [customer, date, , dollars] = line.trim().split(/\s+/);
    if (!customer || !(Number(dollars) > 0) || date > end) continue;
    if (!days.has(customer)) days.set(customer, new Set());
    days.get(customer)!.add(date);
  }
  return { members: days.size, repeatBuyers: [...days.values()].filter((d) => d.size >= 2).length };
}

describe('store-compass fit', () => {
  it('fits BG/NBD on the CDNOW master file; members and repeat buyers equal a count over the raw lines', async () => {
    const out = (await main(['fit', '../shared/data/cdnow/CDNOW_master.txt', '--calibration-end', '1997-09-30', '--unit', 'week'])) as {
      bgnbd: { r: number; alpha: number; a: number; b: number; converged: boolean };
      members: number;
      repeatBuyers: number;
    };
    // The master file is the full 23,570-customer population (the paper's table is the 1/10 sample),
    // so there is no published r to match here; the exact published match is in test/unit/models/cdnow.test.ts.
    expect(out.bgnbd.converged).toBe(true);
    const ref = cdnowCounts('1997-09-30');
    expect(ref.members).toBeGreaterThan(23_000);
    expect(out.members).toBe(ref.members);
    expect(out.repeatBuyers).toBe(ref.repeatBuyers);
    expect(out.bgnbd.r).toBeGreaterThan(0.1);
    expect(out.bgnbd.r).toBeLessThan(0.5);
  });
});
