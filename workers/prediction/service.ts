/**
 * The prediction service inside the engine: calibration SQL → BG/NBD, MBG/NBD, Pareto/NBD and
 * Gamma-Gamma fits (the same pieces as the CLI's runFit) → a holdout check of each model at a split
 * date → the model with the smallest total holdout error (workers/models/choice.ts) gives the
 * per-member P(alive), expected purchases and CLV. Fits are cached per dataset and options; the latest good fit's predictions
 * are kept in a table so member lists can join them.
 *
 * The engine holds the SQL: the summaries, and the scores' table. The numeric work (fits, holdout
 * checks, per-member scores) is the Fitter's (workers/prediction/fitting.ts): in the browser the fit
 * worker, so while the optimiser runs the engine is not held and answers other calls (issue 14). Each
 * piece of SQL is its own section of the caller's session (PredictionSession.exclusive); a piece of
 * work in flight is shared by every run that needs it (the value panel's predict finds the prefetch's fit).
 */
import { EngineError } from '../../src/lib/engine/errors.ts';
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import { calibrationSummarySql, holdoutLength, memberDaysSql, type CalibrationOptions } from '../../src/lib/models/calibration.ts';
import {
  type PredictionTimings,
  resolvePredictionOptions,
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
import { chooseModel } from '../models/choice.ts';
import { MODEL_NAMES, type ModelName } from '../models/models.ts';
import { fitOn, holdoutOn, inProcessFitter, type FitOutcome, type Fitter, type HoldoutOutcome } from './fitting.ts';
import { summaryColumns, type SummaryColumns } from './summary-rows.ts';

/** The table member lists join for P(alive) and CLV. */
export const PREDICTIONS_TABLE = '_member_predictions';

/**
 * Every member's purchase days with their spend (calibration.ts memberDaysSql), built once per dataset,
 * one table per range of member ids (`${MEMBER_DAYS_TABLE}_0`, `_1`, …): the calibration and holdout
 * summaries of every fit read them instead of the orders (session 12). A summary's part then reads only
 * its own members' days, where each part read from the orders scanned all the orders.
 */
export const MEMBER_DAYS_TABLE = '_model_member_days';

/**
 * Orders up to which the summaries read member days (MEMBER_DAYS_TABLE); past it they read the orders
 * part by part, as before session 12: the member days (~0.9 rows per order) would stay in memory beside
 * the data, and at 10M orders the tab's DuckDB-WASM (wasm32) has little room left.
 */
export const MEMBER_DAYS_MAX_ORDERS = 2_500_000;
const memberDaysTable = (i: number) => `${MEMBER_DAYS_TABLE}_${i}`;

/** The predictions a fit has put in PREDICTIONS_TABLE: its table and CLV horizon. */
export interface PublishedPredictions {
  table: string;
  /** CLV horizon of the fit, months. */
  months: number;
  /** The fit's calibration end: the predictions look ahead from this day. */
  asOf: string;
}

/** How a prediction reaches the engine: its SQL runs in sections between other calls. */
export interface PredictionSession {
  /** Runs `work` with the engine to itself (queued behind the calls before it). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Throws (EngineError 'cancelled') once the caller's request was cancelled. */
  checkpoint(): void;
  /**
   * Background work's sessions only (the engine's prefetch calls): runs `work` with the engine to itself
   * until a real call (a filter click) is queued; then its statement is interrupted (or not started) and
   * `preempted` comes back instead of its value: the caller runs it again after that call (session 12).
   */
  yielding?<T>(work: () => Promise<T>): Promise<{ value: T } | { preempted: true }>;
}

/** A session that already has the engine to itself (tests, a caller inside its own section): no queueing. */
export const heldSession = (checkpoint: () => void = () => undefined): PredictionSession => ({ exclusive: (work) => work(), checkpoint });

export interface PredictionService {
  /**
   * Fits on all the data (or finds the fit made or in flight), checks the models at the split, scores the
   * chosen one and publishes its predictions; the result holds the members in `scope` (null = all;
   * undefined = no per-member result: the background prefetch).
   */
  predict(options: PredictionOptions, scope: MetricParams | null | undefined, session: PredictionSession): Promise<PredictionResult>;
  /** The predictions table name after making sure a fit ran on this dataset (default options); null when the data is too thin. */
  ensure(session: PredictionSession): Promise<string | null>;
  /** The predictions of the latest good fit on this dataset, without fitting; null when none was made yet. */
  published(): PublishedPredictions | null;
  /** Which fit's predictions are in PREDICTIONS_TABLE (null: none): a list joined with them holds while it is the same. */
  publishedKey(): string | null;
  /** Forgets every fit: the data changed. */
  invalidate(): void;
}

/**
 * Orders per part when a summary is read in parts (readSummary): 8 parts at 1M orders. Each part scans
 * all the orders for its member ids; natively (one thread, 1M) parts of 125,000 cost what the one
 * statement costs (2.0 vs 2.1 s), parts of 62,500 1.7× it. In a tab at load 11–18 the parts took
 * 0.4–2 s (one statement: 3–9 s); clicks during a fit were not clearly faster with parts of 62,500.
 */
export const SUMMARY_PART_ORDERS = 125_000;

/**
 * Lets the thread's queued messages in (a filter click's call) before the next part: the parts run one
 * after another in microtasks otherwise, and a call that arrives meanwhile is not even queued until the last.
 */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Bytes of the scores' CSV per piece when their table is built in pieces (stage): ~11 pieces at 1M orders (191k members). */
export const PUBLISH_PIECE_BYTES = 1 << 20;

/**
 * `csv` (a header line, then records; a newline inside quotes is part of its record) cut after whole
 * records into pieces of at least `bytes` (code units of a string), each with the header line first.
 */
export function csvPieces(csv: string | Uint8Array, bytes: number): (string | Uint8Array)[] {
  const code = typeof csv === 'string' ? (i: number) => csv.charCodeAt(i) : (i: number) => csv[i];
  const cuts: number[] = []; // after each record that ends a piece (the first: after the header)
  let quoted = false;
  for (let i = 0, next = 0; i < csv.length; i++) {
    const c = code(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted && i >= next) {
      cuts.push(i + 1);
      next = cuts.length === 1 ? i + bytes : i + 1 + bytes;
    }
  }
  if (cuts.length && cuts[cuts.length - 1] < csv.length) cuts.push(csv.length);
  if (cuts.length <= 2) return [csv];
  const header = csv.slice(0, cuts[0]);
  return cuts.slice(1).map((end, i) => {
    const body = csv.slice(cuts[i], end);
    if (typeof header === 'string') return header + (body as string);
    const piece = new Uint8Array(header.length + body.length);
    piece.set(header);
    piece.set(body as Uint8Array, header.length);
    return piece;
  });
}

/** Orders sampled per part to place the parts' member-id bounds. */
const SAMPLE_PER_PART = 64;

export interface PredictionServiceOptions {
  /** Where the numeric work runs (default: in-process, on this thread). */
  fitter?: Fitter;
  /** Orders per part of a summary read in parts (default SUMMARY_PART_ORDERS); fewer orders: one statement. */
  summaryPartOrders?: number;
  /** CSV bytes per piece of the scores' table built in pieces (default PUBLISH_PIECE_BYTES); less: one statement. */
  publishPieceBytes?: number;
  /** Orders up to which the summaries read member days (default MEMBER_DAYS_MAX_ORDERS); past it, the orders. */
  memberDaysMaxOrders?: number;
  /** Called when PREDICTIONS_TABLE changed (other predictions, or none): lists joined with it are stale. */
  onPublish?: () => void;
}

/** A fit on the calibration period, with the summary it came from (for the scores) and the scores made so far. */
interface Stored {
  outcome: FitOutcome;
  summary: SummaryColumns;
  /** Summary SQL and fit, ms. */
  summaryMs: number;
  fitMs: number;
  scores: Map<ModelName, Promise<{ csv: string | Uint8Array; ms: number }>>;
}

/** The holdout check of every model at one split, with its summary SQL and fits' ms. */
type StoredHoldout = HoldoutOutcome & { ms: number };

/** The data changed while a run was in flight: it starts again on the new data. */
class Stale extends Error {}

const isCancelled = (e: unknown) => e instanceof EngineError && e.code === 'cancelled';

/** The parts' columns end to end: the whole summary when the parts cover the member ids in order. */
function concatSummaries(parts: readonly SummaryColumns[]): SummaryColumns {
  if (parts.length === 1) return parts[0];
  const rows = parts.reduce((n, p) => n + p.rows, 0);
  const columns = parts[0].names.map((_, j): Float64Array | unknown[] => {
    const pieces = parts.map((p) => p.columns[j]);
    if (pieces.every((c) => c instanceof Float64Array)) {
      const out = new Float64Array(rows);
      let at = 0;
      for (const c of pieces as Float64Array[]) out.set(c, (at += c.length) - c.length);
      return out;
    }
    // A column with nulls in some part: plain values, as summaryColumns reads such a column whole.
    return pieces.flatMap((c) => Array.from(c as ArrayLike<unknown>));
  });
  return { rows, names: parts[0].names, columns };
}

export function createPredictionService(
  driver: SqlDriver,
  {
    fitter = inProcessFitter(),
    onPublish = () => undefined,
    summaryPartOrders = SUMMARY_PART_ORDERS,
    publishPieceBytes = PUBLISH_PIECE_BYTES,
    memberDaysMaxOrders = MEMBER_DAYS_MAX_ORDERS,
  }: PredictionServiceOptions = {},
): PredictionService {
  /** Fits and holdout checks of this generation, made or in flight; the member days' table (built: its key). */
  const fits = new Map<string, Promise<Stored>>();
  const memberDays = new Map<string, Promise<{ bounds: string[]; tables: boolean }>>();
  const holdouts = new Map<string, Promise<StoredHoldout>>();
  let tableKey: string | null = null;
  let tableFit: Omit<PublishedPredictions, 'table'> = { months: 0, asOf: '' };
  let attempted = false;
  /** Scores' tables built so far (stage), and those not renamed into PREDICTIONS_TABLE yet: dropped at the next staging. */
  let staged = 0;
  const leftovers = new Set<string>();
  /** The piece tables (SQL names) of stagings not finished, with the staged table each belongs to: dropped at a later staging. */
  const leftoverPieces = new Map<string, string>();
  /** Staged tables a run still builds or is about to publish: another run's staging must not drop them. */
  const inUse = new Set<string>();
  /** Bumped by invalidate: a run in flight across a swap starts again instead of finishing with the old data's pieces. */
  let generation = 0;

  /** One piece of work of this generation, shared by every run that asks for it; forgotten when it fails. */
  function shared<T>(pieces: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
    let piece = pieces.get(key);
    if (!piece) {
      pieces.set(key, (piece = make()));
      const made = piece;
      made.catch(() => pieces.get(key) === made && pieces.delete(key));
    }
    return piece;
  }

  /** A section of SQL for a run of generation `gen`: Stale when a swap came first. */
  const section = <T>(session: PredictionSession, gen: number, work: () => Promise<T>): Promise<T> =>
    session.exclusive(() => {
      if (gen !== generation) throw new Stale();
      return work();
    });

  /**
   * A section that gives way to real calls where the session allows it (session.yielding: a prefetch's):
   * interrupted by a call queued meanwhile, it runs again after that call, from the start (the
   * work must be repeatable: a query, or a statement that changes nothing when interrupted).
   */
  async function yieldingSection<T>(session: PredictionSession, gen: number, work: () => Promise<T>): Promise<T> {
    if (!session.yielding) return section(session, gen, work);
    for (;;) {
      const done = await session.yielding(() => {
        if (gen !== generation) throw new Stale();
        return work();
      });
      if ('value' in done) return done.value;
      await nextTask(); // the call that came first runs; this section queues again behind it
    }
  }

  /**
   * Member-id bounds that cut the summary into parts of about `summaryPartOrders` orders each (from a
   * sample of the orders' member ids; where they fall changes only the parts' sizes); none for one part.
   */
  async function partBounds(): Promise<{ bounds: string[]; orders: number }> {
    const [{ n }] = ipcToRows(await driver.query(sql`SELECT count(*)::DOUBLE AS n FROM orders`));
    const orders = n as number;
    const parts = Math.ceil(orders / summaryPartOrders);
    if (parts <= 1) return { bounds: [], orders };
    const sample = ipcToRows(
      await driver.query(
        sql`SELECT DISTINCT member_id AS m FROM (SELECT member_id FROM orders WHERE member_id IS NOT NULL)
          USING SAMPLE reservoir(${raw(String(parts * SAMPLE_PER_PART))} ROWS) REPEATABLE (1) ORDER BY m`,
      ),
    ).map((r) => r.m as string);
    const bounds = Array.from({ length: parts - 1 }, (_, i) => sample[Math.floor(((i + 1) * sample.length) / parts)]);
    return { bounds: bounds.filter((b, i) => b !== undefined && b !== bounds[i - 1]), orders };
  }

  /** Member days' tables built so far (the highest count): a build for fewer ranges drops the others. */
  let memberDayTables = 0;

  /**
   * The member days' tables of this generation, one per range of member ids of the parts (each built in
   * its own section that gives way to real calls: CREATE OR REPLACE, so a build interrupted after its
   * statement ended is built again to the same table); the ranges' bounds. `timed` adds up the SQL's time.
   */
  async function buildMemberDays(session: PredictionSession, gen: number, timed: <T>(work: () => Promise<T>) => () => Promise<T>): Promise<{ bounds: string[]; tables: boolean }> {
    const { bounds, orders } = await section(session, gen, timed(partBounds));
    const tables = orders <= memberDaysMaxOrders;
    for (let i = 0; tables && i <= bounds.length; i++) {
      if (bounds.length) await nextTask();
      // Interruptible in the tab like any statement with parameters (drivers/wasm-pending.ts).
      const stmt = sql`CREATE OR REPLACE TABLE ${ident(memberDaysTable(i))} AS ${memberDaysSql({ from: bounds[i - 1], below: bounds[i] })}`;
      await yieldingSection(
        session,
        gen,
        timed(() => driver.query(stmt)),
      );
    }
    const built = tables ? bounds.length + 1 : 0; // none past memberDaysMaxOrders (an earlier dataset's are dropped)
    await section(session, gen, async () => {
      for (let i = built; i < memberDayTables; i++) await driver.exec(`DROP TABLE IF EXISTS ${quoteIdent(memberDaysTable(i))}`);
      memberDayTables = built;
    });
    return { bounds, tables };
  }

  /**
   * A calibration summary and the ms of its SQL. Past `summaryPartOrders` orders it is read in parts
   * (ranges of member ids, in order), each its own section: a call queued meanwhile (a filter click)
   * runs between two parts instead of after the whole summary (issue 14). Decoded outside the sections.
   */
  async function readSummary(session: PredictionSession, gen: number, args: CalibrationOptions): Promise<{ summary: SummaryColumns; ms: number }> {
    let ms = 0;
    const timed =
      <T>(work: () => Promise<T>) =>
      async () => {
        const t = performance.now();
        try {
          return await work();
        } finally {
          ms += performance.now() - t;
        }
      };
    // The member days of this generation (built by the first summary that needs them), and their ranges' bounds.
    const { bounds, tables } = await shared(memberDays, 'built', () => buildMemberDays(session, gen, timed));
    const parts: SummaryColumns[] = [];
    for (let i = 0; i <= bounds.length; i++) {
      if (bounds.length) await nextTask();
      // The part's own member days (or its members' orders).
      const members = { from: bounds[i - 1], below: bounds[i] };
      const stmt = calibrationSummarySql(tables ? { ...args, daysFrom: memberDaysTable(i) } : bounds.length ? { ...args, members } : args);
      const read = timed(() => driver.query(stmt));
      parts.push(summaryColumns(await yieldingSection(session, gen, read)));
    }
    return { summary: concatSummaries(parts), ms };
  }

  /** The fit on the calibration period: its summary, then the fitter's work (the engine not held). */
  async function fitAll(session: PredictionSession, gen: number, o: ResolvedPredictionOptions): Promise<Stored> {
    const { summary, ms } = await readSummary(session, gen, { calibrationEnd: o.calibrationEnd, unit: o.unit, includeZeroAmount: o.includeZeroAmount });
    if (gen !== generation) throw new Stale(); // a summary of the old data is not fitted
    const t = performance.now();
    const outcome = summary.rows === 0 ? fitOn([], o.calibrationEnd) : await fitter.fit(summary, o.calibrationEnd);
    return { outcome, summary, summaryMs: ms, fitMs: performance.now() - t, scores: new Map() };
  }

  /** Every model fitted on data up to the split and checked against (split, calibrationEnd]: the summary SQL, then the fitter's work. */
  async function holdoutAt(session: PredictionSession, gen: number, o: ResolvedPredictionOptions, skip: Parameters<Fitter['holdout']>[2]): Promise<StoredHoldout> {
    const horizon = holdoutLength(o.splitDate, o.calibrationEnd, o.unit);
    const split = { splitDate: o.splitDate, calibrationEnd: o.calibrationEnd, horizon };
    const read =
      horizon > 0 ? await readSummary(session, gen, { calibrationEnd: o.splitDate, unit: o.unit, holdoutEnd: o.calibrationEnd, includeZeroAmount: o.includeZeroAmount }) : null;
    if (gen !== generation) throw new Stale();
    const t = performance.now();
    const outcome = read && read.summary.rows > 0 ? await fitter.holdout(read.summary, split, skip) : holdoutOn([], split, skip); // no fit on no rows
    return { ...outcome, ms: (read?.ms ?? 0) + performance.now() - t };
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

  /**
   * Reads predictions CSV `csv` into table `table` (SQL name, quoted), made anew (CREATE OR REPLACE): run again,
   * it gives the same table. A query (driver.query), so that in the tab an interrupt can stop it (drivers/wasm-pending.ts).
   */
  async function loadCsv(table: string, csv: string | Uint8Array): Promise<void> {
    const name = '_member_predictions_piece.csv';
    const path = typeof csv === 'string' ? await driver.registerText(name, csv) : await driver.registerBytes(name, csv);
    try {
      const read =
        `SELECT * FROM read_csv('${path}', header = true, auto_detect = false, ` +
        `delim = ',', quote = '"', escape = '"', columns = {'member_id': 'VARCHAR', 'x': 'DOUBLE', 'recency': 'DOUBLE', ` +
        `'p_alive': 'DOUBLE', 'expected_purchases': 'DOUBLE', 'next_purchase_days': 'DOUBLE', 'clv': 'DOUBLE'})`;
      await driver.query({ text: `CREATE OR REPLACE TABLE ${table} AS ${read}`, params: [] });
    } finally {
      await driver.dropText(name);
    }
  }

  /**
   * Past `publishPieceBytes` of CSV, the scores' table is first built beside PREDICTIONS_TABLE piece by
   * piece (whole records, in order), so a call queued meanwhile runs between two pieces (at 1M orders the
   * table in one statement held the engine 1.3–3.5 s in a loaded tab); the table made, or null when the
   * CSV is small (publish reads it in one statement). Not for a table already published.
   *
   * Each piece's read gives way to a real call like the summaries' parts (yieldingSection: interrupted, it
   * runs again after the call), so it must be repeatable (session 13): a piece is read into a table of its
   * own with CREATE OR REPLACE — an interrupt that stops the statement leaves nothing, one that comes
   * after its end (DuckDB-WASM's pending query then still reports it interrupted) leaves a table that the
   * run again replaces — and only then appended to the scores' table, in a section of its own that no
   * real call interrupts: a short copy of one table, so no piece is ever appended twice or in part. (A
   * transaction around the INSERT would not do: an interrupt reported after the COMMIT leaves the rows in.)
   * The first piece makes the scores' table itself, also with CREATE OR REPLACE. The piece's table lives in
   * the scratch schema where the driver has one (DuckDB-WASM: uncompressed, beside the compressed tables).
   */
  async function stage(session: PredictionSession, gen: number, key: string, csv: string | Uint8Array | null): Promise<string | null> {
    if (!csv || tableKey === key) return null;
    const pieces = csvPieces(csv, publishPieceBytes);
    if (pieces.length <= 1) return null;
    const table = `${PREDICTIONS_TABLE}_${++staged}`;
    const piece = driver.scratchSchema ? `${driver.scratchSchema}.${quoteIdent(`${table}_piece`)}` : quoteIdent(`${table}_piece`);
    leftovers.add(table); // until publish renames it
    leftoverPieces.set(piece, table); // until its last piece is appended
    inUse.add(table); // until its run has published (run's finally)
    try {
      await section(session, gen, async () => {
        for (const t of [...leftovers].filter((t) => !inUse.has(t))) await driver.exec(`DROP TABLE IF EXISTS ${quoteIdent(t)}`).then(() => leftovers.delete(t));
        for (const [t] of [...leftoverPieces].filter(([, owner]) => !inUse.has(owner))) await driver.exec(`DROP TABLE IF EXISTS ${t}`).then(() => leftoverPieces.delete(t));
      });
      for (let i = 0; i < pieces.length; i++) {
        await nextTask();
        await yieldingSection(session, gen, () => loadCsv(i === 0 ? quoteIdent(table) : piece, pieces[i]));
        if (i === 0) continue;
        await section(session, gen, () => driver.exec(`INSERT INTO ${quoteIdent(table)} SELECT * FROM ${piece}${i === pieces.length - 1 ? `; DROP TABLE ${piece}` : ''}`));
      }
      leftoverPieces.delete(piece);
    } catch (e) {
      inUse.delete(table); // a leftover now: the next staging drops it (and its piece's table)
      throw e;
    }
    return table;
  }

  /** Puts a fit's predictions in the table (or drops it when the fit has none): the table `staged` holds them, or their CSV. */
  async function publish(key: string, csv: string | Uint8Array | null, fit: Omit<PublishedPredictions, 'table'>, staged: string | null): Promise<void> {
    if (tableKey === key) return;
    if (!csv) {
      await driver.exec(`DROP TABLE IF EXISTS ${quoteIdent(PREDICTIONS_TABLE)}`);
      if (tableKey !== null) onPublish();
      tableKey = null;
      return;
    }
    if (staged) {
      await driver.exec(`DROP TABLE IF EXISTS ${quoteIdent(PREDICTIONS_TABLE)}; ALTER TABLE ${quoteIdent(staged)} RENAME TO ${quoteIdent(PREDICTIONS_TABLE)}`);
      leftovers.delete(staged);
    } else await loadCsv(quoteIdent(PREDICTIONS_TABLE), csv);
    tableKey = key;
    tableFit = fit;
    onPublish();
  }

  /**
   * The fit, the holdout check, the chosen model's per-member scores and their table; null when a swap
   * came in between (the caller starts again). `scope` undefined: no per-member result (a prefetch).
   */
  async function run(options: PredictionOptions, scope: MetricParams | null | undefined, session: PredictionSession): Promise<PredictionResult | null> {
    const gen = generation;
    const span = await section(session, gen, async () => {
      const [row] = ipcToRows(await driver.query(sql`SELECT strftime(min(order_time)::DATE, '%Y-%m-%d') AS f, strftime(max(order_time)::DATE, '%Y-%m-%d') AS l FROM orders`));
      return { first: (row?.f as string | null) ?? null, last: (row?.l as string | null) ?? null };
    });
    const o = resolvePredictionOptions(options, span.last ?? options.calibrationEnd ?? '1970-01-01', span.first);
    const key = JSON.stringify([o.calibrationEnd, o.unit, o.months, o.monthlyDiscount, o.includeZeroAmount]);
    const stored = await shared(fits, key, () => fitAll(session, gen, o));
    session.checkpoint();
    if (gen !== generation) return null;
    const { fit } = stored.outcome;
    // The models skipped on the full data, as they were skipped there.
    const skip = Object.fromEntries(MODEL_NAMES.flatMap((m) => (fit?.models[m].skipped ? [[m, fit.models[m]]] : [])));
    const holdoutKey = JSON.stringify([o.splitDate, o.calibrationEnd, o.unit, o.includeZeroAmount, Object.keys(skip)]);
    const h = await shared(holdouts, holdoutKey, () => holdoutAt(session, gen, o, skip));
    session.checkpoint();
    if (gen !== generation) return null;
    // The model is chosen on the holdout check at the split, then applied to the fit on all the data.
    const choice: ModelChoiceResult | null = fit ? (({ chosen, rule }) => ({ chosen, rule }))(chooseModel(fit.models, h.checks)) : null;
    let score: { csv: string | Uint8Array; ms: number } | null = null;
    if (stored.outcome.status === 'ok' && fit && choice) {
      score = await shared(stored.scores, choice.chosen, async () => {
        const t = performance.now();
        const csv = await fitter.score(stored.summary, fit, o, choice.chosen);
        return { csv, ms: performance.now() - t };
      });
      session.checkpoint();
    }
    const timings: PredictionTimings = { summaryMs: stored.summaryMs, fitMs: stored.fitMs, membersMs: score?.ms ?? 0, holdoutMs: h.ms };
    const publishKey = `${key}|${choice?.chosen}`;
    let staged: string | null = null;
    try {
      staged = await stage(session, gen, publishKey, score?.csv ?? null);
      // Published and read in one section: no other fit's predictions come in between.
      return await section(session, gen, async () => {
        await publish(publishKey, score?.csv ?? null, { months: o.months, asOf: o.calibrationEnd }, staged);
        let predictions: Uint8Array | null = null;
        if (score && scope !== undefined) {
          const inScope = scope ? sql`WHERE member_id IN (SELECT member_id FROM (${modelScopeSql(scope)}))` : raw('');
          predictions = await driver.query(sql`SELECT * FROM ${ident(PREDICTIONS_TABLE)} ${inScope} ORDER BY member_id`);
        }
        return {
          options: o,
          timings,
          status: stored.outcome.status,
          detail: stored.outcome.detail,
          fit,
          choice,
          predictions,
          holdout: holdoutFor(h, choice?.chosen ?? 'bgnbd'),
        };
      });
    } finally {
      if (staged) inUse.delete(staged);
    }
  }

  async function predict(options: PredictionOptions, scope: MetricParams | null | undefined, session: PredictionSession): Promise<PredictionResult> {
    attempted = true;
    for (;;) {
      try {
        const result = await run(options, scope, session);
        if (result) return result;
      } catch (e) {
        if (e instanceof Stale) continue; // the data changed: again on the new data
        // A shared piece started by another call that was cancelled: this one, unless cancelled too, starts it again.
        if (isCancelled(e)) {
          session.checkpoint();
          continue;
        }
        throw e;
      }
    }
  }

  return {
    predict,
    async ensure(session) {
      if (!attempted) await predict({}, undefined, session);
      return tableKey ? PREDICTIONS_TABLE : null;
    },
    published: () => (tableKey ? { table: PREDICTIONS_TABLE, ...tableFit } : null),
    publishedKey: () => tableKey,
    invalidate() {
      generation++;
      fitter.cancel?.(); // the fit worker stops the old data's work at its next step
      fits.clear();
      holdouts.clear();
      memberDays.clear();
      tableKey = null;
      attempted = false;
    },
  };
}
