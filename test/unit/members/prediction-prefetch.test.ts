// The background prefetch of a fit (engine.prefetchPrediction, issue 14 session 9): it yields to any
// call that is waiting between its steps, leaves a fit that a later predict uses as is (no SQL summary
// read again, the same bytes as a predict on a fresh engine), and a swap between its steps never leaves
// the old data's fit in place. Session 10: the fits run outside the engine's queue (the fit worker in
// the browser), and a predict that joins a prefetch in flight shares its work, even when it is cancelled.
import { afterEach, describe, expect, it } from 'vitest';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { createHash } from 'node:crypto';
import { loadCdnowSample } from '../models/cdnow.ts';
import { inProcessFitter, type Fitter } from '../../../workers/prediction/fitting.ts';

const CDNOW = { calibrationEnd: '1997-09-30', unit: 'week' as const, includeZeroAmount: true };
const ORDERS = loadCdnowSample().ordersCsv;
/** Another dataset: the CDNOW orders without the members whose id ends in 1, 2 or 3. */
const OTHER = ORDERS.split('\n')
  .filter((line, i) => i === 0 || !/^[^,]*,[^,]*,\d*[123],/.test(line))
  .join('\n');

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

/** An engine on `csv`, with every SQL text it runs recorded. */
async function engineOn(csv: string, onQuery?: (sql: string) => void, fitter?: Fitter): Promise<{ engine: Engine; sqls: string[] }> {
  const driver = await openNativeDriver(':memory:', { threads: 1 }); // one thread: the summary's row order (and so the sums' rounding) is the same every run
  closers.push(driver.close);
  const sqls: string[] = [];
  const query = driver.query.bind(driver);
  driver.query = (stmt) => {
    const text = typeof stmt === 'string' ? stmt : JSON.stringify(stmt);
    sqls.push(text);
    onQuery?.(text);
    return query(stmt);
  };
  const engine = await createEngine(driver, { fitter });
  await engine.loadCsvTable('orders', csv);
  sqls.length = 0;
  return { engine, sqls };
}

const summaryReads = (sqls: string[]) => sqls.filter((s) => s.includes('AS t_x')).length;
const bytes = (b: Uint8Array | null) => createHash('sha256').update(b!).digest('hex');

