/**
 * The 10 Pollock measures (Vitagliano et al., PVLDB 16(8) 2023) of one loaded table against the
 * expected clean table, and their simple / weighted aggregates. Row 0 of each table is its header,
 * whatever the file had (as in Pollock's own evaluation). Conventions: see docs/pollock.md.
 */

/** The measure names, in the order Pollock sums them. */
export const MEASURES = [
  'success',
  'header_precision',
  'header_recall',
  'header_f1',
  'record_precision',
  'record_recall',
  'record_f1',
  'cell_precision',
  'cell_recall',
  'cell_f1',
] as const;

export type MeasureName = (typeof MEASURES)[number];
/** One value in [0, 1] per measure. */
export type Measures = Record<MeasureName, number>;
/** A table as rows of text cells; row 0 is the header. */
export type Table = readonly (readonly string[])[];

const count = (items: Iterable<string>): Map<string, number> => {
  const m = new Map<string, number>();
  for (const x of items) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
};

/**
 * Precision (share of loaded items that are expected), recall (share of expected items loaded)
 * and F1 of two multisets. Nothing expected → 1, 1, 1; nothing in common → 0, 0, 0 (Pollock).
 */
export function multisetPrf(expected: readonly string[], loaded: readonly string[]): [precision: number, recall: number, f1: number] {
  if (expected.length === 0) return [1, 1, 1];
  const want = count(expected);
  let common = 0;
  for (const [x, n] of count(loaded)) common += Math.min(n, want.get(x) ?? 0);
  if (common === 0) return [0, 0, 0];
  const p = common / loaded.length;
  const r = common / expected.length;
  return [p, r, (2 * p * r) / (p + r)];
}

const zeros = (): Measures => Object.fromEntries(MEASURES.map((m) => [m, 0])) as Measures;

/** The 10 measures of one file; `loaded` null means the loader threw (every measure 0). */
export function scoreFile(clean: Table, loaded: Table | null): Measures {
  if (loaded === null) return zeros();
  const out = zeros();
  out.success = 1;
  // Pollock: an empty expected table is matched by any successful load.
  if (clean.length === 0) {
    for (const m of MEASURES) out[m] = 1;
    return out;
  }
  [out.header_precision, out.header_recall, out.header_f1] = multisetPrf(clean[0], loaded[0] ?? []);
  // A record is the whole tuple; JSON keeps ["ab","c"] apart from ["a","bc"].
  const records = (t: Table) => t.slice(1).map((row) => JSON.stringify(row));
  [out.record_precision, out.record_recall, out.record_f1] = multisetPrf(records(clean), records(loaded));
  [out.cell_precision, out.cell_recall, out.cell_f1] = multisetPrf(clean.flat(), loaded.flat());
  return out;
}

/** Sum of the 10 measures of one file (0..10). */
export const fileTotal = (m: Measures): number => MEASURES.reduce((s, k) => s + m[k], 0);

export interface ScoredFile {
  file: string;
  measures: Measures;
  /** Raw weight from pollock_weights.json (normalised over the scored files). */
  weight: number;
}

export interface Aggregate {
  files: number;
  /** Each measure averaged over all files. */
  means: Measures;
  /** Each measure averaged with the normalised weights. */
  weightedMeans: Measures;
  /** Sum of `means` (max 10). */
  simple: number;
  /** Sum of `weightedMeans` = Σ normalised weight × file total (max 10). */
  weighted: number;
}

/** Simple and weighted Pollock scores of a set of scored files; throws on a non-positive weight sum. */
export function aggregate(files: readonly ScoredFile[]): Aggregate {
  const totalWeight = files.reduce((s, f) => s + f.weight, 0);
  if (!(totalWeight > 0)) throw new Error('pollock: the weights of the scored files sum to 0');
  const means = zeros();
  const weightedMeans = zeros();
  for (const f of files) {
    for (const m of MEASURES) {
      means[m] += f.measures[m] / files.length;
      weightedMeans[m] += (f.measures[m] * f.weight) / totalWeight;
    }
  }
  return { files: files.length, means, weightedMeans, simple: fileTotal(means), weighted: fileTotal(weightedMeans) };
}
