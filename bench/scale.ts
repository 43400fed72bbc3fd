/**
 * The scale bench (issue 14): for each size, a synthetic order export (synthetic-orders.ts) is
 *  - `import`: chosen through the real file input of the hosted build and imported to the report
 *    (choose → `[data-import-outcome="done"]`), against DuckDB-WASM's own `read_csv` of the same
 *    file in the same tab (engine.benchReadCsv) and native DuckDB's `read_csv` (bench/native-read.ts);
 *  - `refresh`: a store picked in the filter bar → the KPI strip's orders tile shows the new value
 *    and the page is ready; native = the KPI strip's SQL with that store;
 *  - `cli_report`: `store-compass report FILE` as a child process, against the native read_csv child.
 * Peak memory: the summed RSS of the browser's renderer processes (the page and its worker live
 * there), sampled every 100 ms from /proc — CDP's JSHeapUsedSize sees only the page's JS heap, not
 * the worker's nor the wasm memory. For child processes, `/usr/bin/time -v`'s maximum RSS.
 * More rows (compass, five_metrics with the Arquero and sql.js peers, panel_first_paint,
 * members_list_open, fit, cli_fit, long tasks): scale-page.ts (in the tab) and scale-extra.ts.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { KPI_STRIP } from '../src/lib/metrics/index.ts';
import { openNativeDriver } from '../workers/drivers/native.ts';
import { createEngine } from '../workers/engine.ts';
import { openBrowser, readTiles } from '../test/e2e/harness.ts';
import { DEFAULT_MEMORY_LIMIT } from '../scripts/cli/open-engine.ts';
import { writeGbk, writeGzip, writeParquet, writeParts, writeXlsx } from './synthetic-formats.ts';
import { DATA_DIR, rejectedRowsOf, sizeLabel, STORES, writeSyntheticOrders, YEAR } from './synthetic-orders.ts';
import { loadNativeOrders } from './native-orders.ts';
import { ChildFailure, cliFitRow, cliFitRuns, extraMeasures, failedRow, type ExtraRow } from './scale-extra.ts';
import type { Page } from 'playwright-core';
import { ALL_IDS, markPhase, pageMeasures, type PageMeasures } from './scale-page.ts';
import { PEER_PARAMS } from './peers/five-metrics.ts';

export interface ScaleRow {
  size: string;
  measure: 'import' | 'refresh' | 'cli_report' | 'compass_in_tab' | FormatMeasure | CliInputMeasure;
  ours_ms: number | null;
  native_ms: number | null;
  wasm_raw_ms: number | null;
  arquero_ms: null;
  sqljs_ms: null;
  peak_mb: number | null;
  native_peak_mb?: number | null;
  note?: string;
  runs: number;
}

export type BenchRow = ScaleRow | ExtraRow;

/** The same orders in another format through the same browser import (opt-in with --only): against the UTF-8 CSV import of the same run. */
export const FORMAT_MEASURES = { import_gbk: writeGbk, import_xlsx: writeXlsx, import_parquet: writeParquet } as const;
type FormatMeasure = keyof typeof FORMAT_MEASURES;
/** `store-compass report` on the same orders as .csv.gz, Parquet and a folder of 12 files (opt-in with --only): against the plain CSV report. */
export const CLI_INPUT_MEASURES = {
  cli_report_gz: (csv: string) => writeGzip(csv),
  cli_report_parquet: (csv: string) => writeParquet(csv),
  cli_report_folder: (csv: string, rows: number) => writeParts(csv, rows),
} as const;
type CliInputMeasure = keyof typeof CLI_INPUT_MEASURES;

const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  return Math.round(s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2);
};
const max = (xs: number[]) => (xs.length ? Math.round(Math.max(...xs)) : null);

/** All descendants of a process (from /proc/<pid>/task/<tid>/children). */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        for (const c of readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
          out.push(Number(c));
          stack.push(Number(c));
        }
      } catch {
        /* the task ended */
      }
    }
  }
  return out;
}

/** Summed RSS (MB) of the browser's renderer processes. */
function rendererRssMb(browserPid: number): number {
  let kb = 0;
  for (const pid of descendants(browserPid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* the process ended */
    }
  }
  return kb / 1024;
}

