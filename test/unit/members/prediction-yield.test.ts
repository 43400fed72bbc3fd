// Session 12 (issue 14): a filter click during a background value-model fit. A prefetch's summary part
// (engine.prefetchPrediction) gives way to a real call: its statement is interrupted (DuckDB-WASM interrupts a
// CREATE … AS only without bound parameters, so the build's and the parts' values are written in as literals)
// and the part runs again after the call. The interrupted part gives the same rows as an uninterrupted
// one: the fit, holdout, choice and scores are the same bytes as without any interruption.
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { createPredictionService, heldSession } from '../../../workers/prediction/service.ts';
import { sql, type SqlStatement } from '../../../src/lib/sql.ts';
import type { PredictionResult } from '../../../src/lib/members/prediction.ts';
import { loadCdnowSample } from '../models/cdnow.ts';

const CDNOW = { calibrationEnd: '1997-09-30', unit: 'week' as const, includeZeroAmount: true };
const ORDERS = loadCdnowSample().ordersCsv; // 6,919 orders of 2,357 members
const CLICK = 'SELECT sum(amount) AS s FROM orders';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

const isSummary = (text: string) => text.includes('AS t_x');
/** A statement of the member days' build (a table per range of member ids: service.ts MEMBER_DAYS_TABLE). */
const isBuild = (text: string) => /^CREATE OR REPLACE TABLE "_model_member_days_\d+"/.test(text);
const hash = (r: PredictionResult) =>
  createHash('sha256')
    .update(JSON.stringify([r.status, r.fit, r.choice, r.holdout, r.options]))
    .update(r.predictions ?? new Uint8Array())
    .digest('hex');

/** A read of one piece of the scores' CSV into its table (service.ts stage): the first makes the staged table, the others its piece table. */
const isPiece = (text: string) => /^CREATE OR REPLACE TABLE (\S+\.)?"_member_predictions_\d+(_piece)?" AS SELECT \* FROM read_csv/.test(text);

type Answer = (stmt: SqlStatement, real: () => Promise<Uint8Array>, interrupted: () => boolean) => Promise<Uint8Array>;

/**
 * An engine on the CDNOW orders whose summary parts answer through `part` and the scores' pieces through
 * `piece` (with the driver's real query, and whether driver.interrupt() was called since the statement
 * started), every statement's text recorded in `log` ('part' / 'build' / 'piece' / 'click' / other).
 */
async function engineOn(part?: Answer, { piece, publishPieceBytes, compressed }: { piece?: Answer; publishPieceBytes?: number; compressed?: boolean } = {}) {
  const texts: string[] = []; // the summaries' and the build's statements with their values, in order (a click: '')
  const driver = await openNativeDriver(':memory:', { threads: 1, compressed });
  closers.push(driver.close);
  const log: string[] = [];
  let interrupts = 0;
  const interrupt = driver.interrupt.bind(driver);
  driver.interrupt = () => {
    interrupts++;
    interrupt();
  };
  // The last file registered (a piece's CSV): the pieces' reads share a text and differ in their file.
  let registered = '';
  const registerText = driver.registerText.bind(driver);
  driver.registerText = (name, text) => ((registered = createHash('sha256').update(text).digest('hex').slice(0, 12)), registerText(name, text));
  const registerBytes = driver.registerBytes.bind(driver);
  driver.registerBytes = (name, bytes) => (
    (registered = createHash('sha256')
      .update(bytes as Uint8Array)
      .digest('hex')
      .slice(0, 12)),
    registerBytes(name, bytes)
  );
  const query = driver.query.bind(driver);
  driver.query = (stmt) => {
    if (stmt.text === CLICK) {
      log.push('click');
      texts.push('');
    }
    if (!isSummary(stmt.text) && !isBuild(stmt.text) && !isPiece(stmt.text)) return query(stmt);
    log.push(isSummary(stmt.text) ? 'part' : isBuild(stmt.text) ? 'build' : 'piece');
    texts.push(`${stmt.text} ${JSON.stringify(stmt.params)}${isPiece(stmt.text) ? ` ${registered}` : ''}`); // the values too: parts share a text and differ in their bounds
    const at = interrupts;
    const answer = isPiece(stmt.text) ? piece : part;
    return answer
      ? answer(
          stmt,
          () => query(stmt),
          () => interrupts > at,
        )
      : query(stmt);
  };
  const engine: Engine = await createEngine(driver, { summaryPartOrders: 1000, publishPieceBytes });
  await engine.loadCsvTable('orders', ORDERS);
  log.length = 0;
  texts.length = 0;
  return { engine, driver, log, texts, interrupts: () => interrupts };
}