describe('prefetchPrediction', () => {
  it('differs from the fixture data: the other dataset has fewer members', () => {
    expect(OTHER.split('\n').length).toBeLessThan(ORDERS.split('\n').length * 0.8);
    expect(OTHER.split('\n').length).toBeGreaterThan(ORDERS.split('\n').length * 0.5);
  });

  it('leaves the fit a later predict uses without reading the summaries again: same result as a predict on a fresh engine', async () => {
    const { engine, sqls } = await engineOn(ORDERS);
    expect(await engine.prefetchPrediction(CDNOW)).toBe('ok');
    expect(summaryReads(sqls)).toBe(2); // the calibration summary and the holdout's
    sqls.length = 0;
    const after = await engine.predict(CDNOW);
    expect(summaryReads(sqls)).toBe(0);
    const fresh = await (await engineOn(ORDERS)).engine.predict(CDNOW);
    expect(bytes(after.predictions)).toBe(bytes(fresh.predictions));
    expect(after.fit).toEqual(fresh.fit);
    expect(after.holdout).toEqual(fresh.holdout);
    expect(after.choice).toEqual(fresh.choice);
  });

  it('yields to a call waiting behind it: the metric is answered first, the prefetch then finishes', async () => {
    const { engine } = await engineOn(ORDERS);
    const order: string[] = [];
    const prefetch = engine.prefetchPrediction(CDNOW).then((s) => order.push(`prefetch ${s}`));
    const metric = engine.runMetric('orders', { from: '1997-01-01', to: '1997-12-31' }).then(() => order.push('metric'));
    await Promise.all([prefetch, metric]);
    expect(order).toEqual(['metric', 'prefetch ok']);
  });

  it('is cancelled by its request id between steps', async () => {
    const { engine } = await engineOn(ORDERS);
    const p = expect(engine.prefetchPrediction(CDNOW, { requestId: 'pf-1' })).rejects.toMatchObject({ code: 'cancelled' });
    const metric = engine.runMetric('orders', { from: '1997-01-01', to: '1997-12-31' }); // makes it yield once
    expect(await engine.cancel('pf-1')).toBe(true);
    await metric;
    await p;
  });

  it('a new dataset swapped in between its steps: the fit afterwards is the new data’s, never the old one’s', async () => {
    const { engine } = await engineOn(ORDERS);
    const prefetch = engine.prefetchPrediction(CDNOW);
    const swap = engine.loadCsvTable('orders', OTHER); // queued behind the first step: the prefetch yields to it
    await Promise.all([prefetch, swap]);
    const after = await engine.predict(CDNOW);
    // The same swap without a prefetch (a swap may store the rows in another order: the sums' rounding follows it).
    const control = (await engineOn(ORDERS)).engine;
    await control.loadCsvTable('orders', OTHER);
    const fresh = await control.predict(CDNOW);
    const old = await (await engineOn(ORDERS)).engine.predict(CDNOW);
    expect(after.fit!.members).toBe(fresh.fit!.members);
    expect(after.fit!.members).not.toBe(old.fit!.members);
    expect(bytes(after.predictions)).toBe(bytes(fresh.predictions));
    expect(after.fit).toEqual(fresh.fit);
  });

  it('a new dataset swapped in after it read the old calibration summary: that summary is not fitted', async () => {
    let swap: Promise<unknown> | null = null;
    const { engine, sqls } = await engineOn(ORDERS, (text) => {
      // The swap is asked while the prefetch reads its calibration summary: it runs right after that step.
      if (!swap && text.includes('AS t_x')) swap = engine.loadCsvTable('orders', OTHER);
    });
    await engine.prefetchPrediction(CDNOW);
    await swap;
    expect(summaryReads(sqls)).toBe(3); // the old summary, then the new data's two
    const after = await engine.predict(CDNOW);
    const control = (await engineOn(ORDERS)).engine;
    await control.loadCsvTable('orders', OTHER);
    const fresh = await control.predict(CDNOW);
    expect(after.fit!.members).toBe(fresh.fit!.members);
    expect(bytes(after.predictions)).toBe(bytes(fresh.predictions));
  });

  it('the same fit asked again keeps the member list cached on its predictions; another fit does not', async () => {
    const { engine, sqls } = await engineOn(ORDERS);
    const params = { from: '1997-07-01', to: '1997-10-01' };
    const page = () => engine.memberListPage({ list: 'value_at_risk' }, params, { offset: 0, limit: 20 });
    await engine.prefetchPrediction(CDNOW);
    const first = await page();
    sqls.length = 0;
    await engine.predict(CDNOW); // the panel's own predict after the prefetch: the same fit
    const again = await page();
    expect(sqls.filter((s) => s.includes('_member_predictions') && !s.includes('ORDER BY member_id')).length).toBe(0); // the list came from the cache
    expect(again).toEqual(first);
    sqls.length = 0;
    await engine.predict({ ...CDNOW, months: 3 }); // another horizon: other CLVs in the table
    const other = await page();
    expect(sqls.some((s) => s.includes('_member_predictions') && !s.includes('ORDER BY member_id'))).toBe(true);
    expect(other).not.toEqual(first);
  });

  it('runs its fits outside the engine (the fit worker in the browser): a query asked while the fitter works is answered before the fit ends', async () => {
    // A fitter held at its first fit until the test lets it go: the engine must not be waiting for it.
    let fitting!: () => void;
    const started = new Promise<void>((r) => (fitting = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inner = inProcessFitter();
    const held: Fitter = {
      ...inner,
      fit: async (...args) => {
        fitting();
        await gate;
        return inner.fit(...args);
      },
    };
    const { engine } = await engineOn(ORDERS, undefined, held);
    const order: string[] = [];
    const predicted = engine.predict(CDNOW).then((r) => (order.push('predict'), r));
    await started;
    const metric = engine.runMetric('orders', { from: '1997-01-01', to: '1997-12-31' }).then(() => order.push('metric'));
    // An engine that held its queue through the fit would never answer: the gate opens after 20 s at the latest (then the order fails the test).
    await Promise.race([metric, new Promise((r) => setTimeout(r, 20_000))]);
    order.push('fit released');
    release();
    const after = await predicted;
    await metric;
    expect(order).toEqual(['metric', 'fit released', 'predict']);
    const fresh = await (await engineOn(ORDERS)).engine.predict(CDNOW); // the same bytes as with the in-process fitter
    expect(bytes(after.predictions)).toBe(bytes(fresh.predictions));
    expect(after.fit).toEqual(fresh.fit);
  });

  it('a predict that joins a prefetch in flight shares its work and still answers when the prefetch is cancelled mid-summary', async () => {
    let cancelled: Promise<boolean> | null = null;
    const { engine } = await engineOn(ORDERS, (text) => {
      if (!cancelled && text.includes('AS t_x')) cancelled = engine.cancel('pf-2'); // while the shared calibration summary is read
    });
    const prefetch = engine.prefetchPrediction(CDNOW, { requestId: 'pf-2' }).then(
      () => 'finished',
      (e: { code?: string }) => e.code,
    );
    const predicted = engine.predict(CDNOW);
    expect(await prefetch).toBe('cancelled');
    expect(await cancelled).toBe(true);
    const after = await predicted;
    const fresh = await (await engineOn(ORDERS)).engine.predict(CDNOW);
    expect(after.status).toBe('ok');
    expect(bytes(after.predictions)).toBe(bytes(fresh.predictions));
    expect(after.fit).toEqual(fresh.fit);
  });
});
