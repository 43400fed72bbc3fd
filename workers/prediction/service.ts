/**
 * The prediction service inside the engine: calibration SQL → BG/NBD, MBG/NBD, Pareto/NBD and
 * Gamma-Gamma fits (the same pieces as the CLI's runFit) → a holdout check of each model at a split
 * date → the model with the smallest total holdout error (workers/models/choice.ts) gives the
 * per-member P(alive), expected purchases and CLV. Fits are cached per dataset and options; the latest good fit's predictions
 * are kept in a table so member lists can join them.
 */
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import { calibrationSummarySql, holdoutLength } from '../../src/lib/models/calibration.ts';
import {
  type PredictionTimings,
  MIN_REPEAT_BUYERS,
  resolvePredictionOptions,
  type HoldoutModelRow,
  type HoldoutResult,
  type ModelChoiceResult,
  type PredictionOptions,
  type PredictionResult,
  type ResolvedPredictionOptions,
} from '../../src/lib/members/prediction.ts';
import { modelScopeSql } from '../../src/lib/members/targets.ts';
import type { MetricParams } from '../../src/lib/metrics/params.ts';
import { ident, quoteIdent, raw, sql } from '../../src/lib/sql.ts';
import type { SqlDriver } from '../drivers/driver.ts';
import { aggregateBgnbd } from '../models/bgnbd-likelihood.ts';
import { chooseModel, compareOnHoldout } from '../models/choice.ts';
import { fitModelsInSteps, type ModelsFit } from '../models/fit.ts';
import type { HoldoutCheck } from '../models/holdout.ts';
import { fitModel, MODEL_NAMES, type FittedModel, type ModelName } from '../models/models.ts';
import type { CalibrationSummary } from '../models/types.ts';
import { predictMembers, predictionsCsv } from './per-member.ts';
import { summaryRows } from './summary-rows.ts';

/** The table member lists join for P(alive) and CLV. */
export const PREDICTIONS_TABLE = '_member_predictions';

/** The predictions a fit has put in PREDICTIONS_TABLE: its table and CLV horizon. */
export interface PublishedPredictions {
  table: string;
  /** CLV horizon of the fit, months. */
  months: number;
  /** The fit's calibration end: the predictions look ahead from this day. */
  asOf: string;
}

export interface PredictionService {
  /** Fits on all the data; the returned predictions hold only the members in `scope` when given. */
  predict(options: PredictionOptions, scope?: MetricParams | null): Promise<PredictionResult>;
  /**
   * The same fit, holdout check and published predictions as predict, one step at a time (summary SQL,
   * fits, holdout SQL, holdout fits, per-member scores, publish), without the per-member result: a
   * background prefetch. Between steps `yieldNow()` is asked; true = stop there (every finished step is
   * kept, so the next call or a predict resumes after it) and resolve null. Otherwise the fit's status.
   */
  advance(options: PredictionOptions, yieldNow: () => boolean): Promise<PredictionResult['status'] | null>;
  /** The predictions table name after making sure a fit ran on this dataset (default options); null when the data is too thin. */
  ensure(): Promise<string | null>;
  /** The predictions of the latest good fit on this dataset, without fitting; null when none was made yet. */
  published(): PublishedPredictions | null;
  /** Which fit's predictions are in PREDICTIONS_TABLE (null: none): a list joined with them holds while it is the same. */
  publishedKey(): string | null;
  /** Forgets every fit: the data changed. */
  invalidate(): void;
}

/** A fit on the calibration period, with the rows it came from and per-model CSVs made on demand. */
interface Stored {
  options: ResolvedPredictionOptions;
  timings: PredictionTimings;
  status: PredictionResult['status'];
  detail: string;
  fit: ModelsFit | null;
  rows: CalibrationSummary[];
  csv: Map<ModelName, string>;
}

/** The holdout check of every model at one split: the per-model rows and the checks the choice reads. */
interface StoredHoldout {
  base: Omit<HoldoutResult, 'status' | 'detail' | 'groups' | 'total' | 'relativeError'>;
  status: HoldoutResult['status'] | null;
  detail: string;
  checks: Record<ModelName, HoldoutCheck> | null;
  /** Its summary SQL and fits, ms. */
  ms: number;
}

