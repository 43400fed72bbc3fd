/**
 * The prediction's numeric work, without SQL or DuckDB: the fits on the calibration summary, the
 * holdout's fits and checks at a split, and the chosen model's per-member scores as CSV. In the
 * browser it runs in the fit worker (workers/fit-worker.ts), so the engine worker answers other
 * panels' queries while the optimiser runs; in Node (CLI, tests) the same functions run in-process
 * (inProcessFitter). The engine only reads the summaries (SQL) and loads the scores (SQL).
 */
import { EngineError } from '../../src/lib/engine/errors.ts';
import { MIN_REPEAT_BUYERS, type HoldoutModelRow, type HoldoutResult, type PredictionResult, type ResolvedPredictionOptions } from '../../src/lib/members/prediction.ts';
import { aggregateBgnbd } from '../models/bgnbd-likelihood.ts';
import { compareOnHoldout } from '../models/choice.ts';
import { fitModelsInSteps, type ModelsFit } from '../models/fit.ts';
import type { HoldoutCheck } from '../models/holdout.ts';
import { fitModel, MODEL_NAMES, type FittedModel, type ModelName } from '../models/models.ts';
import type { CalibrationSummary } from '../models/types.ts';
import { predictMembers, predictionsCsv } from './per-member.ts';
import { summaryRowsOf, type SummaryColumns } from './summary-rows.ts';

/** The fits on all the data up to the calibration end, and what they say about it. */
export interface FitOutcome {
  status: PredictionResult['status'];
  detail: string;
  fit: ModelsFit | null;
}

/** The holdout check of every model at one split: the per-model rows and the checks the choice reads. */
export interface HoldoutOutcome {
  base: Omit<HoldoutResult, 'status' | 'detail' | 'groups' | 'total' | 'relativeError'>;
  status: HoldoutResult['status'] | null;
  detail: string;
  checks: Record<ModelName, HoldoutCheck> | null;
}

/** The numeric work behind one prediction, wherever it runs. */
export interface Fitter {
  /** The models' fits on the calibration summary (kept by the caller for the scores: the fitter must not change it). */
  fit(summary: SummaryColumns, calibrationEnd: string): Promise<FitOutcome>;
  /**
   * Fits every model on the summary at the split (with `x_holdout`) and checks each on the holdout; the
   * `skip` models are taken as given. `summary` is the fitter's from then on (it may be transferred).
   */
  holdout(summary: SummaryColumns, split: { splitDate: string; calibrationEnd: string; horizon: number }, skip: Partial<Record<ModelName, FittedModel>>): Promise<HoldoutOutcome>;
  /** The per-member predictions of `model` as CSV for read_csv (predictionsCsv), text or its UTF-8 bytes. */
  score(summary: SummaryColumns, fit: ModelsFit, options: ResolvedPredictionOptions, model: ModelName): Promise<string | Uint8Array>;
  /**
   * Abandons every piece of work in flight (the data it was asked for was replaced): each one's promise
   * rejects with EngineError 'cancelled' at once, and the work itself stops at its next step (the fit
   * worker: between two models' fits). Work asked afterwards runs as usual.
   */
  cancel?(): void;
}

/** A piece of the fitter's work one step at a time (a model's fit is a step): stoppable between steps. */
type Steps<T> = Generator<unknown, T>;

/** Runs `steps` to the end on this thread, at once. */
function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export const fitOn = (rows: readonly CalibrationSummary[], calibrationEnd: string): FitOutcome => runSteps(fitSteps(rows, calibrationEnd));

function* fitSteps(rows: readonly CalibrationSummary[], calibrationEnd: string): Steps<FitOutcome> {
  if (rows.length === 0) return { status: 'no_members', detail: `No member purchases on or before ${calibrationEnd}.`, fit: null };
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
  return { status, detail, fit: fitted };
}

type Split = { splitDate: string; calibrationEnd: string; horizon: number };

export const holdoutOn = (rows: readonly CalibrationSummary[], split: Split, skip: Partial<Record<ModelName, FittedModel>>): HoldoutOutcome =>
  runSteps(holdoutSteps(rows, split, skip));

