// Session 11 (issue 14): a filter click during a value-model fit. The calibration and holdout summaries
// are read in parts (ranges of member ids, each its own section of the engine), so a call queued while
// one part runs is answered before the next part; the parts give the same summary, so the same fits
// and scores, byte for byte. And a fit for data that was replaced is abandoned in the fitter (between two
// models' fits), its promise rejects as cancelled, and the prediction delivered is the new data's.
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { generateDemo } from '../../../workers/demo/generate.ts';
import { TABLE_NAMES } from '../../../src/lib/schema.ts';
import { abandonable, steppedWork, type Fitter } from '../../../workers/prediction/fitting.ts';
import { csvPieces } from '../../../workers/prediction/service.ts';
import type { PredictionResult } from '../../../src/lib/members/prediction.ts';
import type { SqlStatement } from '../../../src/lib/sql.ts';
import { loadCdnowSample } from '../models/cdnow.ts';

const CDNOW = { calibrationEnd: '1997-09-30', unit: 'week' as const, includeZeroAmount: true };
const ORDERS = loadCdnowSample().ordersCsv; // 6,919 orders of 2,357 members
/** Another dataset: the CDNOW orders without the members whose id ends in 1, 2 or 3. */
const OTHER = ORDERS.split('\n')
  .filter((line, i) => i === 0 || !/^[^,]*,[^,]*,\d*[123],/.test(line))
  .join('\n');

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

/** An engine (one thread) on `tables`, every SQL text it runs recorded in `sqls`. */
async function engineOn(
  tables: Partial<Record<(typeof TABLE_NAMES)[number], string>>,
  options: {
    summaryPartOrders?: number;
    publishPieceBytes?: number;
    fitter?: Fitter;
    onQuery?: (sql: string) => void;
    onExec?: (sql: string) => void;
    /** Answers a statement instead of the driver (`real`). */
    answer?: (stmt: SqlStatement, real: (stmt: SqlStatement) => Promise<Uint8Array>) => Promise<Uint8Array>;
  } = {},
): Promise<{ engine: Engine; sqls: string[] }> {
  const driver = await openNativeDriver(':memory:', { threads: 1 });
  closers.push(driver.close);
  const sqls: string[] = [];
  const query = driver.query.bind(driver);
  driver.query = (stmt) => {
    sqls.push(stmt.text);
    options.onQuery?.(stmt.text);
    return options.answer ? options.answer(stmt, query) : query(stmt);
  };
  const exec = driver.exec.bind(driver);
  driver.exec = (text) => {
    options.onExec?.(text);
    return exec(text);
  };
  const engine = await createEngine(driver, { summaryPartOrders: options.summaryPartOrders, publishPieceBytes: options.publishPieceBytes, fitter: options.fitter });
  for (const [table, csv] of Object.entries(tables)) await engine.loadCsvTable(table as (typeof TABLE_NAMES)[number], csv);
  sqls.length = 0;
  return { engine, sqls };
}

const isSummary = (text: string) => text.includes('AS t_x');
const hash = (r: PredictionResult) =>
  createHash('sha256')
    .update(JSON.stringify([r.status, r.fit, r.choice, r.holdout, r.options]))
    .update(r.predictions ?? new Uint8Array())
    .digest('hex');

