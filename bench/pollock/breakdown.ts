/**
 * Where the points go: Pollock's three published subsets (table / inconsistent / structural) and
 * the score lost per pollution type, so failures can be ranked by weight.
 */
import { fileTotal, type ScoredFile } from './score.ts';

// Pollock's evaluate.py regexes, verbatim (re.search). Its "%row_less" never matches, so the
// published "inconsistent" subset is the row_more_sep files only; kept as-is to compare like with like.
const SUBSETS: Record<string, RegExp> = {
  table: /file_double.*|file_header.*|file_no.*|file_one.*|file_multi.*|file_preamble.*/,
  inconsistent: /%row_less.*|row_more/,
  structural: /file_field.*|row_field.*|file_quote.*|file_record_delimiter.*|row_extra_quote.*|file_escape.*/,
};

export interface SubsetScore {
  files: number;
  success: number;
  header_f1: number;
  record_f1: number;
  cell_f1: number;
}

/** Plain means of success and the three F1s over each Pollock subset. */
export function subsetScores(files: readonly ScoredFile[]): Record<string, SubsetScore> {
  const out: Record<string, SubsetScore> = {};
  for (const [name, re] of Object.entries(SUBSETS)) {
    const sel = files.filter((f) => re.test(f.file));
    const mean = (k: 'success' | 'header_f1' | 'record_f1' | 'cell_f1') => sel.reduce((s, f) => s + f.measures[k], 0) / Math.max(1, sel.length);
    out[name] = { files: sel.length, success: mean('success'), header_f1: mean('header_f1'), record_f1: mean('record_f1'), cell_f1: mean('cell_f1') };
  }
  return out;
}

/**
 * The pollution type of a file: file-level pollutions keep their name; row-level ones drop the
 * row/column position (row_more_sep_row9_col3 → row_more_sep, row_field_delimiter_9_0x20 →
 * row_field_delimiter_0x20).
 */
export function pollutionOf(file: string): string {
  return file.replace(/\.csv$/, '').replace(/(_row)?\d+_col\d+$|_\d+(?=_0x)/, '');
}

export interface PollutionLoss {
  pollution: string;
  files: number;
  /** Share of the total (normalised) weight. */
  weightShare: number;
  /** Mean file total (0..10) over the files of this type. */
  meanTotal: number;
  /** Points of the weighted score lost here: Σ normalised weight × (10 − file total). */
  lostWeighted: number;
  /** Points of the simple score lost here: Σ (10 − file total) / all files. */
  lostSimple: number;
}

/** Score lost per pollution type, largest weighted loss first. */
export function lossesByPollution(files: readonly ScoredFile[]): PollutionLoss[] {
  const totalWeight = files.reduce((s, f) => s + f.weight, 0);
  const groups = new Map<string, PollutionLoss>();
  for (const f of files) {
    const key = pollutionOf(f.file);
    const g = groups.get(key) ?? { pollution: key, files: 0, weightShare: 0, meanTotal: 0, lostWeighted: 0, lostSimple: 0 };
    const total = fileTotal(f.measures);
    g.files++;
    g.weightShare += f.weight / totalWeight;
    g.meanTotal += total;
    g.lostWeighted += (f.weight / totalWeight) * (10 - total);
    g.lostSimple += (10 - total) / files.length;
    groups.set(key, g);
  }
  for (const g of groups.values()) g.meanTotal /= g.files;
  return [...groups.values()].sort((a, b) => b.lostWeighted - a.lostWeighted || b.lostSimple - a.lostSimple);
}
