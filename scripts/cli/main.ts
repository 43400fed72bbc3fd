/**
 * `store-compass` — the same metric definitions on native DuckDB, for data that outgrows a tab.
 *   store-compass report FILE... --from YYYY-MM-DD --to YYYY-MM-DD [--store S] [--channel C] [--basis days|orders] [--lifecycle a,b,c] [--count-zero-amount]
 *   store-compass fit FILE... --calibration-end YYYY-MM-DD --unit week|day [--holdout-end YYYY-MM-DD] [--count-zero-amount]
 */
import type { Writable } from 'node:stream';
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import { isEngineError, toEngineError } from '../../src/lib/engine/errors.ts';
import { toDisplaySql } from '../../src/lib/sql.ts';
import { openNativeDriver, type NativeDriver } from '../../workers/drivers/native.ts';
import { createEngine } from '../../workers/engine.ts';
import { allTables } from '../../workers/dataset/tables.ts';
import type { TableName } from '../../src/lib/schema.ts';
import { filterWarnings, filterWarningText, missingTables } from '../../src/lib/view/filter-warnings.ts';
import { METRICS, type MetricDefinition } from '../../src/lib/metrics/index.ts';
import { validateParams, type MetricParams } from '../../src/lib/metrics/params.ts';
import { matchedEffects } from '../../src/lib/campaigns/matched-effects.ts';
import { campaignEffects, type MemberOutcomeRow } from '../../src/lib/campaigns/report.ts';
import type { Engine } from '../../workers/engine.ts';
import { DEFAULT_MEMORY_LIMIT, openCliEngine, type CliDriver } from './open-engine.ts';
import { sharedSnapshots } from './shared-sql.ts';
import { runFit, summaryReader } from './fit.ts';
import { StreamedRows, writeJson } from './write-json.ts';
import { loadFiles, summariseReport } from './load-files.ts';
import { parseDate } from '../../workers/import/values.ts';

const USAGE = `usage:
  store-compass report FILE... --from YYYY-MM-DD --to YYYY-MM-DD [--store NAME]... [--channel online|offline]
                [--basis days|orders] [--lifecycle 90,180,365] [--count-zero-amount] [--response-days 30] [--margin 0.4]
  store-compass fit FILE... --calibration-end YYYY-MM-DD --unit week|day [--holdout-end YYYY-MM-DD] [--count-zero-amount]
  FILE: a CSV/TSV/TXT (or .gz), XLSX or Parquet file, a folder of them, or a glob such as 'orders-2025-*.csv.gz'
  [--memory-limit ${DEFAULT_MEMORY_LIMIT}] [--temp-dir DIR]: DuckDB's memory before it spills to DIR (default: a folder in the system temp);
  each run spills into its own new folder inside DIR, removed at the end
  [--threads N]: DuckDB's threads (default: one per core; 1, with the tables in a database file in the spill folder, when the files are larger than a quarter of --memory-limit)`;

class UsageError extends Error {}

export interface ReportWarning {
  code: 'filter_no_column' | 'filter_unknown_value' | 'missing_table';
  message: string;
  filter?: string;
  value?: string;
  table?: string;
  /** The metrics that read the missing table (their values are 0 or null). */
  metrics?: string[];
}

/** What the data cannot answer: filters that match nothing, metrics whose tables are empty (their values read 0 or null). */
async function reportWarnings(engine: Engine, params: MetricParams): Promise<ReportWarning[]> {
  const data = await engine.dataset();
  const out: ReportWarning[] = filterWarnings(params, data).map((w) => ({
    code: w.reason === 'no_column' ? 'filter_no_column' : 'filter_unknown_value',
    message: filterWarningText(w, 'en'),
    filter: w.filter,
    value: w.value,
  }));
  const byTable = new Map<string, string[]>();
  for (const metric of METRICS) for (const t of missingTables(metric, data.tables)) byTable.set(t, [...(byTable.get(t) ?? []), metric.id]);
  for (const [table, metrics] of byTable) {
    // Nearly every metric joins members for the tier filter: say what is really lost rather than list them all.
    const message =
      table === 'members'
        ? 'No members table: tier filters, tiers, birthdays and home stores are unavailable; member-based counts use order data only'
        : `No rows in ${table}: ${metrics.join(', ')} cannot be computed (their values are 0 or null)`;
    out.push({ code: 'missing_table', table, metrics, message });
  }
  return out;
}

