// The scale bench's extra rows (bench/scale-extra.ts, scale-page.ts) and the results table
// (bench/scale.ts): long tasks land in the phase they started in, the slowest panel is the
// panel_first_paint row, peers sit on the compass / five_metrics rows with "times faster than ours"
// ratios, a failed `store-compass fit` becomes a row that says so. Inputs are made-up timings whose
// medians and maxima are worked out in the comments.
import { describe, expect, it } from 'vitest';
import { ChildFailure, cliFitRow, extraRows, type NativeRun, type PeerRun } from '../../../bench/scale-extra.ts';
import { attributeLongTasks, type PageMeasures } from '../../../bench/scale-page.ts';
import { childCpuS, resultsTable } from '../../../bench/scale.ts';

describe('long tasks by phase', () => {
  it('counts each task for the phase open at its start, and none while no phase is open', () => {
    const phases: [string, number][] = [
      ['import', 100],
      ['', 1000], // import done: the bench's raw read_csv follows, not a user action
      ['refresh', 2000],
      ['', 3000],
      ['panels', 4000],
    ];
    const tasks = [
      { start: 50, duration: 900 }, // before the import: not counted
      { start: 100, duration: 60 }, // import
      { start: 500, duration: 45 }, // import, not over 50
      { start: 1500, duration: 400 }, // between phases: not counted
      { start: 2500, duration: 51 }, // refresh
      { start: 4100, duration: 120 }, // panels
      { start: 4200, duration: 80 }, // panels
    ];
    expect(attributeLongTasks(tasks, phases)).toEqual({
      import: { longestMs: 60, over50: 1 },
      refresh: { longestMs: 51, over50: 1 },
      panels: { longestMs: 120, over50: 2 },
    });
  });
});

const page = (value: number, compass: number, longest: number): PageMeasures => ({
  panelsMs: { compass, value, churn: 300 },
  membersListMs: 700,
  compassMs: 1000,
  fiveMs: 200,
  fitMs: 5000,
  fitStatus: 'ok',
  longTasks: { import: { longestMs: longest, over50: 3 }, refresh: { longestMs: 40, over50: 0 }, panels: { longestMs: 90, over50: 2 } },
});
const peer = (computeMs: number): PeerRun => ({ loadMs: 1500, computeMs, warmComputeMs: computeMs, rows: 10, wallMs: 9000, peakMb: 400 });
const native: NativeRun[] = [{ compassMs: 500, fiveMs: 100, fitMs: 4000 }];

// What /usr/bin/time -v leaves on stderr when the CLI dies: the program's words, then time's report.
const oom = new ChildFailure(
  ['node', 'scripts/store-compass.mjs', 'fit', 'x.csv'],
  134,
  'store-compass: reading x.csv\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\nCommand exited with non-zero status 134\n\tCommand being timed: "node scripts/store-compass.mjs fit x.csv"\n\tMaximum resident set size (kbytes): 4812800',
  61_000,
  4700,
);

describe('extra rows of one size', () => {
  // Run 1: value 2000 is the slowest panel; run 2: compass 3000; run 3: value 1000 → slowest of each 2000, 3000, 1000 → median 2000.
  const rows = extraRows('1m', [page(2000, 900, 300), page(500, 3000, 700), page(1000, 400, 100)], native, { arquero: [peer(4000)], sqljs: [peer(6000)] }, oom, 800);
  const row = (m: string) => rows.find((r) => r.measure === m)!;

  it('panel_first_paint is the median of each run\u2019s slowest panel, and names them', () => {
    expect(row('panel_first_paint').ours_ms).toBe(2000);
    expect(row('panel_first_paint').note).toMatch(/^slowest: value, compass;/);
  });
  it('peers sit on the compass and five_metrics rows with their computation time, their load on peer_load', () => {
    expect([row('five_metrics').ours_ms, row('five_metrics').native_ms, row('five_metrics').arquero_ms, row('five_metrics').sqljs_ms]).toEqual([200, 100, 4000, 6000]);
    expect([row('compass').ours_ms, row('compass').arquero_ms]).toEqual([1000, 4000]);
    expect([row('peer_load').arquero_ms, row('peer_load').sqljs_ms]).toEqual([1500, 1500]);
  });
  it('long-task rows take the worst run: longest 700 ms, most tasks over 50 ms', () => {
    expect([row('longest_task_import').ours_ms, row('longest_task_import').long_tasks_over_50ms]).toEqual([700, 3]);
    expect(row('longest_task_refresh').ours_ms).toBe(40);
  });
  it('a failed store-compass fit is a row without a time that says how and when it died (not time -v\u2019s report)', () => {
    expect(row('cli_fit')).toMatchObject({
      ours_ms: null,
      native_ms: 800,
      peak_mb: 4700,
      note: 'failed (exit 134) after 61.0 s at 4700 MB peak RSS: store-compass: reading x.csv FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    });
  });
  it('the results table shows how many times faster ours is than each peer', () => {
    const table = resultsTable(rows);
    // five_metrics: arquero 4000 / ours 200 = 20.0×, sql.js 6000 / 200 = 30.0×.
    expect(table).toContain('| 1m | five_metrics | 0.20 | 0.10 | – | 2.0× | – | – | – | 4.00 | 6.00 | 20.0× | 30.0× |');
    expect(table).toContain('| 1m | longest_task_import | 700 ms, 3 tasks > 50 ms |');
  });
});

describe('the compass row in the results table', () => {
  it('gives no peer ratio: ours runs the whole catalogue there, the peers five metrics', () => {
    const rows = extraRows('1m', [page(2000, 900, 300)], native, { arquero: [peer(4000)], sqljs: [peer(6000)] }, [{ ms: 9000, peakMb: 500 }], 800);
    expect(resultsTable(rows)).toContain('| 1m | compass | 1.00 | 0.50 | – | 2.0× | – | – | – | 4.00 | 6.00 | see five_metrics | see five_metrics |');
  });
});

describe('the cli_fit row of the out-of-core check (--cli-only)', () => {
  const runs = [
    { ms: 300_000, peakMb: 2000 },
    { ms: 100_000, peakMb: 2500 },
    { ms: 200_000, peakMb: 1800 },
  ];
  it('takes the median wall and the worst peak of its runs, beside the native read_csv child', () => {
    // Median of 100, 200, 300 s = 200 s; worst peak 2500 MB; native 50 s at 1200 MB.
    expect(cliFitRow('10m', runs, 50_000, 1200)).toMatchObject({ measure: 'cli_fit', ours_ms: 200_000, native_ms: 50_000, peak_mb: 2500, native_peak_mb: 1200, runs: 3 });
  });
  it('shows the time ratio and both peaks in the results table', () => {
    // 200 / 50 = 4.0×.
    expect(resultsTable([cliFitRow('10m', runs, 50_000, 1200)])).toContain('| 10m | cli_fit | 200.00 | 50.00 | – | 4.0× | – | 2500 | 1200 |');
  });
  it('a failed fit keeps the native side', () => {
    expect(cliFitRow('100m', oom, 400_000, 1300)).toMatchObject({ ours_ms: null, native_ms: 400_000, native_peak_mb: 1300, peak_mb: 4700 });
  });
});

describe('child CPU from /usr/bin/time -v', () => {
  it('is user + system seconds (the out-of-core rows quote it beside the wall)', () => {
    const report = '\tCommand being timed: "node x"\n\tUser time (seconds): 201.35\n\tSystem time (seconds): 12.5\n\tPercent of CPU this job got: 11%\n';
    expect(childCpuS(report)).toBeCloseTo(213.85, 6);
    expect(childCpuS('no report')).toBeNaN();
  });
});
