/**
 * `npm run bench:pollock [-- --json] [-- --data DIR] [-- --details FILE]`: scores the product's
 * CSV front-end (decode + dialect sniffing + parsing + header row, bench/pollock/load.ts) on the
 * Pollock benchmark's 2,290 polluted files against the clean tables, with the 10 Pollock measures.
 * Without --json: a readable table. With --json: progress on stderr, ONE JSON line last on stdout.
 * Method and latest results: docs/pollock.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { lossesByPollution, subsetScores } from './pollock/breakdown.ts';
import { DEFAULT_DATA_DIR, readPublished, readWeights, unpack } from './pollock/data.ts';
import { loadWithProduct } from './pollock/load.ts';
import { printReport } from './pollock/print.ts';
import { parseRfc4180 } from './pollock/rfc4180.ts';
import { aggregate, fileTotal, scoreFile, type ScoredFile, type Table } from './pollock/score.ts';

const { values } = parseArgs({
  options: { json: { type: 'boolean' }, data: { type: 'string', default: DEFAULT_DATA_DIR }, details: { type: 'string' } },
});
const log = (s: string) => (values.json ? process.stderr.write(`${s}\n`) : console.log(s));
// Loaders published next to ours, for context (DuckDB auto-detect first: the brief's yardstick).
const CONTEXT = ['duckdbauto', 'duckdbparse', 'sqlite', 'pandas', 'pycsv', 'clevercs', 'libreoffice', 'univocity'];

const dataDir = values.data!;
const weights = readWeights(dataDir);
const published = readPublished(dataDir);
const t0 = performance.now();
const data = unpack(dataDir);
const unpackMs = performance.now() - t0;
const scored: (ScoredFile & { error?: string })[] = [];
let loadMs = 0;
try {
  log(`pollock: ${data.files.length} files from ${dataDir}`);
  for (const file of data.files) {
    const weight = weights.get(file);
    if (weight === undefined) throw new Error(`pollock: no weight for ${file}`);
    const bytes = new Uint8Array(readFileSync(join(data.root, 'csv', file)));
    const clean = parseRfc4180(readFileSync(join(data.root, 'clean', file), 'utf8'));
    let loaded: Table | null = null;
    let error: string | undefined;
    const t = performance.now();
    try {
      loaded = await loadWithProduct(file, bytes);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    loadMs += performance.now() - t;
    scored.push({ file, weight, measures: scoreFile(clean, loaded), ...(error === undefined ? {} : { error }) });
  }
} finally {
  data.dispose();
}
const totalMs = performance.now() - t0;

const agg = aggregate(scored);
const result = {
  bench: 'pollock',
  loader: 'store-compass import front-end (workers/import: readSource + findHeaderRow)',
  files: agg.files,
  failures: scored.filter((f) => f.error !== undefined).map((f) => ({ file: f.file, error: f.error })),
  simple: agg.simple,
  weighted: agg.weighted,
  measures: agg.means,
  weightedMeasures: agg.weightedMeans,
  subsets: subsetScores(scored),
  // Every pollution type that lost points, largest weighted loss first.
  losses: lossesByPollution(scored).filter((l) => l.lostWeighted > 1e-9 || l.lostSimple > 1e-9),
  runtime: {
    unpackMs: Math.round(unpackMs),
    loadMs: Math.round(loadMs),
    totalMs: Math.round(totalMs),
    filesPerSecond: Math.round((agg.files / (loadMs / 1000)) * 10) / 10,
  },
  published: CONTEXT.flatMap((s) => (published.has(s) ? [published.get(s)!] : [])),
};

if (values.details) {
  writeFileSync(
    values.details,
    scored.map((f) => JSON.stringify({ file: f.file, weight: f.weight, total: fileTotal(f.measures), ...f.measures, error: f.error })).join('\n') + '\n',
  );
  log(`per-file measures written to ${values.details}`);
}
if (values.json) console.log(JSON.stringify(result));
else printReport(result);