/**
 * CPU seconds (user + system) the browser's renderer processes have used so far: the import's work is in the
 * renderer (the page and its worker), so the difference over an import is its CPU, which a loaded machine skews far
 * less than its wall time (issue 14's format ratios, session 10).
 */
function rendererCpuS(browserPid: number): number {
  let ticks = 0;
  for (const pid of descendants(browserPid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
    } catch {
      /* the process ended */
    }
  }
  return ticks / 100; // USER_HZ
}

/**
 * Samples renderer RSS until stopped; returns the peak in MB. The browser is a descendant of this
 * process (playwright spawns it; /usr/bin/chromium is a shell wrapper), and only one runs at a time.
 */
function memorySampler() {
  const pid = process.pid;
  let peak = 0;
  // Walking /proc for every Chromium thread is synchronous work in this process: once a second, not faster.
  const timer = pid ? setInterval(() => (peak = Math.max(peak, rendererRssMb(pid))), 1000) : undefined;
  return () => {
    if (timer) clearInterval(timer);
    if (pid) peak = Math.max(peak, rendererRssMb(pid));
    return pid ? peak : Number.NaN;
  };
}

/**
 * A child process under /usr/bin/time -v: wall ms, peak RSS MB and its stdout; with `stdoutFile` its
 * stdout goes to that file instead (a report at 100M orders is GBs of JSON: no pipe buffer holds it).
 */
export function timed(cmd: string[], timeoutMs = 30 * 60_000, stdoutFile?: string): { ms: number; peakMb: number; cpuS: number; stdout: string } {
  const t = performance.now();
  const fd = stdoutFile ? openSync(stdoutFile, 'w') : undefined;
  let r: SpawnSyncReturns<string>;
  try {
    r = spawnSync('/usr/bin/time', ['-v', ...cmd], { encoding: 'utf8', maxBuffer: 256 << 20, timeout: timeoutMs, stdio: ['ignore', fd ?? 'pipe', 'pipe'] });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const ms = performance.now() - t;
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '')?.[1] ?? Number.NaN);
  if (r.status !== 0) throw new ChildFailure(cmd, r.status, r.stderr ?? String(r.error), ms, kb / 1024);
  return { ms, peakMb: kb / 1024, cpuS: childCpuS(r.stderr ?? ''), stdout: r.stdout ?? '' };
}

/** User + system CPU seconds from `/usr/bin/time -v`'s report (on a shared machine, steadier than the wall). */
export const childCpuS = (report: string) =>
  Number(/User time \(seconds\): ([\d.]+)/.exec(report)?.[1] ?? Number.NaN) + Number(/System time \(seconds\): ([\d.]+)/.exec(report)?.[1] ?? Number.NaN);

/** Minutes a CLI child may take: 30, plus 2 a million orders (100M: 230 min). */
const cliTimeoutMs = (rows: number) => (30 + (2 * rows) / 1e6) * 60_000;

/** The native ceiling: DuckDB's own read_csv in a child, with the CLI's default memory limit and a spill folder. */
export const nativeRead = (file: string, rows: number) =>
  timed(['node', '--import', 'tsx', 'bench/native-read.ts', file, DEFAULT_MEMORY_LIMIT, `${DATA_DIR}/spill-native`], cliTimeoutMs(rows));