function* holdoutSteps(rows: readonly CalibrationSummary[], { splitDate, calibrationEnd, horizon }: Split, skip: Partial<Record<ModelName, FittedModel>>): Steps<HoldoutOutcome> {
  const repeatBuyers = rows.reduce((n, s) => n + (s.x > 0 ? 1 : 0), 0);
  if (horizon <= 0 || rows.length === 0) {
    return {
      base: { splitDate, horizon, repeatBuyers, models: [] },
      status: 'bad_split',
      detail: `The split date must fall after the first purchase and before ${calibrationEnd}.`,
      checks: null,
    };
  }
  const data = aggregateBgnbd(rows);
  // A model skipped on the full data (too many histories for Pareto/NBD in a tab) is skipped here
  // too: it cannot be chosen, so it is not compared. Only the fits' predictions are used: no standard errors.
  const fitted = {} as Record<ModelName, FittedModel>;
  for (const m of MODEL_NAMES) {
    fitted[m] = skip[m] ?? fitModel(m, data, { standardErrors: false });
    yield m;
  }
  const checks = compareOnHoldout(fitted, rows, horizon, MIN_REPEAT_BUYERS);
  const models: HoldoutModelRow[] = MODEL_NAMES.map((m) => {
    const c = checks[m];
    if (!c.ok) return { model: m, status: fitted[m].converged ? 'thin' : 'not_converged', groups: [], total: null, relativeError: null, totalError: null, mae: null };
    return { model: m, status: 'ok', groups: c.groups, total: c.total, relativeError: c.relativeError, totalError: Math.abs(c.total.predicted - c.total.actual), mae: c.mae };
  });
  const firstReason = MODEL_NAMES.map((m) => checks[m]).find((c): c is Extract<HoldoutCheck, { ok: false }> => !c.ok);
  return { base: { splitDate, horizon, repeatBuyers, models }, status: null, detail: firstReason?.reason ?? '', checks };
}

export const scoreOn = (rows: readonly CalibrationSummary[], fit: ModelsFit, options: ResolvedPredictionOptions, model: ModelName): string =>
  predictionsCsv(predictMembers(fit, rows, options, model));

/** The fitter of Node (CLI, tests) and of an engine without a fit worker: the same functions on this thread. */
export function inProcessFitter(): Fitter {
  const rowsOf = new WeakMap<SummaryColumns, CalibrationSummary[]>();
  const rows = (s: SummaryColumns) => {
    let r = rowsOf.get(s);
    if (!r) rowsOf.set(s, (r = summaryRowsOf(s)));
    return r;
  };
  return {
    fit: async (s, calibrationEnd) => fitOn(rows(s), calibrationEnd),
    holdout: async (s, split, skip) => holdoutOn(rows(s), split, skip),
    score: async (s, fit, o, model) => scoreOn(rows(s), fit, o, model),
  };
}

/** Yields to the thread's other tasks (a message saying the work was cancelled) before the next step. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const abandoned = () => new EngineError('cancelled', 'the data was replaced: the fit for it was abandoned');

/**
 * The fit worker's work (workers/fit-worker.ts) on summaries by column, one step at a time with `pause`
 * between steps: cancel() stops every piece in flight at its next step (it rejects with EngineError
 * 'cancelled'); work asked after it runs as usual. The results are fitOn's, holdoutOn's and scoreOn's.
 */
export function steppedWork(pause: () => Promise<void> = nextTask) {
  let epoch = 0;
  async function run<T>(steps: Steps<T>): Promise<T> {
    const asked = epoch;
    for (;;) {
      if (epoch !== asked) throw abandoned();
      const step = steps.next();
      if (step.done) return step.value;
      await pause();
    }
  }
  return {
    fit: (s: SummaryColumns, calibrationEnd: string) => run(fitSteps(summaryRowsOf(s), calibrationEnd)),
    holdout: (s: SummaryColumns, split: Split, skip: Partial<Record<ModelName, FittedModel>>) => run(holdoutSteps(summaryRowsOf(s), split, skip)),
    score: (s: SummaryColumns, fit: ModelsFit, options: ResolvedPredictionOptions, model: ModelName) =>
      run(
        (function* () {
          const rows = summaryRowsOf(s);
          yield 'rows'; // then the scores: one step
          return scoreOn(rows, fit, options, model);
        })(),
      ),
    cancel: () => void epoch++,
  };
}

/**
 * A Fitter whose promises reject with EngineError 'cancelled' as soon as cancel() is called, whatever
 * the work behind them is doing (a reply on its way from the fit worker is dropped), and that passes
 * the cancel on to the work (`cancelWork`).
 */
export function abandonable(work: Omit<Fitter, 'cancel'>, cancelWork: () => void): Fitter {
  const inFlight = new Set<(e: unknown) => void>();
  const track =
    <A extends unknown[], T>(f: (...args: A) => Promise<T>) =>
    (...args: A): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        inFlight.add(reject);
        f(...args)
          .then(resolve, reject)
          .finally(() => inFlight.delete(reject));
      });
  return {
    fit: track(work.fit),
    holdout: track(work.holdout),
    score: track(work.score),
    cancel() {
      for (const reject of inFlight) reject(abandoned());
      inFlight.clear();
      cancelWork();
    },
  };
}
