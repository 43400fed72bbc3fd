/**
 * Session 17 (buyerday): statements at a memory limit on a database file (e.g. bench/rfmmem-repro.ts `build`'s 10M order
 * facts; copy it first: tables made here stay in it).
 *   npx tsx bench/buyerday-repro.ts <db> <limit> <file.sql | -e SQL>
 * Runs the statements (split at a `;` ending a line) in order with threads = 1 (T=2: two), spilling to a new folder next
 * to the database (removed at the end), PIO=false: preserve_insertion_order off; prints each one's seconds and first rows.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
const [db, limit, f, g] = process.argv.slice(2);
const text = f === '-e' ? g : readFileSync(f, 'utf8');
const inst = await DuckDBInstance.create(db);
const con = await inst.connect();
const tmp = mkdtempSync(`${dirname(db)}/spill-`);
await con.run(`SET temp_directory = '${tmp}'`);
await con.run(`SET threads = ${Number(process.env.T ?? 1)}`);
await con.run(`SET memory_limit = '${limit}'`);
if (process.env.PIO === 'false') await con.run('SET preserve_insertion_order = false');
const t0 = performance.now();
try {
  for (const s of text
    .split(/;\s*\n/)
    .map((x) => x.trim())
    .filter(Boolean)) {
    const s0 = performance.now();
    const r = await con.runAndReadAll(s);
    const rows = r.getRows();
    console.log(
      `${((performance.now() - s0) / 1000).toFixed(2)} s  ${s.slice(0, 70).replace(/\s+/g, ' ')} -> ${JSON.stringify(rows.slice(0, 5), (k, v) => (typeof v === 'bigint' ? Number(v) : v))}`,
    );
  }
  console.log(`OK at ${limit} total ${((performance.now() - t0) / 1000).toFixed(2)} s`);
} catch (e) {
  console.log(`FAILED at ${limit} after ${((performance.now() - t0) / 1000).toFixed(2)} s: ${(e as Error).message.split('\n')[0]}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