/** The start of a (possibly huge) JSON file: enough to see `"metrics": {`. */
function headOf(file: string, bytes = 1 << 20): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, readSync(fd, buf, 0, bytes, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** `store-compass report` on `inputs` (a file, several, a folder or glob), its JSON written to bench/.data (checked for metrics, size kept for the note). */
export function cliReport(inputs: string[], rows: number, tag: string): { ms: number; peakMb: number; cpuS: number; jsonMb: number } {
  const out = `${DATA_DIR}/report-${tag}.json`;
  const r = timed(['node', 'scripts/store-compass.mjs', 'report', ...inputs, '--from', `${YEAR}-10-03`, '--to', `${YEAR}-12-31`], cliTimeoutMs(rows), out);
  if (!/"metrics": \{/.test(headOf(out))) throw new Error(`store-compass report ${inputs.join(' ')} printed no metrics`);
  return { ms: r.ms, peakMb: r.peakMb, cpuS: r.cpuS, jsonMb: statSync(out).size / 2 ** 20 };
}

interface BrowserImportRun {
  importMs: number;
  previewMs: number;
  peakMb: number;
  /** Renderer CPU seconds from choosing the file to the import's outcome (rendererCpuS). */
  cpuS?: number;
  wasmRawMs: number;
  refreshMs: number[];
  /** The same clicks until the visible panel (the compass) is ready too: its own tiles may finish after the strip. */
  panelMs?: number[];
  /** --only refresh: each statement a store click sends, timed alone in the tab (see refreshProfile). */
  profile?: RefreshProfile;
  page: PageMeasures | null;
  /** compass_in_tab: every catalogue metric over the whole year, in the page after the import, and the renderers' peak meanwhile. */
  compassMs?: number;
  compassPeakMb?: number;
}

/** One fresh browser: import through the UI, the raw read_csv in the same tab, then store clicks. */
export async function browserImportRun(
  url: string,
  file: string,
  rows: number,
  importOnly = false,
  rawRead = true,
  compass = false,
  refreshOnly = false,
): Promise<BrowserImportRun> {
  const session = await openBrowser(new URL(url).origin);
  const { page } = session;
  // What the page said when an import fails (worker errors reach the console): quoted in the failure.
  const said: string[] = [];
  page.on('console', (m) => m.type() === 'error' && said.push(m.text().slice(0, 300)));
  page.on('pageerror', (e) => said.push(String(e).slice(0, 300)));
  page.on('crash', () => said.push('the page crashed'));
  try {
    await page.goto(url);
    await readTiles(page, 180_000);
    await page.goto(`${url}#import`);
    await markPhase(page, 'import');
    const stop = memorySampler();
    const cpu0 = rendererCpuS(process.pid);
    const t0 = performance.now();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-action="choose-files"]')]);
    await chooser.setFiles([file]);
    await page.waitForSelector('[data-import-file][data-status="ready"]', { timeout: 600_000 });
    const previewMs = performance.now() - t0;
    await page.click('[data-action="import"]');
    // A failed import is an outcome too: its text is the measurement (e.g. 10M in one tab).
    await page.waitForSelector('[data-import-outcome="done"], [data-import-outcome="failed"]', { timeout: 1_800_000 });
    const failed = await page.$('[data-import-outcome="failed"]');
    if (failed) throw new Error(`import failed after ${((performance.now() - t0) / 1000).toFixed(1)} s: ${(await failed.textContent())?.trim().replace(/\s+/g, ' ')}`);
    const importMs = performance.now() - t0;
    const cpuS = rendererCpuS(process.pid) - cpu0;
    const peakMb = stop();
    await markPhase(page, null);
    const report = await page.$eval('[data-import-report]', (e) => ['read', 'loaded', 'rejected'].map((k) => Number(e.getAttribute(`data-rows-${k}`))));
    const expected = [rows, rows - rejectedRowsOf(rows), rejectedRowsOf(rows)];
    if (report.join() !== expected.join()) throw new Error(`import report ${report} ≠ expected ${expected}`);
    let compassRun: Pick<BrowserImportRun, 'compassMs' | 'compassPeakMb'> = {};
    if (compass) {
      // Before the raw read_csv below: that second copy of the file must not decide whether the compass fits in the tab.
      const stopCompass = memorySampler();
      const compassMs = await page.evaluate(
        async ({ ids, params }) => {
          const engine = (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine;
          const t = performance.now();
          await engine.runMetrics(ids, params);
          return performance.now() - t;
        },
        { ids: ALL_IDS, params: PEER_PARAMS },
      );
      compassRun = { compassMs, compassPeakMb: stopCompass() };
    }
    if (!rawRead && !refreshOnly) return { importMs, previewMs, peakMb, cpuS, wasmRawMs: Number.NaN, refreshMs: [], page: null, ...compassRun };

    // DuckDB-WASM's own read_csv of the same file, in the same tab and engine (the in-tab ceiling).
    const rawRun = async () => {
      await page.evaluate(() => {
        const input = Object.assign(document.createElement('input'), { type: 'file', id: 'bench-raw-file' });
        document.body.append(input);
      });
      await page.setInputFiles('#bench-raw-file', file);
      const raw = await page.evaluate(async () => {
        const engine = (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine;
        return engine.benchReadCsv((document.getElementById('bench-raw-file') as HTMLInputElement).files![0]);
      });
      if (raw.rows !== rows) throw new Error(`raw read_csv read ${raw.rows} rows, expected ${rows}`);
      return raw as { ms: number };
    };
    // With the compass measured (10M), a raw read that does not fit (it reads the file as one string) costs only its own number.
    const raw = refreshOnly ? { ms: Number.NaN } : compass ? await rawRun().catch((e) => (console.error(`raw read_csv failed: ${e}`), { ms: Number.NaN })) : await rawRun();
    if (importOnly) return { importMs, previewMs, peakMb, cpuS, wasmRawMs: raw.ms, refreshMs: [], page: null, ...compassRun };

    // Filter clicks: each store in turn, then back to all stores; timed to the visible panel's tiles.
    await page.goto(`${url}#compass`);
    await readTiles(page, 600_000);
    // The panel's first answers (the store compass) done: the first click must not wait behind them.
    await page.waitForSelector('#content [data-panel="compass"][data-status="ready"]', { timeout: 600_000 });
    const refreshMs: number[] = [];
    const panelMs: number[] = [];
    await markPhase(page, 'refresh');
    for (const store of [STORES[0], STORES[1], '']) {
      const before = await page.getAttribute('[data-kpi-strip] [data-metric-id="orders"]', 'data-value');
      const t = performance.now();
      await page.selectOption('[data-filter="store"]', store);
      await page.waitForFunction(
        (prev) => {
          const orders = document.querySelector('[data-kpi-strip] [data-metric-id="orders"]')?.getAttribute('data-value');
          // Tiles of metrics the data cannot answer (no members table) stay empty: only the strip's orders tile and the page state are waited for.
          return !!orders && orders !== prev && document.querySelector('main')?.getAttribute('data-status') === 'ready';
        },
        before,
        { timeout: 600_000, polling: 16 },
      );
      refreshMs.push(performance.now() - t);
      await page.waitForFunction(() => document.querySelector('#content [data-panel="compass"]')?.getAttribute('data-status') === 'ready', undefined, {
        timeout: 600_000,
        polling: 16,
      });
      panelMs.push(performance.now() - t);
    }
    await markPhase(page, null);
    if (refreshOnly) {
      console.error(`refresh clicks: strip ${JSON.stringify(refreshMs.map(Math.round))} ms, panel ${JSON.stringify(panelMs.map(Math.round))} ms`);
      const profile = await refreshProfile(page).catch((e) => (console.error(`refresh profile failed: ${e}`), undefined));
      return { importMs, previewMs, peakMb, cpuS, wasmRawMs: raw.ms, refreshMs, panelMs, profile, page: null };
    }
    return { importMs, previewMs, peakMb, cpuS, wasmRawMs: raw.ms, refreshMs, panelMs, page: await pageMeasures(page) };
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}${said.length ? ` · page: ${said.slice(-3).join(' | ')}` : ''}`, { cause: e });
  } finally {
    await session.close();
  }
}

export interface RefreshProfile {
  /** The engine calls a store click posted (method and metric ids), in the order the worker got them. */
  calls: string[];
  /** Each statement of such a click run alone in the tab for another store (no cache hit): wall ms and the result's bytes. */
  statements: { call: string; id: string; ms: number; bytes: number }[];
}

/**
 * Where a store click's time goes: the calls it posts to the worker (recorded by a wrapper on
 * Worker.prototype.postMessage around one more click), then each metric of those calls asked alone
 * for a store not clicked before, so the worker's result cache does not answer.
 */
async function refreshProfile(page: Page): Promise<RefreshProfile> {
  await page.evaluate(() => {
    const g = globalThis as unknown as { __calls: { method: string; args: unknown[] }[]; __recording: boolean };
    g.__calls = [];
    g.__recording = true;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      const m = message as { type?: string; path?: string[]; argumentList?: { value?: unknown }[] } | null;
      // Comlink's wire values: { type: 'RAW', value }.
      if (g.__recording && m?.type === 'APPLY' && Array.isArray(m.path) && m.path[0] !== 'cancel')
        g.__calls.push({ method: m.path.join('.'), args: (m.argumentList ?? []).map((a) => a?.value) });
      return (post as (...a: unknown[]) => void).call(this, message, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
  const before = await page.getAttribute('[data-kpi-strip] [data-metric-id="orders"]', 'data-value');
  await page.selectOption('[data-filter="store"]', STORES[2]);
  await page.waitForFunction(
    (prev) =>
      document.querySelector('[data-kpi-strip] [data-metric-id="orders"]')?.getAttribute('data-value') !== prev &&
      document.querySelector('main')?.getAttribute('data-status') === 'ready',
    before,
    { timeout: 600_000, polling: 16 },
  );
  await page.waitForTimeout(1000);
  return page.evaluate(async (store) => {
    const g = globalThis as unknown as { __calls: { method: string; args: unknown[] }[]; __recording: boolean; storeCompass: { engine: any } };
    const statements: RefreshProfile['statements'] = [];
    const calls: string[] = [];
    g.__recording = false; // the profile's own calls below are not the click's
    for (const { method, args } of g.__calls.splice(0)) {
      const ids = method === 'runMetrics' ? (args[0] as string[]) : method === 'runMetric' ? [args[0] as string] : [];
      const params = args[1] as Record<string, unknown>;
      calls.push(`${method}(${ids.join(',')}${params ? ` ${params.from}→${params.to}` : ''})`);
      for (const id of ids) {
        const t = performance.now();
        const ipc: Uint8Array = await g.storeCompass.engine.runMetric(id, { ...params, stores: (params.stores as string[] | undefined)?.length ? [store] : [] });
        statements.push({ call: calls[calls.length - 1], id, ms: Math.round(performance.now() - t), bytes: ipc.byteLength });
      }
    }
    return { calls, statements };
  }, STORES[3]);
}

/** The row of a tab that failed to import or compute: how long it ran, its renderers' peak, and the error. */
function failedTab(size: string, e: unknown, ms: number, peakMb: number): ScaleRow {
  const text = (e instanceof Error ? e.message : String(e)).split('\n').slice(0, 3).join(' ').slice(0, 600);
  return {
    size,
    measure: 'compass_in_tab',
    ours_ms: null,
    native_ms: null,
    wasm_raw_ms: null,
    arquero_ms: null,
    sqljs_ms: null,
    peak_mb: peakMb,
    note: `failed after ${(ms / 1000).toFixed(1)} s at ${peakMb} MB renderer peak: ${text}`,
    runs: 1,
  };
}

/** The KPI strip's SQL for one store on native DuckDB, over the file loaded by read_csv and a plain projection. */
async function nativeRefreshMs(file: string): Promise<number> {
  const driver = await openNativeDriver(':memory:', { readable: [DATA_DIR] });
  try {
    const engine = await createEngine(driver);
    await loadNativeOrders(driver, file);
    const params = { from: `${YEAR}-10-03`, to: `${YEAR + 1}-01-01`, stores: [STORES[0]] };
    const t = performance.now();
    await engine.runMetrics([...KPI_STRIP], params);
    return performance.now() - t;
  } finally {
    driver.close();
  }
}

export async function scaleBench(sizes: number[], runs: number, url: string, log: (...a: unknown[]) => void, cliOnly = false, only?: string[]): Promise<BenchRow[]> {
  // --only import[,cli_report]: the import (and its peers' read_csv) without the refresh clicks and the page/peer rows;
  // --only refresh: the import, the store clicks and their per-statement profile (refreshProfile), no raw read_csv, page or peer rows.
  const wants = (m: string) => !only || only.includes(m);
  const rows: BenchRow[] = [];
  for (const n of sizes) {
    const size = sizeLabel(n);
    log(`scale ${size}: generating`);
    const file = await writeSyntheticOrders(n);
    const native = Array.from({ length: runs }, () => nativeRead(file, n));
    const nativeInner = native.map((r) => JSON.parse(r.stdout.trim().split('\n').pop()!).ms as number);
    log(`scale ${size}: native read_csv`, JSON.stringify(nativeInner.map(Math.round)));
    const pageRuns: PageMeasures[] = [];
    if (!cliOnly && (wants('import') || wants('refresh'))) {
      const browser: BrowserImportRun[] = [];
      const compass = !!only?.includes('compass_in_tab');
      for (let i = 0; i < runs; i++) {
        if (compass) {
          // 10M in one tab (issue 14): a crash or an error is the measurement, not the end of the bench.
          const stop = memorySampler();
          const t = performance.now();
          try {
            browser.push(await browserImportRun(url, file, n, true, true, true));
          } catch (e) {
            const peak = Math.round(stop());
            log(`scale ${size}: compass_in_tab failed`, String(e));
            rows.push({ ...failedTab(size, e, performance.now() - t, peak) });
            break;
          }
          stop();
        } else if (only?.includes('refresh')) browser.push(await browserImportRun(url, file, n, false, false, false, true));
        else browser.push(await browserImportRun(url, file, n, !!only));
        log(`scale ${size}: browser run ${i + 1}/${runs}`, JSON.stringify(browser[i]));
        const page = browser[i].page;
        if (page) pageRuns.push(page);
      }
      const nativeRefresh: number[] = [];
      for (let i = 0; i < runs && (!only || wants('refresh')); i++) nativeRefresh.push(await nativeRefreshMs(file));
      if (!browser.length) continue;
      if (compass)
        rows.push({
          size,
          measure: 'compass_in_tab',
          ours_ms: median(browser.map((b) => b.compassMs ?? Number.NaN)),
          native_ms: null,
          wasm_raw_ms: null,
          arquero_ms: null,
          sqljs_ms: null,
          peak_mb: max(browser.map((b) => Math.max(b.peakMb, b.compassPeakMb ?? 0))),
          note: `all ${ALL_IDS.length} catalogue metrics over ${PEER_PARAMS.from} → ${PEER_PARAMS.to} in the tab after the import (import ${((median(browser.map((b) => b.importMs)) ?? 0) / 1000).toFixed(1)} s at ${max(browser.map((b) => b.peakMb))} MB); peak = renderers' RSS over import and compass`,
          runs: browser.length,
        });
      const cpuOf = (runs: BrowserImportRun[]) => {
        const xs = runs.map((b) => b.cpuS ?? Number.NaN).sort((a, b) => a - b);
        return xs.length ? (xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2) : Number.NaN;
      };
      const csvCpu = cpuOf(browser);
      rows.push({
        size,
        measure: 'import',
        ours_ms: median(browser.map((b) => b.importMs)),
        native_ms: median(nativeInner),
        wasm_raw_ms: median(browser.map((b) => b.wasmRawMs)),
        arquero_ms: null,
        sqljs_ms: null,
        peak_mb: max(browser.map((b) => b.peakMb)),
        native_peak_mb: max(native.map((r) => r.peakMb)),
        ...(only && Number.isFinite(csvCpu) ? { note: `renderer CPU ${csvCpu.toFixed(2)} s (median; the runs ${browser.map((b) => b.cpuS?.toFixed(2)).join(' / ')})` } : {}),
        runs,
      });
      const csvMs = median(browser.map((b) => b.importMs));
      for (const [measure, write] of Object.entries(FORMAT_MEASURES) as [FormatMeasure, (csv: string) => Promise<string>][]) {
        if (!only?.includes(measure)) continue;
        const other = await write(file);
        const runsOf: BrowserImportRun[] = [];
        for (let i = 0; i < runs; i++) runsOf.push(await browserImportRun(url, other, n, true, false));
        log(`scale ${size}: ${measure}`, JSON.stringify(runsOf.map((b) => [Math.round(b.importMs), Math.round(b.peakMb), b.cpuS])));
        const ms = median(runsOf.map((b) => b.importMs));
        rows.push({
          size,
          measure,
          ours_ms: ms,
          native_ms: null,
          wasm_raw_ms: null,
          arquero_ms: null,
          sqljs_ms: null,
          peak_mb: max(runsOf.map((b) => b.peakMb)),
          note:
            `${(statSync(other).size / 2 ** 20).toFixed(0)} MB file; UTF-8 CSV import of the same run ${((csvMs ?? 0) / 1000).toFixed(2)} s: ${ms && csvMs ? (ms / csvMs).toFixed(2) : '–'}× the CSV path; ` +
            `renderer CPU ${cpuOf(runsOf).toFixed(2)} s vs ${csvCpu.toFixed(2)} s: ${(cpuOf(runsOf) / csvCpu).toFixed(2)}× (the runs ${runsOf.map((b) => b.cpuS?.toFixed(2)).join(' / ')})`,
          runs,
        });
      }
      if (!only || wants('refresh'))
        rows.push({
          size,
          measure: 'refresh',
          ours_ms: median(browser.flatMap((b) => b.refreshMs)),
          note: `until the compass panel's own tiles are ready too: ${median(browser.flatMap((b) => b.panelMs ?? []))} ms`,
          native_ms: median(nativeRefresh),
          wasm_raw_ms: null,
          arquero_ms: null,
          sqljs_ms: null,
          peak_mb: null,
          runs: runs * 3,
        });
    }
    if (wants('cli_report')) await cliReportRows(rows, size, file, n, runs, native, log, only);
    if (pageRuns.length && wants('cli_report')) rows.push(...(await extraMeasures(size, file, runs, pageRuns, median(native.map((r) => r.ms)), timed, log)));
    else if (cliOnly && wants('cli_fit'))
      // The out-of-core check (--cli-only) covers both commands: `fit` against the same native read_csv child.
      rows.push(cliFitRow(size, cliFitRuns(file, runs, timed, log, size, cliTimeoutMs(n)), median(native.map((r) => r.ms)), max(native.map((r) => r.peakMb))));
  }
  return rows;
}