/** The predictions table the fit published, in member order: what member lists join. */
const published = async (engine: Engine) => engine.rows(sql`SELECT * FROM _member_predictions ORDER BY member_id`);

describe('a background fit’s summary parts give way to a real call', () => {
  it('a click while a part runs interrupts it; the part runs again after the click; the fit and scores are the same bytes as uninterrupted', async () => {
    const plain = await engineOn();
    await plain.engine.prefetchPrediction(CDNOW);
    const expected = await plain.engine.predict(CDNOW);
    const plainRows = await published(plain.engine);

    // Every third statement of the build and the summaries: a click arrives while it runs, then the statement fails as
    // DuckDB-WASM's when the interrupt comes after the statement ended (a build's table was made: it is made again).
    let parts = 0;
    const clicks: Promise<unknown>[] = [];
    const { engine, log, texts, interrupts } = await engineOn(async (_stmt, real, interrupted) => {
      if (parts++ % 3 !== 0) return real();
      clicks.push(engine.query({ text: CLICK, params: [] }));
      const answer = await real();
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (interrupted()) throw new Error('interrupted');
      return answer;
    });
    expect(await engine.prefetchPrediction(CDNOW)).toBe('ok');
    await Promise.all(clicks);
    expect(interrupts()).toBe(clicks.length);
    // The build in 7 ranges, 7 parts each for the calibration and holdout summaries, plus one run again per click:
    // each right after its click, the same statement.
    expect(clicks.length).toBe(Math.ceil((21 + clicks.length) / 3));
    expect(log.filter((e) => e === 'build')).toHaveLength(7 + log.filter((e, i) => e === 'click' && log[i - 1] === 'build').length);
    expect(log.filter((e) => e === 'part')).toHaveLength(14 + log.filter((e, i) => e === 'click' && log[i - 1] === 'part').length);
    expect(log.filter((e, i) => e === 'click' && log[i - 1] === 'build').length).toBeGreaterThan(0);
    texts.forEach((t, i) => t === '' && expect(texts[i + 1]).toBe(texts[i - 1]));
    expect(hash(await engine.predict(CDNOW))).toBe(hash(expected));
    expect(await published(engine)).toEqual(plainRows);
  });

  it('a part not started yet when a real call is queued waits for it, without running', async () => {
    // The click is queued while the section before the build (the ranges' bounds) runs: the build is not started before it.
    const { engine, log } = await engineOn();
    const predicted = engine.prefetchPrediction(CDNOW);
    const click = engine.query({ text: CLICK, params: [] });
    await Promise.all([predicted, click]);
    expect(log.indexOf('click')).toBeLessThan(log.indexOf('build'));
    expect(log.filter((e) => e === 'build')).toHaveLength(7);
    expect(log.filter((e) => e === 'part')).toHaveLength(14);
  });

  it('a fit the user asked for (predict, a real call) is not interrupted by another real call', async () => {
    let clicked: Promise<unknown> | null = null;
    const { engine, interrupts, log } = await engineOn(async (_stmt, real) => {
      clicked ??= engine.query({ text: CLICK, params: [] });
      return real();
    });
    expect((await engine.predict(CDNOW)).status).toBe('ok');
    await clicked;
    expect(interrupts()).toBe(0);
    expect(log.filter((e) => e === 'part')).toHaveLength(14);
  });

  it('past memberDaysMaxOrders the summaries read the orders part by part, as before: no member days, the same fit and scores', async () => {
    const { engine, driver, log, texts } = await engineOn();
    const expected = hash(await engine.predict(CDNOW));
    const builds = log.filter((e) => e === 'build').length;
    expect(builds).toBe(7);
    log.length = texts.length = 0;
    const service = createPredictionService(driver, { summaryPartOrders: 1000, memberDaysMaxOrders: 6000 }); // CDNOW: 6,919 orders
    const result = await service.predict(CDNOW, null, heldSession());
    expect(log.filter((e) => e === 'build')).toHaveLength(0);
    expect(texts.filter((t) => isSummary(t))).toHaveLength(14);
    expect(texts.every((t) => !isSummary(t) || (t.includes('FROM orders o') && !t.includes('_model_member_days')))).toBe(true);
    expect(hash(result)).toBe(expected);
  });
});