export function createPredictionService(driver: SqlDriver): PredictionService {
  const fits = new Map<string, Stored>();
  const holdouts = new Map<string, StoredHoldout>();
  let tableKey: string | null = null;
  let tableFit: Omit<PublishedPredictions, 'table'> = { months: 0, asOf: '' };
  let attempted = false;
  /** Bumped by invalidate: a run that yielded across a swap starts again instead of finishing with the old data's pieces. */
  let generation = 0;
  /** Calibration summaries read by a step whose fit has not run yet (a run that yielded between the two). */
  const pendingRows = new Map<string, CalibrationSummary[]>();

  const summaries = async (stmt: ReturnType<typeof calibrationSummarySql>) => summaryRows(await driver.query(stmt));
  /** A summary read once per run: kept until the step that fits on it takes it. */
  async function summaryOnce(args: Parameters<typeof calibrationSummarySql>[0]): Promise<CalibrationSummary[]> {
    const key = JSON.stringify(args);
    let rows = pendingRows.get(key);
    if (!rows) pendingRows.set(key, (rows = await summaries(calibrationSummarySql(args))));
    return rows;
  }
  const takeRows = (args: Parameters<typeof calibrationSummarySql>[0]) => pendingRows.delete(JSON.stringify(args));

  async function orderSpan(): Promise<{ first: string | null; last: string | null }> {
    const [row] = ipcToRows(await driver.query(sql`SELECT strftime(min(order_time)::DATE, '%Y-%m-%d') AS f, strftime(max(order_time)::DATE, '%Y-%m-%d') AS l FROM orders`));
    return { first: (row?.f as string | null) ?? null, last: (row?.l as string | null) ?? null };
  }

  const calibrationArgs = (o: ResolvedPredictionOptions) => ({ calibrationEnd: o.calibrationEnd, unit: o.unit, includeZeroAmount: o.includeZeroAmount });
  /** Generator steps in progress (a fit that yielded between two models) and the ms spent in them so far. */
  interface Steps<T> {
    steps: Generator<unknown, T>;
    ms: number;
  }
  const fitting = new Map<string, Steps<Stored>>();
  const holdingOut = new Map<string, Steps<StoredHoldout>>();
  /** Runs `s` to its end, asking `stop()` between steps (true: null, the generator kept in `pending` for the next call). */
  function advanceSteps<T>(pending: Map<string, Steps<T>>, key: string, s: Steps<T>, stop: () => boolean): T | null {
    for (;;) {
      const t = performance.now();
      let step: IteratorResult<unknown, T>;
      try {
        step = s.steps.next();
      } catch (e) {
        pending.delete(key);
        throw e;
      } finally {
        s.ms += performance.now() - t;
      }
      if (step.done) {
        pending.delete(key);
        return step.value;
      }
      if (stop()) return null;
    }
  }

  /** Summary SQL time of a fit whose summary was read in an earlier step. */
  const summaryTimes = new Map<string, number>();

  /** The calibration summary (SQL): the fit's first step. */
  async function fitRows(o: ResolvedPredictionOptions): Promise<CalibrationSummary[]> {
    const args = calibrationArgs(o);
    const k = JSON.stringify(args);
    if (pendingRows.has(k)) return pendingRows.get(k)!;
    const t = performance.now();
    const rows = await summaryOnce(args);
    summaryTimes.set(k, performance.now() - t);
    return rows;
  }

  /** The fits on the calibration summary (JS), one model per step (fitModelsInSteps); fitMs is set by the caller. */
  function* fit(o: ResolvedPredictionOptions, rows: CalibrationSummary[]): Generator<unknown, Stored> {
    const args = calibrationArgs(o);
    takeRows(args);
    const timings: PredictionTimings = { summaryMs: summaryTimes.get(JSON.stringify(args)) ?? 0, fitMs: 0, membersMs: 0, holdoutMs: 0 };
    summaryTimes.delete(JSON.stringify(args));
    const base = { options: o, timings, rows, csv: new Map<ModelName, string>() };
    if (rows.length === 0) return { ...base, status: 'no_members', detail: `No member purchases on or before ${o.calibrationEnd}.`, fit: null };
    const fitted = yield* fitModelsInSteps(rows);
    const converged = MODEL_NAMES.filter((m) => fitted.models[m].converged);
    // Thin data first: it is the root cause when a fit on a handful of repeat buyers also fails to converge.
    const status = fitted.repeatBuyers < MIN_REPEAT_BUYERS ? 'thin' : converged.length === 0 ? 'not_converged' : 'ok';
    const detail =
      status === 'thin'
        ? `Only ${fitted.repeatBuyers} members bought again; at least ${MIN_REPEAT_BUYERS} are needed.`
        : status === 'not_converged'
          ? `No model fit converged (BG/NBD: ${fitted.bgnbd.reason}).`
          : '';
    return { ...base, status, detail, fit: fitted };
  }

  /**
   * Fits every model on data up to the split and checks each against (split, calibrationEnd]: the
   * summary SQL, then (unless `stop()` says to yield between the two: null) the fits.
   */
  async function holdout(o: ResolvedPredictionOptions, skip: Partial<Record<ModelName, FittedModel>>, stop: () => boolean = () => false): Promise<StoredHoldout | null> {
    const key = JSON.stringify([o.splitDate, o.calibrationEnd, o.unit, o.includeZeroAmount, Object.keys(skip)]);
    const cached = holdouts.get(key);
    if (cached) return cached;
    let pending = holdingOut.get(key);
    if (!pending) {
      const horizon = holdoutLength(o.splitDate, o.calibrationEnd, o.unit);
      const args = { calibrationEnd: o.splitDate, unit: o.unit, holdoutEnd: o.calibrationEnd, includeZeroAmount: o.includeZeroAmount };
      const t = performance.now();
      const rows = horizon > 0 ? await summaryOnce(args) : [];
      const sqlMs = performance.now() - t;
      if (stop()) return null;
      takeRows(args);
      holdingOut.set(key, (pending = { steps: holdoutFits(o, rows, horizon, skip), ms: sqlMs }));
    }
    const result = advanceSteps(holdingOut, key, pending, stop);
    if (!result) return null;
    result.ms = pending.ms;
    holdouts.set(key, result);
    return result;
  }

  /** The holdout's fits (one model per step) and checks on the summary at the split. */
  function* holdoutFits(
    o: ResolvedPredictionOptions,
    rows: CalibrationSummary[],
    horizon: number,
    skip: Partial<Record<ModelName, FittedModel>>,
  ): Generator<unknown, StoredHoldout> {
    const repeatBuyers = rows.reduce((n, s) => n + (s.x > 0 ? 1 : 0), 0);
    if (horizon <= 0 || rows.length === 0) {
      return {
        base: { splitDate: o.splitDate, horizon, repeatBuyers, models: [] },
        status: 'bad_split',
        detail: `The split date must fall after the first purchase and before ${o.calibrationEnd}.`,
        checks: null,
        ms: 0,
      };
    }
    const data = aggregateBgnbd(rows);
    // A model skipped on the full data (too many histories for Pareto/NBD in a tab) is skipped here
    // too: it cannot be chosen, so it is not compared. Only the fits' predictions are used: no standard errors.
    const fitted = {} as Record<ModelName, FittedModel>;
    for (const m of MODEL_NAMES) {
      fitted[m] = skip[m] ?? fitModel(m, data, { standardErrors: false });
      if (!skip[m]) yield m;
    }
    const checks = compareOnHoldout(fitted, rows, horizon, MIN_REPEAT_BUYERS);
    const models: HoldoutModelRow[] = MODEL_NAMES.map((m) => {
      const c = checks[m];
      if (!c.ok) return { model: m, status: fitted[m].converged ? 'thin' : 'not_converged', groups: [], total: null, relativeError: null, totalError: null, mae: null };
      return { model: m, status: 'ok', groups: c.groups, total: c.total, relativeError: c.relativeError, totalError: Math.abs(c.total.predicted - c.total.actual), mae: c.mae };
    });
    const firstReason = MODEL_NAMES.map((m) => checks[m]).find((c): c is Extract<HoldoutCheck, { ok: false }> => !c.ok);
    return { base: { splitDate: o.splitDate, horizon, repeatBuyers, models }, status: null, detail: firstReason?.reason ?? '', checks, ms: 0 };
  }

  /** The holdout result as shown: the chosen model's groups and totals, or the reason there are none. */
  function holdoutFor(h: StoredHoldout, chosen: ModelName): HoldoutResult {
    const row = h.base.models.find((m) => m.model === chosen);
    const status = h.status ?? row?.status ?? 'thin';
    const ok = status === 'ok';
    return {
      ...h.base,
      status,
      detail: ok ? '' : h.detail,
      groups: ok ? row!.groups : [],
      total: ok ? row!.total : null,
      relativeError: ok ? row!.relativeError : null,
    };
  }

  /** Puts a fit's predictions in the table (or drops it when the fit has none). */
  async function publish(key: string, csv: string | null, fit: Omit<PublishedPredictions, 'table'>): Promise<void> {
    if (tableKey === key) return;
    if (!csv) {
      await driver.exec(`DROP TABLE IF EXISTS ${quoteIdent(PREDICTIONS_TABLE)}`);
      tableKey = null;
      return;
    }
    const path = await driver.registerText(`${PREDICTIONS_TABLE}.csv`, csv);
    try {
      await driver.exec(
        `CREATE OR REPLACE TABLE ${quoteIdent(PREDICTIONS_TABLE)} AS SELECT * FROM read_csv('${path}', header = true, auto_detect = false, ` +
          `delim = ',', quote = '"', escape = '"', columns = {'member_id': 'VARCHAR', 'x': 'DOUBLE', 'recency': 'DOUBLE', ` +
          `'p_alive': 'DOUBLE', 'expected_purchases': 'DOUBLE', 'next_purchase_days': 'DOUBLE', 'clv': 'DOUBLE'})`,
      );
    } finally {
      await driver.dropText(`${PREDICTIONS_TABLE}.csv`);
    }
    tableKey = key;
    tableFit = fit;
  }

  /**
   * The fit, the holdout check, the chosen model's per-member scores and their table, step by step;
   * `stop()` is asked between steps (true: return null, the steps done so far kept). `scope` undefined:
   * no per-member result (a prefetch), else the members in scope (null = all).
   */
  async function run(options: PredictionOptions, scope: MetricParams | null | undefined, stop: () => boolean): Promise<PredictionResult | null> {
    const gen = generation;
    // A swap between two steps (they are separate engine calls when yielding): start again on the new data.
    const halt = () => gen !== generation || stop();
    const span = await orderSpan();
    const o = resolvePredictionOptions(options, span.last ?? options.calibrationEnd ?? '1970-01-01', span.first);
    const key = JSON.stringify([o.calibrationEnd, o.unit, o.months, o.monthlyDiscount, o.includeZeroAmount]);
    let stored = fits.get(key);
    if (!stored) {
      let pending = fitting.get(key);
      if (!pending) {
        const rows = await fitRows(o);
        if (halt()) return null;
        fitting.set(key, (pending = { steps: fit(o, rows), ms: 0 }));
      }
      const done = advanceSteps(fitting, key, pending, halt);
      if (!done) return null;
      done.timings.fitMs = pending.ms;
      fits.set(key, (stored = done));
      if (halt()) return null;
    }
    // The models skipped on the full data, as they were skipped there.
    const skip = Object.fromEntries(MODEL_NAMES.flatMap((m) => (stored.fit?.models[m].skipped ? [[m, stored.fit.models[m]]] : [])));
    const h = await holdout(o, skip, halt);
    if (!h) return null;
    const timings = { ...stored.timings, holdoutMs: stored.timings.holdoutMs || h.ms };
    // The model is chosen on the holdout check at the split, then applied to the fit on all the data.
    const choice: ModelChoiceResult | null = stored.fit ? (({ chosen, rule }) => ({ chosen, rule }))(chooseModel(stored.fit.models, h.checks)) : null;
    let csv: string | null = null;
    if (stored.status === 'ok' && stored.fit && choice) {
      csv = stored.csv.get(choice.chosen) ?? null;
      if (!csv) {
        if (halt()) return null;
        const t = performance.now();
        csv = predictionsCsv(predictMembers(stored.fit, stored.rows, o, choice.chosen));
        stored.csv.set(choice.chosen, csv);
        timings.membersMs = performance.now() - t;
      }
    }
    if (!stored.timings.holdoutMs) stored.timings.holdoutMs = timings.holdoutMs;
    if (!stored.timings.membersMs) stored.timings.membersMs = timings.membersMs;
    const publishKey = `${key}|${choice?.chosen}`;
    if (tableKey !== publishKey && halt()) return null;
    await publish(publishKey, csv, { months: o.months, asOf: o.calibrationEnd });
    attempted = true;
    let predictions: Uint8Array | null = null;
    if (csv && scope !== undefined) {
      const inScope = scope ? sql`WHERE member_id IN (SELECT member_id FROM (${modelScopeSql(scope)}))` : raw('');
      predictions = await driver.query(sql`SELECT * FROM ${ident(PREDICTIONS_TABLE)} ${inScope} ORDER BY member_id`);
    }
    return {
      options: o,
      timings,
      status: stored.status,
      detail: stored.detail,
      fit: stored.fit,
      choice,
      predictions,
      holdout: holdoutFor(h, choice?.chosen ?? 'bgnbd'),
    };
  }

  async function predict(options: PredictionOptions, scope: MetricParams | null = null): Promise<PredictionResult> {
    attempted = true;
    for (;;) {
      const result = await run(options, scope, () => false); // one call: no swap can come between its steps
      if (result) return result;
    }
  }

  return {
    predict,
    advance: async (options, yieldNow) => (await run(options, undefined, yieldNow))?.status ?? null,
    async ensure() {
      if (!attempted) await predict({});
      return tableKey ? PREDICTIONS_TABLE : null;
    },
    published: () => (tableKey ? { table: PREDICTIONS_TABLE, ...tableFit } : null),
    publishedKey: () => tableKey,
    invalidate() {
      generation++;
      fits.clear();
      holdouts.clear();
      pendingRows.clear();
      summaryTimes.clear();
      fitting.clear();
      holdingOut.clear();
      tableKey = null;
      attempted = false;
    },
  };
}