describe('summaries read in parts', () => {
  it('CDNOW in 7 parts of ≤1,000 orders: the same fits, holdout, choice and per-member scores as the one-statement summary', async () => {
    const whole = await engineOn({ orders: ORDERS }, { summaryPartOrders: Infinity });
    const parted = await engineOn({ orders: ORDERS }, { summaryPartOrders: 1000 });
    const [a, b] = [await whole.engine.predict(CDNOW), await parted.engine.predict(CDNOW)];
    expect(whole.sqls.filter(isSummary)).toHaveLength(2); // the calibration summary and the holdout's
    expect(parted.sqls.filter(isSummary)).toHaveLength(2 * 7);
    expect(a.status).toBe('ok');
    expect(b.fit!.members).toBe(2357);
    expect(hash(b)).toBe(hash(a));
  });

  it('the demo (all tables) in parts of ≤20,000 orders: the same result bytes as in one statement', async () => {
    const demo = generateDemo().tables;
    const whole = await engineOn(demo, { summaryPartOrders: Infinity });
    const parted = await engineOn(demo, { summaryPartOrders: 20_000 });
    const [a, b] = [await whole.engine.predict({}), await parted.engine.predict({})];
    expect(parted.sqls.filter(isSummary).length).toBeGreaterThan(2 * 5);
    expect(a.status).toBe('ok');
    expect(b.fit!.members).toBe(a.fit!.members);
    expect(hash(b)).toBe(hash(a));
  });

  it('a query asked while a part is read is answered before the next part: the summary does not hold the engine to its end', async () => {
    let asked: Promise<unknown> | null = null;
    const order: string[] = [];
    const { engine } = await engineOn(
      { orders: ORDERS },
      {
        summaryPartOrders: 1000,
        onQuery: (text) => {
          if (isSummary(text)) order.push('part');
          else if (text.includes('sum(amount) AS s')) order.push('query');
          // A click-style query, asked while the first part of the calibration summary runs.
          if (!asked && isSummary(text)) asked = engine.query({ text: 'SELECT sum(amount) AS s FROM orders', params: [] }).then(() => order.push('answered'));
        },
      },
    );
    const predicted = engine.prefetchPrediction(CDNOW);
    await predicted;
    await asked;
    // Run right after the first part, with the calibration summary's six other parts (and the holdout's seven) still to run.
    // Since session 12 the query interrupts the prefetch's part (prediction-yield.test.ts): the first part runs again when
    // the interrupt reached its statement (native DuckDB: only when it came after the start).
    expect(order.slice(0, 2)).toEqual(['part', 'query']);
    expect(order.indexOf('answered')).toBeLessThan(order.indexOf('part', 3));
    expect(order.filter((o) => o === 'part').length).toBeGreaterThanOrEqual(14);
    expect(order.filter((o) => o === 'part').length).toBeLessThanOrEqual(15);
  });

  it('a call that arrives while a part runs on a thread it blocks (DuckDB-WASM) is let in before the next part', async () => {
    // The summaries' answers recorded first, then given back at once (no turn of the event loop within a
    // part, as when DuckDB-WASM runs a query on the worker's thread); the call arrives as a task meanwhile.
    const recorded = new Map<string, Uint8Array>();
    const key = (stmt: SqlStatement) => JSON.stringify(stmt);
    const recording = await engineOn(
      { orders: ORDERS },
      { summaryPartOrders: 1000, answer: async (stmt, real) => (isSummary(stmt.text) && recorded.set(key(stmt), await real(stmt)), real(stmt)) },
    );
    await recording.engine.prefetchPrediction(CDNOW);
    const order: string[] = [];
    let asked: Promise<unknown> | null = null;
    const { engine } = await engineOn(
      { orders: ORDERS },
      {
        summaryPartOrders: 1000,
        answer: (stmt, real) => {
          const answer = recorded.get(key(stmt));
          if (!answer) {
            if (stmt.text.includes('sum(amount) AS s')) order.push('query');
            return real(stmt);
          }
          order.push('part');
          asked ??= new Promise((resolve) => setTimeout(() => resolve(engine.query({ text: 'SELECT sum(amount) AS s FROM orders', params: [] })), 0));
          return Promise.resolve(answer);
        },
      },
    );
    await engine.prefetchPrediction(CDNOW);
    await asked;
    expect(order.slice(0, 3)).toEqual(['part', 'query', 'part']);
    expect(order.filter((o) => o === 'part')).toHaveLength(14);
  });
});

describe('the scores’ table built in pieces', () => {
  it('csvPieces cuts after whole records only (a quoted newline stays inside its record), each piece with the header', () => {
    const csv = 'id,v\n1,a\n"2\nx",b\n3,c\n4,d';
    expect(csvPieces(csv, 1)).toEqual(['id,v\n1,a\n', 'id,v\n"2\nx",b\n', 'id,v\n3,c\n', 'id,v\n4,d']);
    expect(csvPieces(csv, 9)).toEqual(['id,v\n1,a\n"2\nx",b\n', 'id,v\n3,c\n4,d']);
    expect(csvPieces(csv, 1000)).toEqual([csv]);
    const bytes = new TextEncoder().encode(csv);
    expect(csvPieces(bytes, 9).map((p) => new TextDecoder().decode(p as Uint8Array))).toEqual(csvPieces(csv, 9));
  });

  it('CDNOW’s scores in pieces of ≥16 kB, a call answered between two pieces: the same predictions and member list', async () => {
    const whole = await engineOn({ orders: ORDERS });
    const order: string[] = [];
    let asked: Promise<unknown> | null = null;
    const pieced = await engineOn(
      { orders: ORDERS },
      {
        publishPieceBytes: 16_384,
        onQuery: (text) => text.includes('sum(amount) AS s') && order.push('query'),
        onExec: (text) => {
          if (!/(TABLE|INTO) "_member_predictions_\d+" (AS|SELECT)/.test(text)) return;
          order.push('piece');
          asked ??= pieced.engine.query({ text: 'SELECT sum(amount) AS s FROM orders', params: [] }); // while the second piece is appended (session 13: read into its own table first)
        },
      },
    );
    const [a, b] = [await whole.engine.predict(CDNOW), await pieced.engine.predict(CDNOW)];
    await asked;
    expect(order.slice(0, 3)).toEqual(['piece', 'query', 'piece']);
    expect(order.filter((o) => o === 'piece').length).toBeGreaterThan(5);
    expect(hash(b)).toBe(hash(a));
    const page = (e: Engine) => e.memberListPage({ list: 'value_at_risk' }, { from: '1997-07-01', to: '1997-10-01' }, { offset: 0, limit: 50 });
    expect(await page(pieced.engine)).toEqual(await page(whole.engine));
  });

  it('two fits staging their scores in pieces at once: neither drops the other’s table, each gives its own predictions', async () => {
    // Seen in the merged e2e run: a second staging dropped the first's table ("_member_predictions_1 does not exist").
    const other = { ...CDNOW, months: 6 };
    const solo = await engineOn({ orders: ORDERS }, { publishPieceBytes: 16_384 });
    const [soloA, soloB] = [await solo.engine.predict(CDNOW), await solo.engine.predict(other)];
    const both = await engineOn({ orders: ORDERS }, { publishPieceBytes: 16_384 });
    const [a, b] = await Promise.all([both.engine.predict(CDNOW), both.engine.predict(other)]);
    expect(hash(a)).toBe(hash(soloA));
    expect(hash(b)).toBe(hash(soloB));
  });
});

