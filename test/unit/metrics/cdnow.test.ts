// Real data: the CDNOW master file (69,659 transactions of 23,570 customers, 1997-01..1998-06).
// The catalogue's buyers, repurchase rate and 1997 cohorts must equal SQL written here by hand.
import { readFileSync } from 'node:fs';
import { sharedFile } from '../../shared-data.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanonicalCsvWriter } from '../../../workers/canonical-csv.ts';
import { sql } from '../../../src/lib/sql.ts';
import { openHarness, type Harness } from './harness.ts';

const FILE = sharedFile('cdnow/CDNOW_master.txt');
const Y1997 = { from: '1997-01-01', to: '1998-01-01' };
let h: Harness;

/** Master file → canonical orders CSV: order_id = line number, member_id, date, cds, dollars. */
function cdnowOrdersCsv(text: string): string {
  const w = new CanonicalCsvWriter('orders');
  text.split(/\r?\n/).forEach((line, i) => {
    const f = line.trim().split(/\s+/);
    if (i === 0 || f.length < 4) return; // header, trailing blank line
    const [id, d, cds, dollars] = f;
    const time = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)} 00:00:00`;
    w.push([String(i + 1), time, id, null, null, Number(dollars), Number(cds), null, null, null]);
  });
  return w.toString();
}

describe('CDNOW master file', () => {
  beforeAll(async () => {
    h = await openHarness();
    expect(await h.engine.loadCsvTable('orders', cdnowOrdersCsv(readFileSync(FILE, 'utf8')))).toBe(69_659);
  });
  afterAll(() => h?.close());

  it('whole span: 23,570 customers as published; buyers leave out those with only $0 transactions', async () => {
    const [ref] = await h.engine.rows(sql`SELECT count(DISTINCT member_id)::DOUBLE AS customers,
      count(DISTINCT member_id) FILTER (WHERE amount > 0)::DOUBLE AS paying FROM orders`);
    expect(ref.customers).toBe(23_570);
    expect(ref.paying).toBeLessThan(23_570);
    expect(await h.scalar('buyers', { from: '1997-01-01', to: '1998-07-01' })).toBe(ref.paying);
  });
  it('1997 buyers and repurchase rate equal hand-written SQL', async () => {
    const [ref] = await h.engine.rows(sql`
      SELECT count(*)::DOUBLE AS buyers, (count(*) FILTER (WHERE days >= 2) / count(*))::DOUBLE AS repurchase
      FROM (SELECT member_id, count(DISTINCT CAST(order_time AS DATE)) AS days FROM orders
            WHERE amount > 0 AND order_time >= TIMESTAMP '1997-01-01' AND order_time < TIMESTAMP '1998-01-01' GROUP BY member_id)`);
    expect(ref.buyers).toBeGreaterThan(20_000);
    expect(await h.scalar('buyers', Y1997)).toBe(ref.buyers);
    expect(await h.scalar('repurchase_rate', Y1997)).toBeCloseTo(ref.repurchase as number, 12);
  });
  it('1997 cohorts: sizes and members per month equal hand-written SQL', async () => {
    const ref = await h.engine.rows(sql`
      WITH f AS (SELECT member_id, min(order_time) AS first FROM orders WHERE amount > 0 GROUP BY member_id),
           sizes AS (SELECT strftime(first, '%Y-%m') AS cohort, count(*) AS size FROM f WHERE first < TIMESTAMP '1998-01-01' GROUP BY 1)
      SELECT s.cohort, s.size::DOUBLE AS size, strftime(o.order_time, '%Y-%m') AS month, count(DISTINCT o.member_id)::DOUBLE AS members
      FROM orders o JOIN f USING (member_id) JOIN sizes s ON s.cohort = strftime(f.first, '%Y-%m')
      WHERE o.amount > 0 AND o.order_time < TIMESTAMP '1998-01-01' GROUP BY ALL ORDER BY s.cohort, month`);
    const rows = await h.table('cohort_retention', Y1997);
    const sizes = Object.fromEntries(rows.filter((r) => r.month_offset === 0).map((r) => [r.cohort, r.cohort_size]));
    expect(sizes).toEqual(Object.fromEntries(ref.map((r) => [r.cohort, r.size])));
    // Q1 1997 holds almost everyone; a few customers whose first transactions were $0 start later
    const q1 = (sizes['1997-01'] as number) + (sizes['1997-02'] as number) + (sizes['1997-03'] as number);
    expect(q1 / (await h.scalar('buyers', { from: '1997-01-01', to: '1998-07-01' }))!).toBeGreaterThan(0.99);
    const monthOf = (cohort: string, k: number) => {
      const n = Number(cohort.slice(0, 4)) * 12 + Number(cohort.slice(5, 7)) - 1 + k;
      return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
    };
    const got = rows.filter((r) => (r.members as number) > 0).map((r) => `${r.cohort} ${monthOf(r.cohort as string, r.month_offset as number)} ${r.members}`);
    expect(got).toEqual(ref.map((r) => `${r.cohort} ${r.month} ${r.members}`));
  });
});
