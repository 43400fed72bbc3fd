/**
 * Child process of the scale bench: native DuckDB's own `read_csv` of one file into a table
 * (dialect detected, every column VARCHAR, nothing normalised), the ceiling for the import and the CLI. Prints one JSON
 * line {ms, rows}; the parent measures the process's wall time and peak RSS around it.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const t = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
await conn.run(`CREATE TABLE raw AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}', all_varchar = true)`);
const rows = Number((await conn.runAndReadAll('SELECT count(*) AS n FROM raw')).getRowObjectsJS()[0].n);
console.log(JSON.stringify({ ms: performance.now() - t, rows }));
conn.closeSync();
instance.closeSync();
