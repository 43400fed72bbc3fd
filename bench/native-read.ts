/**
 * Child process of the scale bench: native DuckDB's own `read_csv` of one file into a table
 * (dialect detected, every column VARCHAR, nothing normalised), the ceiling for the import and the CLI. Prints one JSON
 * line {ms, rows}; the parent measures the process's wall time and peak RSS around it.
 * Same memory budget as the CLI (its default --memory-limit, spilling to a temp folder), so that at
 * 100M orders the ceiling is measured under the rule the CLI runs by, and does not take the machine's RAM.
 */
import { mkdirSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

// argv: FILE MEMORY_LIMIT SPILL_DIR (the parent passes the CLI's defaults; importing them here would add the engine's load time to this child's wall).
const [file, memoryLimit, spill] = process.argv.slice(2);
const t = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
mkdirSync(spill, { recursive: true });
await conn.run(`SET memory_limit = '${memoryLimit}'; SET temp_directory = '${spill.replaceAll("'", "''")}'`);
await conn.run(`CREATE TABLE raw AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}', all_varchar = true)`);
const rows = Number((await conn.runAndReadAll('SELECT count(*) AS n FROM raw')).getRowObjectsJS()[0].n);
console.log(JSON.stringify({ ms: performance.now() - t, rows }));
conn.closeSync();
instance.closeSync();
