// Real data: UCI Online Retail (541,909 line items). Imported through the real pipeline, the
// catalogue's buyers, repurchase rate and cohort sizes must equal SQL written here directly over
// the raw file (DuckDB's own CSV reader), not through the import pipeline or the catalogue.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