/** node's parseArgs, with an unknown option or a missing value as a usage error (exit 2). */
function parseArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof nodeParseArgs<T>> {
  try {
    return nodeParseArgs(config);
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  }
}

/** A real calendar day written YYYY-MM-DD (2025-13-45 is not one), checked before any data is read. */
function checkDates(values: Record<string, unknown>): void {
  for (const option of ['from', 'to', 'calibration-end', 'holdout-end']) {
    const v = values[option];
    if (typeof v === 'string' && !(/^\d{4}-\d{2}-\d{2}$/.test(v) && parseDate(v) === v)) {
      throw new UsageError(`--${option}: invalid date "${v}" (expected a real day as YYYY-MM-DD)\n${USAGE}`);
    }
  }
}

/** Per-member tables the report itself computes from (campaign_effects, matched_effects): read whole even when streaming. */
const COMPUTED_FROM = new Set(['campaign_member_outcomes', 'did_member_outcomes', 'community_member_outcomes']);

/** How a run hands table metrics to its consumer: whole arrays (main), or read from DuckDB in pieces of `chunkRows` rows while written (run). */
export interface StreamOptions {
  chunkRows: number;
  /** Told of every piece read (tests count them). */
  onChunk?: (metricId: string, rows: number) => void;
}

/** Rows per piece of a streamed table: a few MB of row objects at a time. */
export const CHUNK_ROWS = 10_000;

/** A table metric's rows, piece by piece from DuckDB's streaming result (nothing else runs on the connection meanwhile: the writer consumes it alone). */
function streamedRows(driver: NativeDriver, metric: MetricDefinition, params: MetricParams, stream: StreamOptions): StreamedRows {
  return new StreamedRows(async function* () {
    const stmt = metric.sql(params);
    try {
      for await (const rows of driver.queryChunks(stmt, stream.chunkRows)) {
        stream.onChunk?.(metric.id, rows.length);
        yield rows;
      }
    } catch (e) {
      throw toEngineError(e, 'sql', toDisplaySql(stmt));
    }
  });
}

/**
 * Metrics whose every row comes from one table's rows (their SQL reads FROM that table, or FROM surveysIn, and only
 * joins the others to it). With that table empty their answer is the SQL's over empty tables, whatever the
 * orders hold: the report takes it from an engine with every table empty instead of scanning the orders (issue 14:
 * at 10M orders without surveys or benefits, nps_by_rfm still scored every buyer, ~37 s, and the two benefit
 * statements listed every purchase day and order id, ~50 s). test/unit/cli/report-sharing.test.ts checks each
 * answer against the catalogue's SQL over orders with the table empty.
 */
export const DRIVEN_BY: Readonly<Record<string, TableName>> = {
  survey_responses: 'surveys',
  nps: 'surveys',
  csat: 'surveys',
  nps_by: 'surveys',
  top_tier_detractors: 'surveys',
  nps_by_rfm: 'surveys',
  benefit_funnel: 'benefits',
  benefit_use_trend: 'benefits',
};

/** How a report computes: `share` materialises subqueries used more than once; `skipEmpty` answers DRIVEN_BY metrics over an empty table from an empty engine. Both default on (off: tests compare). */
export interface ReportPlan {
  share: boolean;
  skipEmpty: boolean;
}

