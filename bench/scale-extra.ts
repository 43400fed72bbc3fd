/**
 * The scale bench's rows beyond import / refresh / cli_report (issue 14): the same work on native
 * DuckDB, the Arquero and sql.js peers (child processes, bench/peers/run.ts), `store-compass fit`,
 * and the rows built from them and from the in-tab measures (scale-page.ts).
 *
 * Rows: `compass` (every catalogue id; peers = their five metrics, the only work they can do),
 * `five_metrics` (the five core metrics on every side: the like-for-like peer ratio),
 * `panel_first_paint` (slowest panel, `note` names it), `members_list_open`, `fit` (in-tab vs native
 * engine.predict), `cli_fit` (`store-compass fit` wall vs native read_csv), `longest_task_<phase>`
 * (ours_ms = longest main-thread task, `long_tasks_over_50ms` = how many). The import row gains the
 * peers' load times (text → their table).
 */
import { KPI_STRIP } from '../src/lib/metrics/index.ts';
import { openNativeDriver } from '../workers/drivers/native.ts';
import { createEngine } from '../workers/engine.ts';
import { loadNativeOrders } from './native-orders.ts';
import { FIVE_IDS, PEER_PARAMS } from './peers/five-metrics.ts';
import { ALL_IDS, FIT_OPTIONS, type PageMeasures, type Phase } from './scale-page.ts';
import { DATA_DIR } from './synthetic-orders.ts';

/** A bench child that exited non-zero: its wall time, peak RSS and what it said (the program's own stderr, without /usr/bin/time's report). */
export class ChildFailure extends Error {
  readonly said: string;
  constructor(
    cmd: string[],
    readonly status: number | null,
    stderr: string,
    readonly ms: number,
    readonly peakMb: number,
  ) {
    const said = stderr
      .split(/\n(?:Command exited|\tCommand being timed)/)[0]
      .trim()
      .split('\n')
      .slice(-3)
      .join(' ')
      .slice(0, 300);
    super(`${cmd.join(' ')} failed (${status}) after ${Math.round(ms)} ms: ${said}`);
    this.said = said;
  }
}

/** The row of a measure whose child failed: no time, the failure in the note. */
export function failedRow(size: string, measure: string, e: ChildFailure, nativeMs: number | null, nativePeakMb: number | null = null): ExtraRow {
  const peak = Number.isFinite(e.peakMb) ? Math.round(e.peakMb) : null;
  return {
    size,
    measure,
    ours_ms: null,
    native_ms: nativeMs,
    wasm_raw_ms: null,
    arquero_ms: null,
    sqljs_ms: null,
    peak_mb: peak,
    native_peak_mb: nativePeakMb,
    note: `failed (exit ${e.status}) after ${(e.ms / 1000).toFixed(1)} s at ${peak ?? '?'} MB peak RSS: ${e.said}`,
    runs: 1,
  };
}

export interface PeerRun {
  loadMs: number;
  computeMs: number;
  warmComputeMs: number;
  rows: number;
  wallMs: number;
  peakMb: number;
}

/** One peer on one file in a child process (`timed`: scale.ts's /usr/bin/time wrapper). */
export function peerRun(timed: (cmd: string[]) => { ms: number; peakMb: number; stdout: string }, peer: 'arquero' | 'sqljs', file: string): PeerRun {
  const r = timed(['node', '--import', 'tsx', 'bench/peers/run.ts', peer, file]);
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()!), wallMs: r.ms, peakMb: r.peakMb };
}

export interface NativeRun {
  compassMs: number;
  fiveMs: number;
  fitMs: number;
}