/** The scores' table as member lists read it: every row in its table order (rowid), and the tables left beside it. */
async function scoresTable(engine: Engine) {
  const rows = await engine.rows(sql`SELECT * FROM _member_predictions ORDER BY rowid`);
  const [{ n, members }] = await engine.rows(sql`SELECT count(*)::INTEGER AS n, count(DISTINCT member_id)::INTEGER AS members FROM _member_predictions`);
  const others = await engine.rows(sql`SELECT table_name AS t FROM duckdb_tables() WHERE table_name LIKE '_member_predictions_%'`);
  return { rows, n, members, others: others.map((r) => r.t) };
}

describe('session 13: a background fit’s scores pieces give way to a real call', () => {
  // CDNOW's scores (2,357 members) in pieces of ≥16 kB: 12 pieces.
  const PIECE_BYTES = 16_384;

  it('a click during a piece interrupts it; the piece runs again after the click; the scores table equals the uninterrupted one row for row, no duplicates', async () => {
    const plain = await engineOn(undefined, { publishPieceBytes: PIECE_BYTES });
    expect(await plain.engine.prefetchPrediction(CDNOW)).toBe('ok');
    const expected = await scoresTable(plain.engine);
    const pieces = plain.log.filter((e) => e === 'piece').length;
    expect(pieces).toBeGreaterThanOrEqual(8);
    expect(expected.n).toBe(2357);
    expect(expected.members).toBe(2357);
    expect(expected.others).toEqual([]);
    const expectedResult = hash(await plain.engine.predict(CDNOW));

    // Every other piece read gets a click while it runs. Half of those stop it before it changed anything (the
    // interrupt stops the statement); the other half end as DuckDB-WASM's pending query does when the interrupt
    // comes after the statement ended: its table was made, yet the statement reports it was interrupted.
    let reads = 0;
    const stops: ('before' | 'after')[] = [];
    const clicks: Promise<unknown>[] = [];
    const { engine, log, texts, interrupts } = await engineOn(undefined, {
      publishPieceBytes: PIECE_BYTES,
      piece: async (_stmt, real, interrupted) => {
        if (reads++ % 2 !== 0) return real();
        clicks.push(engine.query({ text: CLICK, params: [] }));
        const stop = stops.length % 2 === 0 ? 'before' : 'after';
        stops.push(stop);
        if (stop === 'before' && interrupted()) throw new Error('INTERRUPT Error: Interrupted!');
        const answer = await real();
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (interrupted()) throw new Error('interrupted');
        return answer;
      },
    });
    expect(await engine.prefetchPrediction(CDNOW)).toBe('ok');
    await Promise.all(clicks);
    expect(interrupts()).toBe(clicks.length);
    expect(stops).toContain('before');
    expect(stops).toContain('after');
    // Each click interrupted the piece it met: that piece runs again right after the click, the same statement on the same CSV.
    expect(log.filter((e) => e === 'piece')).toHaveLength(pieces + clicks.length);
    expect(log.filter((e, i) => e === 'click' && log[i - 1] === 'piece')).toHaveLength(clicks.length);
    texts.forEach((t, i) => t === '' && expect(texts[i + 1]).toBe(texts[i - 1]));
    // The table: the same rows in the same order, each member once, and no piece's table left.
    expect(await scoresTable(engine)).toEqual(expected);
    expect(hash(await engine.predict(CDNOW))).toBe(expectedResult);
  });

  it('a predict (a real call) reads its pieces without giving way; in the tab’s layout the pieces’ table is a scratch table', async () => {
    let clicked: Promise<unknown> | null = null;
    const { engine, interrupts, log, texts } = await engineOn(undefined, {
      publishPieceBytes: PIECE_BYTES,
      compressed: true,
      piece: async (_stmt, real) => {
        clicked ??= engine.query({ text: CLICK, params: [] });
        return real();
      },
    });
    expect((await engine.predict(CDNOW)).status).toBe('ok');
    await clicked;
    expect(interrupts()).toBe(0);
    expect(log.filter((e) => e === 'piece').length).toBeGreaterThanOrEqual(8);
    expect(texts.filter((t) => t.startsWith('CREATE OR REPLACE TABLE memory.main."_member_predictions_1_piece"')).length).toBe(log.filter((e) => e === 'piece').length - 1);
    const table = await scoresTable(engine);
    expect([table.n, table.members, table.others]).toEqual([2357, 2357, []]);
  });
});