/** The answers of `ids` over tables that are all empty: the catalogue's SQL in a new in-memory engine with nothing loaded. */
export async function emptyAnswers(ids: readonly string[], params: MetricParams): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  if (!ids.length) return out;
  const driver = await openNativeDriver(':memory:', { tempDirectory: '', memoryLimit: '256MB', threads: 1 });
  try {
    const empty = await createEngine(driver);
    await empty.loadTables(allTables({}), 'empty');
    for (const id of ids) out.set(id, await empty.runMetric(id, params));
  } finally {
    driver.close();
  }
  return out;
}

/** Every catalogue metric for the period: scalars as numbers, table metrics as arrays of rows (or StreamedRows when streaming). */
async function report(
  engine: Engine,
  driver: CliDriver,
  params: MetricParams,
  stream?: StreamOptions,
  plan: ReportPlan = { share: true, skipEmpty: true },
): Promise<Record<string, unknown>> {
  const metrics: Record<string, unknown> = {};
  try {
    validateParams(params); // what engine.runMetric checks before its SQL (the streamed, shared and skipped statements bypass it)
  } catch (e) {
    throw toEngineError(e, 'bad_params');
  }
  const { tables } = await engine.dataset();
  const skipped = plan.skipEmpty ? METRICS.filter((m) => DRIVEN_BY[m.id] && !(tables[DRIVEN_BY[m.id]] > 0)).map((m) => m.id) : [];
  const answers = await emptyAnswers(skipped, params);
  const computed = METRICS.filter((m) => !answers.has(m.id));
  // One RFM snapshot inside four metrics: built once into a table they all read (shared-sql.ts).
  if (plan.share) for (const fragment of sharedSnapshots(computed, params)) await driver.share(fragment);
  for (const metric of METRICS) {
    const answer = answers.get(metric.id);
    if (!answer && stream && metric.shape !== 'scalar' && !COMPUTED_FROM.has(metric.id)) {
      metrics[metric.id] = streamedRows(driver, metric, params, stream);
      continue;
    }
    const rows = ipcToRows(answer ?? (await engine.runMetric(metric.id, params)));
    metrics[metric.id] = metric.shape === 'scalar' ? (rows[0]?.value ?? null) : rows;
  }
  return metrics;
}

/** What a command's load builds: the fit reads only `orders` (its calibration summary), so no order facts' sort, tiers or store days (~1.2 s CPU at 1M). */
export const loadOptionsFor = (command: string): { facts: boolean } => ({ facts: command !== 'fit' });

/** The command's result as one object, table metrics as whole arrays (tests and callers in Node). */
export const main = (argv: string[], plan?: ReportPlan): Promise<object> => execute(argv, async (result) => result, undefined, plan);

/**
 * Parses, loads and runs the command, then hands the result to `use` while the engine is still
 * open (streamed tables read from it as they are written).
 */
