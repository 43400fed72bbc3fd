/**
 * Session 17 (clirep): the report's rfm_migration and store_compass statements alone, this checkout's against another's
 * (`--old ROOT`, e.g. /work/main), alternated in one process over one load of the synthetic export.
 *   npx tsx bench/clirep-sql.ts [--size 2m] [--wasm] [--old /work/main] [--ids rfm_migration,store_compass] [--rounds 3]
 *       [--explain] [--params JSON]
 * Native DuckDB with one thread and the compressed layout (bench/wasm-engine.ts, as the CLI out of core runs one thread),
 * or `--wasm`: DuckDB-WASM in Node (the tab's engine). Each statement's process CPU ms and wall ms per round, and whether
 * the two checkouts' rows are the same (a digest of the rows). `--explain`: EXPLAIN ANALYZE of this checkout's statements.
 * Period: the CLI report's --from 2025-10-03 --to 2025-12-31 unless `--params`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { HERE, loadWasmEngine } from './wasm-engine.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '2m' },
    wasm: { type: 'boolean', default: false },
    old: { type: 'string' },
    ids: { type: 'string', default: 'rfm_migration,store_compass' },
    rounds: { type: 'string', default: '3' },
    explain: { type: 'boolean', default: false },
    params: { type: 'string' },
    /** Instead of metrics: statements in these files (comma-separated, no parameters), alternated. */
    sql: { type: 'string' },
    /** The command line's engine instead (scripts/cli: out of core by the input's size, a database file, one thread) at this limit, e.g. 300MB. */
    cli: { type: 'string' },
  },
});
const params = values.params ? JSON.parse(values.params) : { from: '2025-10-03', to: '2025-12-31', repurchaseBasis: 'days' };
const ids = values.ids!.split(',');
const { findMetric } = await import(`${HERE}/src/lib/metrics/index.ts`);
const { ipcToRows } = await import(`${HERE}/src/lib/engine/rows.ts`);
const catalogues: { name: string; find: typeof findMetric }[] = [{ name: 'new', find: findMetric }];
if (values.old) catalogues.unshift({ name: 'old', find: (await import(`${values.old}/src/lib/metrics/index.ts`)).findMetric });

let driver: any;
let close = async () => {};
if (values.cli) {
  const { openCliEngine } = await import(`${HERE}/scripts/cli/open-engine.ts`);
  const { loadFiles } = await import(`${HERE}/scripts/cli/load-files.ts`);
  const { DATA_DIR } = await import(`${HERE}/bench/synthetic-orders.ts`);
  const files = [`${DATA_DIR}/orders-${values.size}.csv`];
  const t = performance.now();
  const opened = await openCliEngine(files, { memoryLimit: values.cli, ...(process.env.CLIREP_OOC ? { outOfCore: true, threads: 1 } : {}) }); // CLIREP_OOC=1: out of core, one thread whatever the limit
  await loadFiles(opened.engine, files, { facts: true });
  driver = opened.driver;
  close = async () => opened.driver.close();
  console.error(`loaded ${values.size} (the CLI's engine at ${values.cli}) in ${Math.round(performance.now() - t)} ms; load ${loadavg()[0].toFixed(1)}`);
} else {
  const loaded = await loadWasmEngine({ size: values.size!, name: 'clirep', native: !values.wasm });
  driver = loaded.driver;
  console.error(`loaded ${values.size} (${values.wasm ? 'wasm' : 'native, 1 thread'}) in ${loaded.loadMs} ms; load ${loadavg()[0].toFixed(1)}`);
}
const json = (rows: unknown) => JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));

if (values.explain) {
  for (const id of ids) {
    const stmt = findMetric(id).sql(params);
    const rows = ipcToRows(await driver.query({ text: `EXPLAIN (ANALYZE, FORMAT JSON) ${stmt.text}`, params: stmt.params })) as Record<string, string>[];
    const plan = JSON.parse(rows[0].explain_value);
    console.log(`== ${id}: ${plan.latency ?? ''} s`);
    // One line per operator: indent = depth, seconds, rows, name and its first extra info.
    const show = (op: any, depth: number) => {
      const info = Object.entries(op.extra_info ?? {})
        .map(([k, v]) => `${k}: ${String(v).replace(/\s+/g, ' ')}`)
        .join('; ')
        .slice(0, 160);
      console.log(`${'  '.repeat(depth)}${Number(op.operator_timing ?? 0).toFixed(3)} s ${op.operator_cardinality ?? ''} rows ${op.operator_name ?? op.operator_type} ${info}`);
      for (const c of op.children ?? []) show(c, depth + 1);
    };
    show(plan, 0);
  }
} else {
  const times: Record<string, { cpu: number[]; wall: number[]; digest: string }> = {};
  for (let round = 0; round < Number(values.rounds); round++) {
    const runs = values.sql
      ? values.sql.split(',').map((file) => ({ id: file, name: 'sql', stmt: () => ({ text: readFileSync(file, 'utf8'), params: [] }) }))
      : ids.flatMap((id) => (round % 2 ? [...catalogues].reverse() : catalogues).map(({ name, find }) => ({ id, name, stmt: () => find(id).sql(params) })));
    for (const { id, name, stmt: make } of round % 2 ? [...runs].reverse() : runs) {
      {
        const stmt = make();
        const c = process.cpuUsage();
        const t = performance.now();
        let rows: unknown[];
        try {
          rows = ipcToRows(await driver.query(stmt));
        } catch (e) {
          // Out of memory under a small --cli limit: the run's line says so, and the other forms still run.
          console.log(`${id} ${name} round ${round}: FAILED ${(e as Error).message.split('\n')[0]}`);
          continue;
        }
        const cpu = process.cpuUsage(c);
        const key = `${id} ${name}`;
        const digest = createHash('sha1').update(json(rows)).digest('hex').slice(0, 12) + ` (${(rows as unknown[]).length} rows)`;
        times[key] ??= { cpu: [], wall: [], digest };
        times[key].cpu.push(Math.round((cpu.user + cpu.system) / 1000));
        times[key].wall.push(Math.round(performance.now() - t));
        if (times[key].digest !== digest) times[key].digest += ' CHANGED';
      }
    }
  }
  for (const [key, t] of Object.entries(times)) console.log(`${key}: cpu ms ${t.cpu.join(' ')}; wall ms ${t.wall.join(' ')}; rows ${t.digest}`);
  console.log(`load ${loadavg()[0].toFixed(1)}`);
}
await close();