describe('a fit for data that was replaced', () => {
  it('is abandoned at its next step, its promise rejects as cancelled, and the prediction is the new data’s', async () => {
    // The fit worker's own work (steppedWork), held after its first step until the swap is in.
    let steps = 0;
    let stepsAtCancel = -1;
    let firstStep!: () => void;
    const stepped = new Promise<void>((r) => (firstStep = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const work = steppedWork(async () => {
      if (++steps === 1) {
        firstStep();
        await gate;
      }
    });
    const rejections: unknown[] = [];
    const fitter = abandonable(
      {
        fit: (...a) => work.fit(...a).catch((e) => (rejections.push(e), Promise.reject(e))),
        holdout: (...a) => work.holdout(...a),
        score: (...a) => work.score(...a),
      },
      () => {
        stepsAtCancel = steps;
        work.cancel();
      },
    );
    const { engine } = await engineOn({ orders: ORDERS }, { fitter });
    const predicted = engine.predict(CDNOW);
    await stepped; // the old data's fit has fitted one model
    await engine.loadCsvTable('orders', OTHER); // the swap cancels it
    expect(stepsAtCancel).toBe(1);
    release();
    const after = await predicted;
    // The old work stopped at its next step (no second model fitted for the old data) and rejected as cancelled.
    expect(rejections).toHaveLength(1);
    expect(rejections[0]).toMatchObject({ code: 'cancelled' });
    // The result delivered is the new data's, never the old one's.
    const control = (await engineOn({ orders: OTHER })).engine;
    const fresh = await control.predict(CDNOW);
    const old = await (await engineOn({ orders: ORDERS })).engine.predict(CDNOW);
    expect(after.fit!.members).toBe(fresh.fit!.members);
    expect(after.fit!.members).not.toBe(old.fit!.members);
    expect(hash(after)).toBe(hash(fresh));
  });

  it('abandonable: a piece whose work never answers still rejects as cancelled at once; work asked afterwards answers', async () => {
    let cancelledWork = 0;
    let answer = false;
    const fitter = abandonable(
      {
        fit: () => (answer ? Promise.resolve({ status: 'no_members', detail: '', fit: null }) : new Promise(() => undefined)),
        holdout: () => new Promise(() => undefined),
        score: () => new Promise(() => undefined),
      },
      () => cancelledWork++,
    );
    const pending = fitter.fit({ rows: 0, names: [], columns: [] }, '2024-01-01');
    fitter.cancel!();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(cancelledWork).toBe(1);
    answer = true;
    await expect(fitter.fit({ rows: 0, names: [], columns: [] }, '2024-01-01')).resolves.toMatchObject({ status: 'no_members' });
  });

  it('steppedWork gives fitOn’s result when not cancelled, and work asked after a cancel runs', async () => {
    const work = steppedWork(async () => undefined);
    const { engine } = await engineOn({ orders: ORDERS }, { fitter: abandonable(work, work.cancel) });
    const reference = (await engineOn({ orders: ORDERS })).engine;
    work.cancel(); // nothing in flight: later work is not affected
    expect(hash(await engine.predict(CDNOW))).toBe(hash(await reference.predict(CDNOW)));
  });
});