/** The cli_report row of one size and, opted in with --only, its .csv.gz / Parquet / folder rows. */
async function cliReportRows(
  rows: BenchRow[],
  size: string,
  file: string,
  n: number,
  runs: number,
  native: { ms: number; peakMb: number; cpuS?: number }[],
  log: (...a: unknown[]) => void,
  only?: string[],
): Promise<void> {
  const cpuNote = (ours: { cpuS?: number }[]) =>
    `; CPU ${ours.map((r) => r.cpuS?.toFixed(1)).join(' / ')} s, native read_csv ${native.map((r) => r.cpuS?.toFixed(1)).join(' / ')} s`;
  let cli: ReturnType<typeof cliReport>[];
  try {
    cli = Array.from({ length: runs }, () => cliReport([file], n, size));
  } catch (e) {
    // A size the CLI cannot handle (e.g. 10M: one JS string per file) is a row that says so, not an aborted bench.
    if (!(e instanceof ChildFailure)) throw e;
    log(`scale ${size}: cli report failed`, e.message);
    rows.push(failedRow(size, 'cli_report', e, median(native.map((r) => r.ms)), max(native.map((r) => r.peakMb))));
    return;
  }
  log(`scale ${size}: cli report`, JSON.stringify(cli.map((r) => [Math.round(r.ms), Math.round(r.peakMb)])));
  rows.push({
    size,
    measure: 'cli_report',
    ours_ms: median(cli.map((r) => r.ms)),
    native_ms: median(native.map((r) => r.ms)),
    wasm_raw_ms: null,
    arquero_ms: null,
    sqljs_ms: null,
    peak_mb: max(cli.map((r) => r.peakMb)),
    native_peak_mb: max(native.map((r) => r.peakMb)),
    note: `${Math.round(cli[0].jsonMb)} MB of JSON written; native read_csv at the CLI's memory limit ${DEFAULT_MEMORY_LIMIT} (spilling)${cpuNote(cli)}`,
    runs,
  });
  for (const [measure, write] of Object.entries(CLI_INPUT_MEASURES) as [CliInputMeasure, (csv: string, rows: number) => Promise<string>][]) {
    if (!only?.includes(measure)) continue;
    const input = await write(file, n);
    const input_ = measure === 'cli_report_folder' ? [`${input}/part-*.csv`] : [input]; // the folder as a glob: the CLI reads both
    try {
      const r = Array.from({ length: runs }, () => cliReport(input_, n, `${size}-${measure}`));
      log(`scale ${size}: ${measure}`, JSON.stringify(r.map((x) => [Math.round(x.ms), Math.round(x.peakMb)])));
      const ms = median(r.map((x) => x.ms));
      const csvMs = median(cli.map((x) => x.ms));
      rows.push({
        size,
        measure,
        ours_ms: ms,
        native_ms: median(native.map((x) => x.ms)),
        wasm_raw_ms: null,
        arquero_ms: null,
        sqljs_ms: null,
        peak_mb: max(r.map((x) => x.peakMb)),
        native_peak_mb: max(native.map((x) => x.peakMb)),
        note: `${input_[0].replace(`${DATA_DIR}/`, '')}; ${ms && csvMs ? (ms / csvMs).toFixed(2) : '–'}× the plain CSV report's time (native = read_csv of the plain CSV)${cpuNote(r)}`,
        runs,
      });
    } catch (e) {
      if (!(e instanceof ChildFailure)) throw e;
      log(`scale ${size}: ${measure} failed`, e.message);
      rows.push(failedRow(size, measure, e, median(native.map((x) => x.ms)), max(native.map((x) => x.peakMb))));
    }
  }
}

