// One copy of the orders (issue 14: a tab's memory): after any swap the order facts are the only
// table holding order rows and `orders` is a view of their order columns; the facts built range by
// range (the sort never holds the whole table) equal the facts sorted at once; a facts build that
// fails leaves the previous dataset and no staged table.
import { afterEach, describe, expect, it } from 'vitest';
import { raw, type SqlStatement } from '../../../src/lib/sql.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { allTables } from '../../../workers/dataset/tables.ts';
import { createEngine } from '../../../workers/engine.ts';
import { buildOrderFacts } from '../../../workers/order-facts.ts';
import { csvColumnsSpec, TABLES } from '../../../src/lib/schema.ts';

let driver: NativeDriver | undefined;
afterEach(() => driver?.close());

const HEADER = TABLES.orders.map((c) => c.name).join(',');
/** n orders with times out of order, some repeated, one member tier; order i at day (i*7 mod 30). */
function ordersCsv(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => {
    const day = String(1 + ((i * 7) % 30)).padStart(2, '0');
    return `O${i},2025-04-${day} 10:00:00,${i % 3 ? `M${i % 5}` : ''},S${i % 2},offline,${10 + i},1,,,false`;
  });
  return `${HEADER}\n${rows.join('\n')}\n`;
}
/** Members M0…M4 in the canonical column order, tiers 普通 (even) and 金卡 (odd). */
const MEMBERS = `${TABLES.members.map((c) => c.name).join(',')}\n${Array.from({ length: 5 }, (_, i) => TABLES.members.map((c) => ({ member_id: `M${i}`, tier: i % 2 ? '金卡' : '普通' })[c.name as 'tier'] ?? '').join(',')).join('\n')}\n`;

async function open() {
  driver = await openNativeDriver();
  const engine = await createEngine(driver);
  const rows = (text: string) => engine.rows(raw(text));
  /** Base tables by name with their row counts, scratch tables included. */
  const tables = async () => Object.fromEntries((await rows('SELECT table_name, estimated_size::DOUBLE AS n FROM duckdb_tables() ORDER BY 1')).map((r) => [r.table_name, r.n]));
  return { engine, rows, tables, driver };
}

describe('order facts: one copy of the orders', () => {
  it('after a CSV load, a staged (SQL import) load and a members-only swap, order rows live only in order_facts and orders is its view', async () => {
    const { engine, rows, tables, driver: d } = await open();
    await engine.loadDataset(allTables({ orders: ordersCsv(40), members: MEMBERS }), 'csv');
    expect(Object.entries(await tables()).filter(([, n]) => n === 40)).toEqual([['order_facts', 40]]);
    expect(await rows("SELECT view_name FROM duckdb_views() WHERE view_name = 'orders'")).toEqual([{ view_name: 'orders' }]);

    // The SQL import's path: a scratch table of canonical rows renamed into staging, then into the facts.
    await d.exec(`CREATE TABLE _scratch AS SELECT * FROM read_csv('${await d.registerText('s.csv', ordersCsv(60))}', header = true, columns = ${csvColumnsSpec('orders')})`);
    await engine.loadTables({ ...allTables({ members: MEMBERS }), orders: { scratch: '_scratch' } }, 'staged');
    expect(Object.entries(await tables()).filter(([, n]) => n === 60)).toEqual([['order_facts', 60]]);
    expect(Object.keys(await tables()).filter((t) => t.startsWith('_'))).toEqual([]);

    // Members alone: the facts are rebuilt from the live orders with the new tiers, still one table.
    await engine.loadCsvTable('members', MEMBERS.replaceAll('普通', '银卡'));
    expect(Object.entries(await tables()).filter(([, n]) => n === 60)).toEqual([['order_facts', 60]]);
    expect(await rows("SELECT count(*)::DOUBLE AS n FROM order_facts WHERE tier = '银卡'")).toEqual(
      await rows("SELECT count(*)::DOUBLE AS n FROM orders o JOIN members m USING (member_id) WHERE m.tier = '银卡'"),
    );
    expect(await rows("SELECT count(*)::DOUBLE AS n FROM order_facts WHERE tier = '银卡'")).not.toEqual([{ n: 0 }]);
    // The orders view shows the canonical columns exactly.
    expect((await rows('DESCRIBE orders')).map((r) => r.column_name)).toEqual(TABLES.orders.map((c) => c.name));
  });

  it('built range by range, the facts equal the facts sorted at once (same rows, order-time order, NULL times last)', async () => {
    const { rows, driver: d } = await open();
    await d.exec(`CREATE TABLE src AS SELECT * FROM read_csv('${await d.registerText('src.csv', ordersCsv(500))}', header = true, columns = ${csvColumnsSpec('orders')})`);
    await d.exec(`UPDATE src SET order_time = NULL WHERE order_id IN ('O3', 'O250')`);
    await d.exec(`CREATE TABLE m AS SELECT * FROM read_csv('${await d.registerText('m.csv', MEMBERS)}', header = true)`);
    await buildOrderFacts(d, { orders: 'src', members: 'm' }, 'whole', 10_000);
    await buildOrderFacts(d, { orders: 'src', members: 'm' }, 'ranges', 37); // 14 ranges
    const times = (t: string) => rows(`SELECT order_time::VARCHAR AS t FROM ${t} ORDER BY rowid`);
    const ranged = await times('ranges');
    expect(ranged).toEqual(await times('whole'));
    expect(ranged.slice(-2)).toEqual([{ t: null }, { t: null }]);
    expect(await rows('SELECT count(*)::DOUBLE AS n FROM (SELECT * FROM ranges EXCEPT ALL SELECT * FROM whole)')).toEqual([{ n: 0 }]);
    expect(await rows('SELECT count(*)::DOUBLE AS n FROM ranges')).toEqual([{ n: 500 }]);
  });

  it('a facts build that fails leaves the previous dataset and no staged table', async () => {
    driver = await openNativeDriver();
    const real = driver;
    let fail = false;
    const failing: NativeDriver = {
      ...real,
      exec: async (text: string) => {
        if (fail && text.includes('_staging_order_facts')) throw new Error('Out of Memory Error: simulated');
        return real.exec(text);
      },
      query: (stmt: SqlStatement) => real.query(stmt),
    };
    const engine = await createEngine(failing);
    await engine.loadDataset(allTables({ orders: ordersCsv(40), members: MEMBERS }), 'before');
    const before = await engine.rows(raw('SELECT * FROM orders ORDER BY order_id'));
    fail = true;
    await expect(engine.loadDataset(allTables({ orders: ordersCsv(90) }), 'after')).rejects.toMatchObject({ code: 'load_failed' });
    expect(await engine.rows(raw('SELECT * FROM orders ORDER BY order_id'))).toEqual(before);
    expect(await engine.rows(raw("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '\\_%' ESCAPE '\\'"))).toEqual([]);
  });
});
