// One import of each file per build, builds alternated round by round (sessions 10–11, formats / xlsx helpers; not part of the bench).
// `tsx bench/formats-1m.ts [--size 250k|1m] [--rounds N] [--formats csv,xlsx,parquet] DIST…`: one JSON line per import
// (wall s, renderer CPU s, peak MB, load average). Round k runs the builds in the given order when k is odd, reversed
// when even, so neither build always runs first.
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { serveStatic } from '../test/e2e/harness.ts';
import { browserImportRun } from './scale.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { size: { type: 'string', default: '1m' }, rounds: { type: 'string', default: '1' }, formats: { type: 'string', default: 'csv,xlsx,parquet' } },
});
const FILES: Record<string, Record<string, string>> = {
  '250k': { csv: 'bench/.data/orders-250k.csv', xlsx: 'bench/.data/orders-250k.xlsx', parquet: 'bench/.data/orders-250k.parquet' },
  '1m': { csv: 'bench/.data/orders-1m.csv', xlsx: 'bench/.data/orders-1m-formats.xlsx', parquet: 'bench/.data/orders-1m-formats.parquet' },
};
const ROWS: Record<string, number> = { '250k': 250_000, '1m': 1_000_000 };
const files = values.formats.split(',').map((f) => FILES[values.size][f]);
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const dist of round % 2 ? positionals : [...positionals].reverse()) {
    const server = await serveStatic(resolve(dist), '/');
    for (const f of files) {
      const load = loadavg()[0].toFixed(1);
      try {
        const r = await browserImportRun(server.url, f, ROWS[values.size], true, false);
        console.log(
          JSON.stringify({
            round,
            dist,
            f,
            s: +(r.importMs / 1000).toFixed(2),
            cpuS: r.cpuS,
            peakMb: Math.round(r.peakMb),
            load: `${load}→${loadavg()[0].toFixed(1)}`,
            at: new Date().toISOString().slice(11, 19),
          }),
        );
      } catch (e) {
        console.log(JSON.stringify({ round, dist, f, failed: String(e).slice(0, 300) }));
      }
    }
    await server.close();
  }
}
process.exit(0);