async function execute<T>(argv: string[], use: (result: object) => Promise<T>, stream?: StreamOptions, plan?: ReportPlan): Promise<T> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      store: { type: 'string', multiple: true },
      channel: { type: 'string', multiple: true },
      basis: { type: 'string', default: 'days' },
      lifecycle: { type: 'string' },
      'count-zero-amount': { type: 'boolean', default: false },
      'response-days': { type: 'string' },
      margin: { type: 'string' },
      'calibration-end': { type: 'string' },
      'holdout-end': { type: 'string' },
      unit: { type: 'string', default: 'week' },
      help: { type: 'boolean', short: 'h' },
      'memory-limit': { type: 'string' },
      'temp-dir': { type: 'string' },
      threads: { type: 'string' },
    },
  });
  checkDates(values);
  const [command, ...files] = positionals;
  if (values.help || !command) throw new UsageError(USAGE);
  if (files.length === 0) throw new UsageError(`no input files\n${USAGE}`);

  const memoryLimit = values['memory-limit'];
  if (memoryLimit !== undefined && !/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit))
    throw new UsageError(`--memory-limit needs a size such as 2GB or 512MB\n${USAGE}`);
  // Native DuckDB spills to disk past its memory limit: this is the out-of-core path.
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new UsageError(`--threads needs a whole number ≥ 1\n${USAGE}`);
  const { driver, engine } = await openCliEngine(files, { memoryLimit, tempDirectory: values['temp-dir'], threads });
  try {
    const imports = (await loadFiles(engine, files, loadOptionsFor(command))).map(summariseReport);
    if (command === 'report') {
      if (!values.from || !values.to) throw new UsageError(`report needs --from and --to\n${USAGE}`);
      if (values.basis !== 'days' && values.basis !== 'orders') throw new UsageError(`--basis must be days or orders\n${USAGE}`);
      const params: MetricParams = {
        from: values.from,
        to: values.to,
        stores: values.store,
        channels: values.channel,
        repurchaseBasis: values.basis,
        countZeroAmount: values['count-zero-amount'],
      };
      if (values['response-days'] !== undefined) {
        params.responseDays = Number(values['response-days']);
        if (!(Number.isInteger(params.responseDays) && params.responseDays > 0 && params.responseDays <= 365))
          throw new UsageError(`--response-days needs whole days in 1–365\n${USAGE}`);
      }
      if (values.margin !== undefined) {
        params.grossMargin = Number(values.margin);
        if (!(params.grossMargin > 0 && params.grossMargin <= 1)) throw new UsageError(`--margin needs a gross margin in (0, 1], e.g. 0.4\n${USAGE}`);
      }
      if (values.lifecycle) {
        const [active, atRisk, dormant] = values.lifecycle.split(',').map(Number);
        if (!(active > 0 && atRisk > active && dormant > atRisk)) throw new UsageError(`--lifecycle needs three increasing day counts, e.g. 90,180,365\n${USAGE}`);
        params.lifecycle = { active, atRisk, dormant };
      }
      const warnings = await reportWarnings(engine, params);
      const definitions = { repurchaseBasis: params.repurchaseBasis, countZeroAmount: params.countZeroAmount };
      const metrics = await report(engine, driver, params, stream, plan);
      // Intervals, verdicts and the ranking from the same rows and the same code as the browser panel.
      const outcomes = metrics.campaign_member_outcomes as MemberOutcomeRow[];
      const campaign_effects = campaignEffects(outcomes, params.grossMargin);
      const matched_effects = matchedEffects(metrics.did_member_outcomes as unknown[], metrics.community_member_outcomes as unknown[], params.grossMargin);
      return await use({ command, period: { from: values.from, to: values.to }, definitions, imports, warnings, metrics, campaign_effects, matched_effects });
    }
    if (command === 'fit') {
      const calibrationEnd = values['calibration-end'];
      const unit = values.unit;
      if (!calibrationEnd) throw new UsageError(`fit needs --calibration-end\n${USAGE}`);
      if (unit !== 'week' && unit !== 'day') throw new UsageError(`--unit must be week or day\n${USAGE}`);
      return await use({
        command,
        imports,
        ...(await runFit(
          engine,
          { calibrationEnd, unit, holdoutEnd: values['holdout-end'], includeZeroAmount: values['count-zero-amount'] },
          { readSummary: summaryReader(driver) },
        )),
      });
    }
    throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  } finally {
    driver.close();
  }
}

/**
 * Entry: prints JSON on `out` (stdout), errors on stderr with a non-zero exit code. Per-member
 * tables stream from DuckDB to the writer, so memory stays bounded whatever the file size; the
 * text is the same as JSON.stringify(main(argv), null, 2).
 */
export async function run(argv: string[], out: Writable = process.stdout, stream: StreamOptions = { chunkRows: CHUNK_ROWS }): Promise<void> {
  try {
    await execute(argv, (result) => writeJson(result, out), stream);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 2;
    } else {
      const detail = isEngineError(e) && e.detail ? `\n${e.detail}` : '';
      process.stderr.write(`store-compass: ${e instanceof Error ? e.message : String(e)}${detail}\n`);
      process.exitCode = 1;
    }
  }
}
