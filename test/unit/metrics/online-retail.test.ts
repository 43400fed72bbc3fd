// Real data: UCI Online Retail (541,909 line items). Imported through the real pipeline, the
// catalogue's buyers, repurchase rate and cohort sizes must equal SQL written here directly over
// the raw file (DuckDB's own CSV reader), not through the import pipeline or the catalogue.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../../src/lib/metrics/index.ts';
import { raw, sql } from '../../../src/lib/sql.ts';
import { importFile } from '../../../workers/import/index.ts';
import { SHARED_DATA, sharedFile } from '../../shared-data.ts';
import { openHarness, type Harness } from './harness.ts';

const FILE = sharedFile('online_retail/online_retail_541909.csv.gz');
const Y2011 = { from: '2011-01-01', to: '2011-12-01' };
let h: Harness;

/**
 * Orders straight from the raw lines, by the documented rules (docs/data-format.md): an invoice is
 * one order; lines with a negative unit price are rejected; an order is a refund when its number
 * starts with C, its total is negative or all its quantities are negative; a purchase is a
 * non-refund order with a positive total, by a known customer.
 */
const RAW_PURCHASES = raw(`(
  SELECT InvoiceNo, any_value(CustomerID) AS customer, min(InvoiceDate) AS t,
         sum(Quantity * UnitPrice) AS total, bool_and(Quantity < 0) AS all_negative
  FROM read_csv('${FILE.replaceAll("'", "''")}', header = true, types = {'InvoiceNo': 'VARCHAR', 'CustomerID': 'VARCHAR', 'InvoiceDate': 'TIMESTAMP'})
  WHERE UnitPrice >= 0
  GROUP BY InvoiceNo
  HAVING NOT (InvoiceNo LIKE 'C%' OR total < 0 OR all_negative) AND total > 0 AND any_value(CustomerID) IS NOT NULL
)`);

describe('UCI Online Retail through the catalogue', () => {
  beforeAll(async () => {
    h = await openHarness([SHARED_DATA]);
    const result = await importFile({ name: 'online_retail_541909.csv.gz', bytes: new Uint8Array(readFileSync(FILE)) });
    expect(result.kind).toBe('orders');
    await h.engine.loadCsvTable('orders', result.csv);
  }, 120_000);
  afterAll(() => h?.close());

  it('buyers and repurchase rate in 2011-01..11 equal SQL over the raw lines', async () => {
    const [ref] = await h.engine.rows(sql`SELECT count(*)::DOUBLE AS buyers, (count(*) FILTER (WHERE days >= 2) / count(*))::DOUBLE AS repurchase
      FROM (SELECT customer, count(DISTINCT t::DATE) AS days FROM ${RAW_PURCHASES}
            WHERE t >= TIMESTAMP '2011-01-01' AND t < TIMESTAMP '2011-12-01' GROUP BY customer)`);
    expect(ref.buyers).toBeGreaterThan(3_000);
    expect(await h.scalar('buyers', Y2011)).toBe(ref.buyers);
    expect(await h.scalar('repurchase_rate', Y2011)).toBeCloseTo(ref.repurchase as number, 12);
  });

  it('monthly first-purchase cohort sizes equal SQL over the raw lines', async () => {
    const ref = await h.engine.rows(sql`SELECT strftime(first, '%Y-%m') AS cohort, count(*)::DOUBLE AS size
      FROM (SELECT customer, min(t) AS first FROM ${RAW_PURCHASES} GROUP BY customer)
      WHERE first >= TIMESTAMP '2011-01-01' AND first < TIMESTAMP '2011-12-01' GROUP BY 1 ORDER BY 1`);
    expect(ref).toHaveLength(11);
    const rows = await h.table('cohort_retention', Y2011);
    const sizes = Object.fromEntries(rows.filter((r) => r.month_offset === 0).map((r) => [r.cohort, r.cohort_size]));
    expect(sizes).toEqual(Object.fromEntries(ref.map((r) => [r.cohort, r.size])));
  });
  it('cohort retention stays in [0, 1] with month 0 = 1 when the period starts mid-month (2011-02-15..07-20, 2011-12-08..12-10)', async () => {
    for (const p of [
      { from: '2011-02-15', to: '2011-07-20' },
      { from: '2011-12-08', to: '2011-12-10' },
    ]) {
      const rows = await h.table('cohort_retention', p);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.members as number, `${p.from} ${r.cohort}+${r.month_offset}`).toBeLessThanOrEqual(r.cohort_size as number);
        if (r.month_offset === 0) expect(r.retention).toBe(1); // every cohort member bought in their first (clipped) month
      }
    }
  });

  it('repurchase trend: the first month counts from --from (2011-02 buyers = SQL over the raw lines in [02-15, 03-01) = monthly trend)', async () => {
    const p = { from: '2011-02-15', to: '2011-07-20' };
    const [ref] = await h.engine.rows(sql`SELECT count(DISTINCT customer)::DOUBLE AS buyers FROM ${RAW_PURCHASES}
      WHERE t >= TIMESTAMP '2011-02-15' AND t < TIMESTAMP '2011-03-01'`);
    const [[feb], [febTrend]] = [(await h.table('repurchase_trend', p)).slice(0, 1), (await h.table('monthly_trend', p)).slice(0, 1)];
    expect(feb.month).toBe('2011-02');
    expect(feb.buyers).toBe(ref.buyers);
    expect(febTrend.buyers).toBe(ref.buyers);
    expect(feb.return_to_store_rate).toBeNull(); // its previous month lies outside the period
  });

  it('a one-day period (2011-12-09..12-10) runs every metric', async () => {
    const p = { from: '2011-12-09', to: '2011-12-10' };
    for (const m of METRICS) await expect(h.table(m.id, p), m.id).resolves.toBeDefined();
    expect(await h.scalar('buyers', p)).toBeGreaterThan(0);
  });

  it('RFM ties: every member with one purchase day in the window gets the same F score', async () => {
    const rows = await h.table('rfm_members', { from: '2011-11-01', to: '2011-12-10' });
    const f = (days: number) => new Set(rows.filter((r) => r.frequency === days).map((r) => r.f));
    expect(rows.filter((r) => r.frequency === 1).length).toBeGreaterThan(1000);
    for (const days of [1, 2, 3, 5, 10]) expect(f(days).size, `F = ${days} days`).toBe(1);
    expect([...f(1)]).toEqual([1]); // nobody has fewer purchase days
  });
});