/** Machine and versions for bench/results.md. */
export function machine(): string {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '?';
  const memGb = Math.round(Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1048576);
  const chromium = (() => {
    try {
      return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      return 'chromium ?';
    }
  })();
  const pkg = (name: string) => JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version as string;
  return `${cpu}, ${cpus().length} cores, ${memGb} GB · Node ${process.version} · ${chromium} · @duckdb/duckdb-wasm ${pkg('@duckdb/duckdb-wasm')} · @duckdb/node-api ${pkg('@duckdb/node-api')}`;
}

/**
 * The results table with ratios (ours / native, ours / wasm raw, peer / ours = how many times faster
 * ours is); `longest_task_*` rows are in ms with the count of tasks over 50 ms; notes below the table.
 */
export function resultsTable(rows: BenchRow[]): string {
  const ratio = (a: number | null | undefined, b: number | null | undefined) => (a !== null && a !== undefined && b ? `${(a / b).toFixed(1)}×` : '–');
  const s = (v: number | null | undefined) => (v === null || v === undefined ? '–' : (v / 1000).toFixed(2));
  const lines = [
    '| size | measure | ours s | native s | wasm raw s | ours/native | ours/wasm raw | peak MB | native peak MB | arquero s | sql.js s | arquero/ours | sql.js/ours |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const notes: string[] = [];
  for (const r of rows) {
    const x = r as ExtraRow;
    if (r.measure.startsWith('longest_task_')) {
      lines.push(`| ${r.size} | ${r.measure} | ${r.ours_ms ?? '–'} ms, ${x.long_tasks_over_50ms ?? '–'} tasks > 50 ms | | | | | | | | | | |`);
      continue;
    }
    // compass: ours runs every catalogue metric, the peers only five; their ratio is on the five_metrics row.
    const peerRatio = (peer: number | null) => (r.measure === 'compass' ? 'see five_metrics' : ratio(peer, r.ours_ms));
    lines.push(
      `| ${r.size} | ${r.measure} | ${s(r.ours_ms)} | ${s(r.native_ms)} | ${s(r.wasm_raw_ms)} | ${ratio(r.ours_ms, r.native_ms)} | ${ratio(r.ours_ms, r.wasm_raw_ms)} | ${r.peak_mb ?? '–'} | ${r.native_peak_mb ?? '–'} | ${s(r.arquero_ms)} | ${s(r.sqljs_ms)} | ${peerRatio(r.arquero_ms)} | ${peerRatio(r.sqljs_ms)} |`,
    );
    if (x.note) notes.push(`- ${r.size} ${r.measure}: ${x.note}`);
    if (x.arquero_peak_mb || x.sqljs_peak_mb)
      notes.push(`- ${r.size} ${r.measure}: peak RSS arquero ${x.arquero_peak_mb ?? '–'} MB, sql.js ${x.sqljs_peak_mb ?? '–'} MB (whole child process)`);
  }
  return [...lines, '', ...notes].join('\n').trimEnd();
}

/** Puts `table` into bench/results.md under the heading of `label` (replacing that section only). */
export function writeResults(path: string, label: string, table: string, note: string): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = '# Scale bench results (issue 14)\n\nWritten by `npm run bench -- --sizes ... --label NAME`; each label is one run.\n';
  }
  const start = `<!-- scale:${label} -->`;
  const end = `<!-- /scale:${label} -->`;
  const section = `${start}\n## ${label}\n\n${note}\n\n${table}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text = i >= 0 && j > i ? text.slice(0, i) + section + text.slice(j + end.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, text);
}