/** The in-tab engine work of engineTimings on native DuckDB in this process (file loaded by read_csv first, not timed). */
export async function nativeEngineRun(file: string): Promise<NativeRun> {
  const driver = await openNativeDriver(':memory:', { readable: [DATA_DIR] });
  try {
    const engine = await createEngine(driver);
    await loadNativeOrders(driver, file);
    await engine.runMetrics([...KPI_STRIP], PEER_PARAMS); // warm-up: the tab ran the KPI strip before it too
    let t = performance.now();
    await engine.runMetrics(ALL_IDS, PEER_PARAMS);
    const compassMs = performance.now() - t;
    t = performance.now();
    await engine.runMetrics([...FIVE_IDS], PEER_PARAMS);
    const fiveMs = performance.now() - t;
    t = performance.now();
    await engine.predict(FIT_OPTIONS);
    return { compassMs, fiveMs, fitMs: performance.now() - t };
  } finally {
    driver.close();
  }
}

export interface ExtraRow {
  size: string;
  measure: string;
  ours_ms: number | null;
  native_ms: number | null;
  wasm_raw_ms: null;
  arquero_ms: number | null;
  sqljs_ms: number | null;
  peak_mb: number | null;
  native_peak_mb?: number | null;
  arquero_peak_mb?: number | null;
  sqljs_peak_mb?: number | null;
  long_tasks_over_50ms?: number;
  note?: string;
  runs: number;
}

const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  return Math.round(s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2);
};
const max = (xs: number[]) => (xs.length ? Math.round(Math.max(...xs)) : null);

/**
 * The `cli_fit` row: `store-compass fit` wall and peak RSS (median / worst of its runs) against the native
 * read_csv child of the same file (its median wall, its worst peak), or the failure.
 */
export function cliFitRow(size: string, cliFit: { ms: number; peakMb: number }[] | ChildFailure, nativeReadMs: number | null, nativePeakMb: number | null = null): ExtraRow {
  if (cliFit instanceof ChildFailure) return failedRow(size, 'cli_fit', cliFit, nativeReadMs, nativePeakMb);
  return {
    size,
    measure: 'cli_fit',
    ours_ms: median(cliFit.map((r) => r.ms)),
    native_ms: nativeReadMs,
    wasm_raw_ms: null,
    arquero_ms: null,
    sqljs_ms: null,
    peak_mb: max(cliFit.map((r) => r.peakMb)),
    native_peak_mb: nativePeakMb,
    note: 'store-compass fit wall (import + three models) vs native read_csv child',
    runs: cliFit.length,
  };
}

/** `store-compass fit` on a file with the tab's fit options, `runs` times (timed: scale.ts's /usr/bin/time wrapper); a failing child is returned, not thrown. */
export function cliFitRuns(
  file: string,
  runs: number,
  timed: Timed,
  log: (...a: unknown[]) => void,
  size: string,
  timeoutMs?: number,
): { ms: number; peakMb: number }[] | ChildFailure {
  try {
    const r = Array.from({ length: runs }, () =>
      timed(['node', 'scripts/store-compass.mjs', 'fit', file, '--calibration-end', FIT_OPTIONS.calibrationEnd, '--unit', FIT_OPTIONS.unit], timeoutMs),
    );
    log(`scale ${size}: cli fit`, JSON.stringify(r.map((x) => [Math.round(x.ms), Math.round(x.peakMb)])));
    return r;
  } catch (e) {
    if (!(e instanceof ChildFailure)) throw e;
    log(`scale ${size}: cli fit failed`, e.message);
    return e;
  }
}

