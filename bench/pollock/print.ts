/** The readable (non --json) report of `npm run bench:pollock`. */
import type { PollutionLoss, SubsetScore } from './breakdown.ts';
import type { Published } from './data.ts';
import { MEASURES, type Measures } from './score.ts';

/** What bench/pollock.ts computes; also the shape of its --json line. */
export interface PollockResult {
  files: number;
  failures: { file: string; error?: string }[];
  simple: number;
  weighted: number;
  measures: Measures;
  weightedMeasures: Measures;
  subsets: Record<string, SubsetScore>;
  losses: PollutionLoss[];
  runtime: { unpackMs: number; loadMs: number; totalMs: number; filesPerSecond: number };
  published: Published[];
}

// Truncated, not rounded, as Pollock's published tables do (DuckDB auto 8.4398 → 8.439).
const f3 = (x: number) => (Math.floor(x * 1000 + 1e-9) / 1000).toFixed(3);
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

/** Prints scores, context from the published loaders, subsets, losses and runtime. */
export function printReport(r: PollockResult): void {
  console.log(`\nPollock benchmark — ${r.files} files, ${r.failures.length} failed to load\n`);
  console.log(`${pad('measure', 18)}${lpad('mean', 8)}${lpad('weighted', 10)}`);
  for (const m of MEASURES) console.log(`${pad(m, 18)}${lpad(f3(r.measures[m]), 8)}${lpad(f3(r.weightedMeasures[m]), 10)}`);
  console.log(`${pad('POLLOCK SCORE', 18)}${lpad(f3(r.simple), 8)}${lpad(f3(r.weighted), 10)}   (max 10 / 10)\n`);

  const rows = [
    {
      sut: 'store-compass (ours)',
      success: r.measures.success,
      header_f1: r.measures.header_f1,
      record_f1: r.measures.record_f1,
      cell_f1: r.measures.cell_f1,
      simple: r.simple,
      weighted: r.weighted,
    },
    ...r.published,
  ].sort((a, b) => b.simple - a.simple);
  console.log('Published (aggregate_results_polluted_files.csv) vs ours:');
  console.log(`${pad('loader', 22)}${['success', 'hdr F1', 'rec F1', 'cell F1', 'simple', 'weighted'].map((h) => lpad(h, 9)).join('')}`);
  for (const p of rows) {
    const cells = [p.success, p.header_f1, p.record_f1, p.cell_f1, p.simple, p.weighted].map((x) => lpad(f3(x), 9));
    console.log(`${pad(p.sut === 'duckdbauto' ? 'duckdbauto (1.2 auto)' : p.sut, 22)}${cells.join('')}`);
  }

  console.log('\nPollock subsets (plain means):');
  for (const [name, s] of Object.entries(r.subsets)) {
    console.log(
      `  ${pad(name, 13)} files ${lpad(String(s.files), 4)}  success ${f3(s.success)}  header F1 ${f3(s.header_f1)}  record F1 ${f3(s.record_f1)}  cell F1 ${f3(s.cell_f1)}`,
    );
  }

  console.log('\nLargest losses by pollution type (points of the weighted / simple score):');
  for (const l of r.losses) {
    console.log(
      `  ${pad(l.pollution, 34)} files ${lpad(String(l.files), 4)}  weight ${lpad((100 * l.weightShare).toFixed(1), 5)}%  mean ${lpad(l.meanTotal.toFixed(2), 5)}/10  lost ${f3(l.lostWeighted)} w / ${f3(l.lostSimple)} s`,
    );
  }
  for (const f of r.failures) console.log(`  failed: ${f.file}: ${f.error}`);

  const t = r.runtime;
  console.log(
    `\nRuntime: load ${(t.loadMs / 1000).toFixed(1)} s (${t.filesPerSecond} files/s), unpack ${(t.unpackMs / 1000).toFixed(1)} s, total ${(t.totalMs / 1000).toFixed(1)} s`,
  );
}
