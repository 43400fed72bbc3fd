/**
 * The prediction service inside the engine: calibration SQL → BG/NBD + Gamma-Gamma fit (the same
 * pieces as the CLI's runFit) → per-member P(alive), expected purchases and CLV, plus a holdout
 * check at a split date. Fits are cached per dataset and options; the latest good fit's predictions
 * are kept in a table so member lists can join them.
 */
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import { calibrationSummarySql, holdoutLength } from '../../src/lib/models/calibration.ts';
import {
  type PredictionTimings,
  MIN_REPEAT_BUYERS,
  resolvePredictionOptions,
  type HoldoutResult,
  type PredictionOptions,
  type PredictionResult,
  type ResolvedPredictionOptions,
} from '../../src/lib/members/prediction.ts';
import { ident, sql } from '../../src/lib/sql.ts';
import type { SqlDriver } from '../drivers/driver.ts';
import { fitBgnbd } from '../models/bgnbd.ts';
import { fitModels } from '../models/fit.ts';
import { holdoutCheck } from '../models/holdout.ts';
import type { CalibrationSummary } from '../models/types.ts';
import { predictMembers, predictionsCsv } from './per-member.ts';

/** The table member lists join for P(alive) and CLV. */
export const PREDICTIONS_TABLE = '_member_predictions';

export interface PredictionService {
  predict(options: PredictionOptions): Promise<PredictionResult>;
  /** The predictions table name after making sure a fit ran on this dataset (default options); null when the data is too thin. */
  ensure(): Promise<string | null>;
  /** Forgets every fit: the data changed. */
  invalidate(): void;
}

type Stored = Omit<PredictionResult, 'predictions'> & { csv: string | null };

export function createPredictionService(driver: SqlDriver): PredictionService {
  const fits = new Map<string, Stored>();
  const holdouts = new Map<string, HoldoutResult>();
  let tableKey: string | null = null;
  let attempted = false;

  const summaries = async (stmt: ReturnType<typeof calibrationSummarySql>) =>
    ipcToRows(await driver.query(stmt)) as unknown as CalibrationSummary[];

  async function lastDay(): Promise<string | null> {
    const [row] = ipcToRows(await driver.query(sql`SELECT strftime(max(order_time)::DATE, '%Y-%m-%d') AS d FROM orders`));
    return (row?.d as string | null) ?? null;
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
    const base = { options: o, fit: null, csv: null, timings };
    if (rows.length === 0) return { ...base, status: 'no_members', detail: `No member purchases on or before ${o.calibrationEnd}.`, holdout: await holdout(o) };
    const fitted = fitModels(rows);
    timings.fitMs = lap();
    // Thin data first: it is the root cause when a fit on a handful of repeat buyers also fails to converge.
    const status = fitted.repeatBuyers < MIN_REPEAT_BUYERS ? 'thin' : !fitted.bgnbd.converged ? 'not_converged' : 'ok';
    const detail =
      status === 'thin'
        ? `Only ${fitted.repeatBuyers} members bought again; at least ${MIN_REPEAT_BUYERS} are needed.`
        : status === 'not_converged'
          ? `BG/NBD fit stopped without converging (${fitted.bgnbd.reason}).`
          : '';
    const csv = status === 'ok' ? predictionsCsv(predictMembers(fitted, rows, o)) : null;
    timings.membersMs = lap();
    const checked = await holdout(o);
    timings.holdoutMs = lap();
    return { ...base, status, detail, fit: fitted, csv, holdout: checked };
  }

  async function holdout(o: ResolvedPredictionOptions): Promise<HoldoutResult> {
    const key = JSON.stringify([o.splitDate, o.calibrationEnd, o.unit, o.includeZeroAmount]);
    const cached = holdouts.get(key);
    if (cached) return cached;
    const horizon = holdoutLength(o.splitDate, o.calibrationEnd, o.unit);
    const empty = { splitDate: o.splitDate, horizon, repeatBuyers: 0, groups: [], total: null, relativeError: null };
    let result: HoldoutResult;
    const rows = horizon > 0 ? await summaries(calibrationSummarySql({ calibrationEnd: o.splitDate, unit: o.unit, holdoutEnd: o.calibrationEnd, includeZeroAmount: o.includeZeroAmount })) : [];
    if (horizon <= 0 || rows.length === 0) {
      result = { ...empty, status: 'bad_split', detail: `The split date must fall after the first purchase and before ${o.calibrationEnd}.` };
    } else {
      const bg = fitBgnbd(rows);
      const repeatBuyers = rows.reduce((n, s) => n + (s.x > 0 ? 1 : 0), 0);
      const check = holdoutCheck(bg.params, bg.converged, rows, { horizon, minRepeatBuyers: MIN_REPEAT_BUYERS });
      if (check.ok) result = { ...empty, repeatBuyers, status: 'ok', detail: '', groups: check.groups, total: check.total, relativeError: check.relativeError };
      else result = { ...empty, repeatBuyers, status: bg.converged ? 'thin' : 'not_converged', detail: check.reason };
    }
    holdouts.set(key, result);
    return result;
  }

  /** Puts a fit's predictions in the table (or drops it when the fit has none). */
  async function publish(key: string, stored: Stored): Promise<void> {
    if (tableKey === key) return;
    if (!stored.csv) {
      await driver.exec(`DROP TABLE IF EXISTS "${PREDICTIONS_TABLE}"`);
      tableKey = null;
      return;
    }
    const path = await driver.registerText(`${PREDICTIONS_TABLE}.csv`, stored.csv);
    try {
      await driver.exec(
        `CREATE OR REPLACE TABLE "${PREDICTIONS_TABLE}" AS SELECT * FROM read_csv('${path}', header = true, auto_detect = false, ` +
          `delim = ',', quote = '"', escape = '"', columns = {'member_id': 'VARCHAR', 'x': 'DOUBLE', 'recency': 'DOUBLE', ` +
          `'p_alive': 'DOUBLE', 'expected_purchases': 'DOUBLE', 'next_purchase_days': 'DOUBLE', 'clv': 'DOUBLE'})`,
      );
    } finally {
      await driver.dropText(`${PREDICTIONS_TABLE}.csv`);
    }
    tableKey = key;
  }

  async function predict(options: PredictionOptions): Promise<PredictionResult> {
    attempted = true;
    const day = await lastDay();
    const o = resolvePredictionOptions(options, day ?? options.calibrationEnd ?? '1970-01-01');
    const key = JSON.stringify([o.calibrationEnd, o.unit, o.months, o.monthlyDiscount, o.includeZeroAmount]);
    let stored = fits.get(key);
    if (!stored) fits.set(key, (stored = await fit(o)));
    else if (stored.options.splitDate !== o.splitDate) stored = { ...stored, options: o, holdout: await holdout(o) };
    await publish(key, stored);
    const { csv, ...rest } = stored;
    const predictions = csv ? await driver.query(sql`SELECT * FROM ${ident(PREDICTIONS_TABLE)} ORDER BY member_id`) : null;
    return { ...rest, predictions };
  }

  return {
    predict,
    async ensure() {
      if (!attempted) await predict({});
      return tableKey ? PREDICTIONS_TABLE : null;
    },
    invalidate() {
      fits.clear();
      holdouts.clear();
      tableKey = null;
      attempted = false;
    },
  };
}
