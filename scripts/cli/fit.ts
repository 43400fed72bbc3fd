/**
 * `fit` command body: calibration summary SQL → BG/NBD, MBG/NBD, Pareto/NBD (+ Gamma-Gamma) fits
 * with standard errors, and with a holdout end the holdout comparison and the model choice, as JSON.
 */
import { Worker } from 'node:worker_threads';
import { calibrationSummarySql, holdoutLength, type CalibrationOptions } from '../../src/lib/models/calibration.ts';
import type { SqlStatement } from '../../src/lib/sql.ts';
import type { NativeDriver } from '../../workers/drivers/native.ts';
import type { Engine } from '../../workers/engine.ts';
import { aggregateBgnbd, type BgnbdData } from '../../workers/models/bgnbd-likelihood.ts';
import { chooseModel, compareOnHoldout } from '../../workers/models/choice.ts';
import { fitModels } from '../../workers/models/fit.ts';
import { fitModel, type FittedModel, type ModelName } from '../../workers/models/models.ts';
import type { CalibrationSummary } from '../../workers/models/types.ts';

/** calibrationEnd (inclusive), unit, optional holdoutEnd (adds the holdout comparison) and includeZeroAmount. */
export type FitArgs = CalibrationOptions;

/**
 * Distinct (x, t_x, T) histories from which Pareto/NBD is fitted in a worker thread, beside the other
 * models on this thread: it is the costliest fit by far (1M orders: 118k histories, ~14 of ~22 s of the
 * fits' CPU), and the same code on the same numbers gives the same fit. Below it a thread's start costs more than it saves.
 */
export const THREAD_PARETO_HISTORIES = 5_000;

export interface FitRunOptions {
  /** Histories from which Pareto/NBD is fitted in a worker thread (default THREAD_PARETO_HISTORIES; Infinity: never). */
  threadFrom?: number;
  /**
   * How the calibration summary's rows are read (default: engine.rows, the Arrow IPC round trip). The command
   * passes summaryReader(driver): the model columns straight from DuckDB's chunks.
   */
  readSummary?: (stmt: SqlStatement) => Promise<CalibrationSummary[]>;
}

/**
 * The calibration summary's model columns (x, t_x, T, monetary and x_holdout when asked for) without member_id, in the
 * summary's own row order (member id): what the fits read. The fits never read a member's id, and at 1M orders
 * (190,978 members) turning the ids to JS strings and every row through Arrow IPC and back cost ~1.7 of ~2.6 s CPU (session 15).
 */
export const modelColumnsSql = (args: FitArgs): SqlStatement => calibrationSummarySql(args, { memberId: false });

/**
 * Rows of `stmt` read from native DuckDB's chunks as row objects (driver.queryChunks: the values ipcToRows(query(stmt))
 * gives, without encoding them to Arrow IPC and decoding them again).
 */
export function summaryReader(driver: Pick<NativeDriver, 'queryChunks'>): (stmt: SqlStatement) => Promise<CalibrationSummary[]> {
  return async (stmt) => {
    const rows: CalibrationSummary[] = [];
    for await (const piece of driver.queryChunks(stmt, 65_536)) for (const row of piece) rows.push(row as unknown as CalibrationSummary);
    return rows;
  };
}

/** `model`'s fit on `data` in a worker thread (scripts/cli/fit-worker.mjs); on this thread when the thread fails to start. */
function fitInThread(model: ModelName, data: BgnbdData): Promise<FittedModel> {
  return new Promise<FittedModel>((resolve, reject) => {
    const worker = new Worker(new URL('./fit-worker.mjs', import.meta.url), { workerData: { model, data } });
    worker.once('message', (fit: FittedModel) => {
      resolve(fit);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`fit worker exited with code ${code}`)));
  }).catch(() => fitModel(model, data));
}

/**
 * Runs the calibration SQL on the loaded `orders`, fits the models and returns a JSON-able report:
 * `models` (each with params, se, logLikelihood, converged), `bgnbd` (flat, as before), `gammaGamma`,
 * `holdout` (the chosen model's check) and `holdoutComparison` (every model's) when a holdout end is
 * given, and `choice` ({ chosen, rule }, see workers/models/choice.ts).
 */
export async function runFit(engine: Engine, args: FitArgs, { threadFrom = THREAD_PARETO_HISTORIES, readSummary }: FitRunOptions = {}): Promise<object> {
  const rows = readSummary ? await readSummary(modelColumnsSql(args)) : ((await engine.rows(calibrationSummarySql(args))) as unknown as CalibrationSummary[]);
  if (rows.length === 0) return { ...args, error: `No member purchases on or before ${args.calibrationEnd}.` };
  const data = aggregateBgnbd(rows);
  const pareto = data.count.length >= threadFrom ? fitInThread('pareto_nbd', data) : null;
  // Meanwhile BG/NBD and MBG/NBD here (Gamma-Gamma after them, in fitModels).
  const given: Partial<Record<ModelName, FittedModel>> = pareto ? { bgnbd: fitModel('bgnbd', data), mbgnbd: fitModel('mbgnbd', data) } : {};
  if (pareto) given.pareto_nbd = await pareto;
  // No in-tab limit here: the command line has the time to fit Pareto/NBD on any number of histories.
  const fit = fitModels(rows, { maxParetoHistories: Number.POSITIVE_INFINITY, given, data });
  const report: Record<string, unknown> = { ...args, ...fit };
  let checks = null;
  if (args.holdoutEnd) {
    const horizon = holdoutLength(args.calibrationEnd, args.holdoutEnd, args.unit);
    checks = compareOnHoldout(fit.models, rows, horizon);
    report.holdoutComparison = Object.fromEntries(Object.entries(checks).map(([m, c]) => [m, { horizon, ...c }]));
  }
  const { chosen, rule, comparison } = chooseModel(fit.models, checks);
  if (checks) report.holdout = { horizon: holdoutLength(args.calibrationEnd, args.holdoutEnd!, args.unit), ...checks[chosen] };
  report.choice = { chosen, rule, totalError: Object.fromEntries(comparison.map((c) => [c.model, c.totalError])) };
  return report;
}
