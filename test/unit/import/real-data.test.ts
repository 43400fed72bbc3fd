// The real public datasets in ../shared/data (read in place, never copied), checked against an
// independent implementation: DuckDB's own CSV reader + SQL over the raw file.
import { readFileSync } from 'node:fs';
import { SHARED_DATA, sharedFile } from '../../shared-data.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../../src/lib/sql.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { importFile, type ImportResult } from '../../../workers/import/index.ts';
import { expectReconciled } from './helpers.ts';

const UCI_GZ = sharedFile('online_retail/online_retail_541909.csv.gz');
const UCI_PQ = sharedFile('online_retail/online_retail_541909.parquet');
const CDNOW = sharedFile('cdnow/CDNOW_master.txt');
const file = (path: string) => ({ name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(path)) });

let engine: Engine;
let close: () => void;
beforeAll(async () => {
  const driver = await openNativeDriver(':memory:', { readable: [SHARED_DATA] });
  close = driver.close;
  engine = await createEngine(driver);
});
afterAll(() => close());

const one = async (text: string) => (await engine.rows({ text, params: [] }))[0];

describe('UCI Online Retail (541,909 line items)', () => {
  let gz: ImportResult;
  it('csv.gz: every line accounted for, orders match SQL over the raw file', { timeout: 60_000 }, async () => {
    gz = await importFile(file(UCI_GZ));
    const r = gz.report;
    expectReconciled(r);
    expect(r.rowsRead).toBe(541_909);
    // Only the 2 "Adjust bad debt" lines (UnitPrice < 0) are rejected; UnitPrice = 0 lines load.
    expect(r.rowsRejected).toBe(2);
    expect(r.rejected.every((x) => x.column === 'UnitPrice' && Number(x.value) < 0)).toBe(true);

    // The oracle: DuckDB aggregates the raw lines itself (same rules, written in SQL).
    const raw = `read_csv('${UCI_GZ}', all_varchar = true)`;
    const oracle = await one(`WITH l AS (SELECT InvoiceNo AS id, Quantity::INTEGER AS q, UnitPrice::DOUBLE AS p, CustomerID AS c FROM ${raw} WHERE UnitPrice::DOUBLE >= 0),
      o AS (SELECT id, sum(q * p) AS amount, sum(q) AS items, bool_or(q > 0) AS anypos, max(c) AS c FROM l GROUP BY id)
      SELECT count(*)::DOUBLE AS orders,
        count(*) FILTER (WHERE id LIKE 'C%' OR amount < 0 OR NOT anypos)::DOUBLE AS refunds,
        count(*) FILTER (WHERE c IS NULL)::DOUBLE AS nonmember,
        sum(amount) FILTER (WHERE NOT (id LIKE 'C%' OR amount < 0 OR NOT anypos))::DOUBLE AS sales,
        sum(items)::DOUBLE AS items FROM o`);
    expect(r.outputRows).toBe(oracle.orders);

    const n = await engine.loadCsvTable('orders', gz.csv);
    expect(n).toBe(r.outputRows);
    const got = await one(`SELECT count(*)::DOUBLE AS orders, count(*) FILTER (WHERE is_refund)::DOUBLE AS refunds,
      count(*) FILTER (WHERE member_id IS NULL)::DOUBLE AS nonmember, sum(amount) FILTER (WHERE NOT is_refund)::DOUBLE AS sales,
      sum(item_count)::DOUBLE AS items, count(*) FILTER (WHERE is_refund AND amount > 0)::DOUBLE AS positive_refunds FROM orders`);
    expect(got.orders).toBe(oracle.orders);
    expect(got.refunds).toBe(oracle.refunds);
    expect(got.nonmember).toBe(oracle.nonmember);
    expect(got.items).toBe(oracle.items);
    expect(got.sales as number).toBeCloseTo(oracle.sales as number, 2);
    expect(got.positive_refunds).toBe(0);
    // One cancellation read back: C536379 is one line, 1 × 27.50 refunded by customer 14527.
    const c = await engine.rows(sql`SELECT amount::DOUBLE AS amount, item_count::DOUBLE AS items, member_id, is_refund FROM orders WHERE order_id = ${'C536379'}`);
    expect(c).toEqual([{ amount: -27.5, items: -1, member_id: '14527', is_refund: true }]);
  });

  it('parquet: same counts and same canonical CSV as the csv.gz', { timeout: 60_000 }, async () => {
    const pq = await importFile(file(UCI_PQ));
    expectReconciled(pq.report);
    const { rowsRead, rowsLoaded, rowsRejected, outputRows } = gz.report;
    expect(pq.report).toMatchObject({ rowsRead, rowsLoaded, rowsRejected, outputRows });
    expect(pq.report.rejected.map((x) => x.row)).toEqual(gz.report.rejected.map((x) => x.row));
    expect(pq.csv).toBe(gz.csv);
  });
});

describe('CDNOW master (whitespace-separated, YYYYMMDD)', () => {
  it('69,659 transactions load, totals match SQL over the raw file', { timeout: 30_000 }, async () => {
    const { kind, csv, report } = await importFile(file(CDNOW));
    expectReconciled(report);
    expect(kind).toBe('orders');
    expect(report).toMatchObject({ delimiter: 'whitespace', rowsRead: 69_659, rowsLoaded: 69_659, rowsRejected: 0 });
    expect(await engine.loadCsvTable('orders', csv)).toBe(report.rowsLoaded);
    const got = await one(`SELECT count(DISTINCT member_id)::DOUBLE AS customers, sum(amount)::DOUBLE AS dollars, sum(item_count)::DOUBLE AS cds,
      strftime(min(order_time), '%Y-%m-%d') AS first, strftime(max(order_time), '%Y-%m-%d') AS last FROM orders`);
    // Oracle: DuckDB reads each line as one column and splits on runs of whitespace itself.
    const raw = await one(`SELECT sum(f[4]::DOUBLE)::DOUBLE AS dollars, sum(f[3]::INTEGER)::DOUBLE AS cds
      FROM (SELECT regexp_split_to_array(trim(replace(a, chr(13), '')), '\\s+') AS f
            FROM read_csv('${CDNOW}', delim = '\t', header = false, skip = 1, auto_detect = false, columns = {'a': 'VARCHAR'}))`);
    expect(got.customers).toBe(23_570); // published in ../shared/data/README.md
    expect(got).toMatchObject({ first: '1997-01-01', last: '1998-06-30', cds: raw.cds });
    expect(got.dollars as number).toBeCloseTo(raw.dollars as number, 2);
  });
});
