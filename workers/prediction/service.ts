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
import { fitModels, type ModelsFit } from '../models/fit.ts';
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
  /** The predictions table name after making sure a fit ran on this dataset (default options); null when the data is too thin. */
  ensure(): Promise<string | null>;
  /** The predictions of the latest good fit on this dataset, without fitting; null when none was made yet. */
  published(): PublishedPredictions | null;
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
}

export function createPredictionService(driver: SqlDriver): PredictionService {
  const fits = new Map<string, Stored>();
  const holdouts = new Map<string, StoredHoldout>();
  let tableKey: string | null = null;
  let tableFit: Omit<PublishedPredictions, 'table'> = { months: 0, asOf: '' };
  let attempted = false;

  const summaries = async (stmt: ReturnType<typeof calibrationSummarySql>) => summaryRows(await driver.query(stmt));

  async function orderSpan(): Promise<{ first: string | null; last: string | null }> {
    const [row] = ipcToRows(await driver.query(sql`SELECT strftime(min(order_time)::DATE, '%Y-%m-%d') AS f, strftime(max(order_time)::DATE, '%Y-%m-%d') AS l FROM orders`));
    return { first: (row?.f as string | null) ?? null, last: (row?.l as string | null) ?? null };
  }

  async function fit(o: ResolvedPredictionOptions): Promise<Stored> {
    let t = performance.now();
    const lap = () => {
      const now = performance.now();
      const ms = now - t;
      t = now;
      return ms;
    };
    const rows = await summaries(calibrationSummarySql({ calibrationEnd: o.calibrationEnd, unit: o.unit, includeZeroAmount: o.includeZeroAmount }));
    const timings: PredictionTimings = { summaryMs: lap(), fitMs: 0, membersMs: 0, holdoutMs: 0 };
    const base = { options: o, timings, rows, csv: new Map<ModelName, string>() };
    if (rows.length === 0) return { ...base, status: 'no_members', detail: `No member purchases on or before ${o.calibrationEnd}.`, fit: null };
    const fitted = fitModels(rows);
    timings.fitMs = lap();
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

  /** Fits every model on data up to the split and checks each against (split, calibrationEnd]. */
  async function holdout(o: ResolvedPredictionOptions, skip: Partial<Record<ModelName, FittedModel>>): Promise<StoredHoldout> {
    const key = JSON.stringify([o.splitDate, o.calibrationEnd, o.unit, o.includeZeroAmount, Object.keys(skip)]);
    const cached = holdouts.get(key);
    if (cached) return cached;
    const horizon = holdoutLength(o.splitDate, o.calibrationEnd, o.unit);
    const rows =
      horizon > 0
        ? await summaries(calibrationSummarySql({ calibrationEnd: o.splitDate, unit: o.unit, holdoutEnd: o.calibrationEnd, includeZeroAmount: o.includeZeroAmount }))
        : [];
    const repeatBuyers = rows.reduce((n, s) => n + (s.x > 0 ? 1 : 0), 0);
    let result: StoredHoldout;
    if (horizon <= 0 || rows.length === 0) {
      result = {
        base: { splitDate: o.splitDate, horizon, repeatBuyers, models: [] },
        status: 'bad_split',
        detail: `The split date must fall after the first purchase and before ${o.calibrationEnd}.`,
        checks: null,
      };
    } else {
      const data = aggregateBgnbd(rows);
      // A model skipped on the full data (too many histories for Pareto/NBD in a tab) is skipped here
      // too: it cannot be chosen, so it is not compared. Only the fits' predictions are used: no standard errors.
      const fitted = Object.fromEntries(MODEL_NAMES.map((m) => [m, skip[m] ?? fitModel(m, data, { standardErrors: false })])) as Record<ModelName, FittedModel>;
      const checks = compareOnHoldout(fitted, rows, horizon, MIN_REPEAT_BUYERS);
      const models: HoldoutModelRow[] = MODEL_NAMES.map((m) => {
        const c = checks[m];
        if (!c.ok) return { model: m, status: fitted[m].converged ? 'thin' : 'not_converged', groups: [], total: null, relativeError: null, totalError: null, mae: null };
        return { model: m, status: 'ok', groups: c.groups, total: c.total, relativeError: c.relativeError, totalError: Math.abs(c.total.predicted - c.total.actual), mae: c.mae };
      });
      const firstReason = MODEL_NAMES.map((m) => checks[m]).find((c): c is Extract<HoldoutCheck, { ok: false }> => !c.ok);
      result = { base: { splitDate: o.splitDate, horizon, repeatBuyers, models }, status: null, detail: firstReason?.reason ?? '', checks };
    }
    holdouts.set(key, result);
    return result;
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

  async function predict(options: PredictionOptions, scope: MetricParams | null = null): Promise<PredictionResult> {
    attempted = true;
    const span = await orderSpan();
    const o = resolvePredictionOptions(options, span.last ?? options.calibrationEnd ?? '1970-01-01', span.first);
    const key = JSON.stringify([o.calibrationEnd, o.unit, o.months, o.monthlyDiscount, o.includeZeroAmount]);
    let stored = fits.get(key);
    if (!stored) fits.set(key, (stored = await fit(o)));
    let t = performance.now();
    // The models skipped on the full data, as they were skipped there.
    const skip = Object.fromEntries(MODEL_NAMES.flatMap((m) => (stored.fit?.models[m].skipped ? [[m, stored.fit.models[m]]] : [])));
    const h = await holdout(o, skip);
    const timings = { ...stored.timings, holdoutMs: stored.timings.holdoutMs || performance.now() - t };
    // The model is chosen on the holdout check at the split, then applied to the fit on all the data.
    const choice: ModelChoiceResult | null = stored.fit ? (({ chosen, rule }) => ({ chosen, rule }))(chooseModel(stored.fit.models, h.checks)) : null;
    let csv: string | null = null;
    if (stored.status === 'ok' && stored.fit && choice) {
      csv = stored.csv.get(choice.chosen) ?? null;
      if (!csv) {
        t = performance.now();
        csv = predictionsCsv(predictMembers(stored.fit, stored.rows, o, choice.chosen));
        stored.csv.set(choice.chosen, csv);
        timings.membersMs = performance.now() - t;
      }
    }
    if (!stored.timings.holdoutMs) stored.timings.holdoutMs = timings.holdoutMs;
    if (!stored.timings.membersMs) stored.timings.membersMs = timings.membersMs;
    await publish(`${key}|${choice?.chosen}`, csv, { months: o.months, asOf: o.calibrationEnd });
    const inScope = scope ? sql`WHERE member_id IN (SELECT member_id FROM (${modelScopeSql(scope)}))` : raw('');
    const predictions = csv ? await driver.query(sql`SELECT * FROM ${ident(PREDICTIONS_TABLE)} ${inScope} ORDER BY member_id`) : null;
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

  return {
    predict,
    async ensure() {
      if (!attempted) await predict({});
      return tableKey ? PREDICTIONS_TABLE : null;
    },
    published: () => (tableKey ? { table: PREDICTIONS_TABLE, ...tableFit } : null),
    invalidate() {
      fits.clear();
      holdouts.clear();
      tableKey = null;
      attempted = false;
    },
  };
}
