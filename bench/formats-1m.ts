// One import of each file per build, builds alternated (session 10, formats helper; not part of the bench).
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { serveStatic } from '../test/e2e/harness.ts';
import { browserImportRun } from './scale.ts';
const files = ['bench/.data/orders-1m.csv', 'bench/.data/orders-1m-formats.xlsx', 'bench/.data/orders-1m-formats.parquet'];
const builds = process.argv.slice(2);
for (const dist of builds) {
  const server = await serveStatic(resolve(dist), '/');
  for (const f of files) {
    try {
      const r = await browserImportRun(server.url, f, 1_000_000, true, false);
      console.log(
        JSON.stringify({
          dist,
          f,
          s: +(r.importMs / 1000).toFixed(2),
          cpuS: r.cpuS,
          peakMb: Math.round(r.peakMb),
          load: loadavg()[0].toFixed(1),
          at: new Date().toISOString().slice(11, 19),
        }),
      );
    } catch (e) {
      console.log(JSON.stringify({ dist, f, failed: String(e).slice(0, 300) }));
    }
  }
  await server.close();
}
process.exit(0);
