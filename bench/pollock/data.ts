/**
 * The Pollock data as shipped in ../shared/data/pollock: the archive is unpacked into a fresh
 * temporary directory per run (never into the repo), plus the weights and the published scores.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseRfc4180 } from './rfc4180.ts';

/** Default data folder: the shared data next to the repository. */
export const DEFAULT_DATA_DIR = resolve(import.meta.dirname, '../../../shared/data/pollock');

export interface Unpacked {
  /** Folder holding csv/, clean/ and parameters/. */
  root: string;
  /** The polluted file names, sorted. */
  files: string[];
  /** Removes the temporary directory. */
  dispose(): void;
}

/** Unpacks polluted_files.tar.gz with the system tar into a temporary directory. */
export function unpack(dataDir: string): Unpacked {
  const archive = join(dataDir, 'polluted_files.tar.gz');
  if (!existsSync(archive)) throw new Error(`pollock: ${archive} not found (pass --data DIR)`);
  const tmp = mkdtempSync(join(tmpdir(), 'pollock-'));
  const dispose = () => rmSync(tmp, { recursive: true, force: true });
  try {
    execFileSync('tar', ['-xzf', archive, '-C', tmp], { stdio: ['ignore', 'ignore', 'inherit'] });
    const root = join(tmp, 'polluted_files');
    const files = readdirSync(join(root, 'csv'))
      .filter((f) => f.endsWith('.csv'))
      .sort();
    return { root, files, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

/** File name → raw weight (pollock_weights.json). */
export function readWeights(dataDir: string): Map<string, number> {
  const json = JSON.parse(readFileSync(join(dataDir, 'pollock_weights.json'), 'utf8')) as Record<string, number>;
  return new Map(Object.entries(json));
}

/** One loader's published aggregate (aggregate_results_polluted_files.csv). */
export interface Published {
  sut: string;
  success: number;
  header_f1: number;
  record_f1: number;
  cell_f1: number;
  simple: number;
  weighted: number;
}

/** The published scores of the 18 loaders, keyed by `sut`. */
export function readPublished(dataDir: string): Map<string, Published> {
  const [head, ...rows] = parseRfc4180(readFileSync(join(dataDir, 'aggregate_results_polluted_files.csv'), 'utf8'));
  const col = (name: string) => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`pollock: column ${name} missing from the published results`);
    return i;
  };
  const out = new Map<string, Published>();
  for (const r of rows) {
    out.set(r[col('sut')], {
      sut: r[col('sut')],
      success: Number(r[col('success')]),
      header_f1: Number(r[col('headerf1')]),
      record_f1: Number(r[col('recordf1')]),
      cell_f1: Number(r[col('cellf1')]),
      simple: Number(r[col('pollock_simple')]),
      weighted: Number(r[col('pollock_weighted')]),
    });
  }
  return out;
}