/** The extra rows of one size from the runs of every side. */
export function extraRows(
  size: string,
  page: PageMeasures[],
  native: NativeRun[],
  peers: { arquero: PeerRun[]; sqljs: PeerRun[] },
  cliFit: { ms: number; peakMb: number }[] | ChildFailure,
  nativeReadMs: number | null,
): ExtraRow[] {
  const base = { size, wasm_raw_ms: null, arquero_ms: null, sqljs_ms: null, peak_mb: null } as const;
  const peerMs = (k: keyof PeerRun) => ({ arquero_ms: median(peers.arquero.map((r) => r[k])), sqljs_ms: median(peers.sqljs.map((r) => r[k])) });
  const peerPeaks = { arquero_peak_mb: max(peers.arquero.map((r) => r.peakMb)), sqljs_peak_mb: max(peers.sqljs.map((r) => r.peakMb)) };
  const slowest = page.map((p) => Object.entries(p.panelsMs).sort((a, b) => b[1] - a[1])[0]);
  const rows: ExtraRow[] = [
    {
      ...base,
      measure: 'compass',
      ours_ms: median(page.map((p) => p.compassMs)),
      native_ms: median(native.map((n) => n.compassMs)),
      ...peerMs('computeMs'),
      note: `ours/native: all ${ALL_IDS.length} catalogue metrics; arquero/sql.js: the five core metrics only`,
      runs: page.length,
    },
    {
      ...base,
      measure: 'five_metrics',
      ours_ms: median(page.map((p) => p.fiveMs)),
      native_ms: median(native.map((n) => n.fiveMs)),
      ...peerMs('computeMs'),
      ...peerPeaks,
      note: `${FIVE_IDS.join(', ')}; peers in Node, first computation after their load`,
      runs: page.length,
    },
    {
      ...base,
      measure: 'peer_load',
      ours_ms: null,
      native_ms: null,
      ...peerMs('loadMs'),
      note: 'the peers\u2019 own import: file text → their table (compare with the import row)',
      runs: peers.arquero.length,
    },
    {
      ...base,
      measure: 'panel_first_paint',
      ours_ms: median(slowest.map(([, ms]) => ms)),
      native_ms: null,
      note: `slowest: ${[...new Set(slowest.map(([panel]) => panel))].join(', ')}; all (median ms): ${Object.keys(page[0].panelsMs)
        .map((k) => `${k} ${median(page.map((p) => p.panelsMs[k]))}`)
        .join(', ')}`,
      runs: page.length,
    },
    { ...base, measure: 'members_list_open', ours_ms: median(page.map((p) => p.membersListMs)), native_ms: null, runs: page.length },
    {
      ...base,
      measure: 'fit',
      ours_ms: median(page.map((p) => p.fitMs)),
      native_ms: median(native.map((n) => n.fitMs)),
      note: `engine.predict ${JSON.stringify(FIT_OPTIONS)}; status ${[...new Set(page.map((p) => p.fitStatus))].join(', ')}`,
      runs: page.length,
    },
    cliFitRow(size, cliFit, nativeReadMs),
  ];
  for (const phase of ['import', 'refresh', 'panels'] as Phase[]) {
    rows.push({
      ...base,
      measure: `longest_task_${phase}`,
      ours_ms: max(page.map((p) => p.longTasks[phase].longestMs)),
      native_ms: null,
      long_tasks_over_50ms: Math.max(...page.map((p) => p.longTasks[phase].over50)),
      runs: page.length,
    });
  }
  return rows;
}

type Timed = (cmd: string[], timeoutMs?: number) => { ms: number; peakMb: number; stdout: string };

/** Native engine runs, peer runs and `store-compass fit` for one size, then its extra rows (page: the tab's measures of each browser run). */
export async function extraMeasures(
  size: string,
  file: string,
  runs: number,
  page: PageMeasures[],
  nativeReadMs: number | null,
  timed: Timed,
  log: (...a: unknown[]) => void,
): Promise<ExtraRow[]> {
  const native: NativeRun[] = [];
  for (let i = 0; i < runs; i++) native.push(await nativeEngineRun(file));
  log(`scale ${size}: native compass/five/fit`, JSON.stringify(native.map((n) => [n.compassMs, n.fiveMs, n.fitMs].map(Math.round))));
  const peers = { arquero: [] as PeerRun[], sqljs: [] as PeerRun[] };
  for (const name of ['arquero', 'sqljs'] as const) {
    for (let i = 0; i < runs; i++) peers[name].push(peerRun(timed, name, file));
    log(`scale ${size}: ${name}`, JSON.stringify(peers[name].map((r) => [r.loadMs, r.computeMs, r.peakMb].map(Math.round))));
  }
  const cliFit = cliFitRuns(file, runs, timed, log, size);
  return extraRows(size, page, native, peers, cliFit, nativeReadMs);
}
