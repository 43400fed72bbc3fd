// The page's prefetch of the value panel's default fit (src/lib/models/prefetch.ts), with fake engine
// and idle hooks: asked once per dataset and fit option, only when idle and ready, cancelled when the
// dataset or the option changes, neither cancelled nor repeated by a filter click.
import { describe, expect, it } from 'vitest';
import { FitPrefetcher, PREFETCH_MIN_ORDERS, defaultFitOptions } from '../../../src/lib/models/prefetch.ts';
import type { PredictionOptions } from '../../../src/lib/members/prediction.ts';

function harness() {
  const idle: (() => void)[] = [];
  const asked: { options: PredictionOptions; id: string }[] = [];
  const cancelled: string[] = [];
  let n = 0;
  const prefetcher = new FitPrefetcher({
    prefetch: (options, id) => (asked.push({ options, id }), new Promise(() => undefined)), // never answers: in flight
    cancel: (id) => cancelled.push(id),
    whenIdle(task) {
      idle.push(task);
      return () => idle.splice(idle.indexOf(task) >>> 0, 1);
    },
    newRequestId: () => `pf-${++n}`,
  });
  const runIdle = () => idle.splice(0).forEach((t) => t());
  return { prefetcher, idle, asked, cancelled, runIdle };
}
const big = (dataset: number, includeZeroAmount = false) => ({ dataset, orders: 1_000_000, includeZeroAmount });

describe('FitPrefetcher', () => {
  it('asks for the default fit once, when the page is idle after a large dataset is ready', () => {
    const h = harness();
    h.prefetcher.update(big(1));
    expect(h.asked).toEqual([]); // not before the idle moment
    h.runIdle();
    expect(h.asked).toEqual([{ options: defaultFitOptions(false), id: 'pf-1' }]);
    // Filter clicks re-derive the same input many times: nothing more is asked, nothing cancelled.
    for (let i = 0; i < 5; i++) h.prefetcher.update(big(1));
    h.prefetcher.update(big(1), false); // the page busy again with a click's answers
    h.runIdle();
    expect(h.asked).toHaveLength(1);
    expect(h.cancelled).toEqual([]);
  });

  it('the default options are the value panel’s: 12 months, 1 % a month, the data’s own end and split', () => {
    expect(defaultFitOptions(true)).toEqual({ months: 12, monthlyDiscount: 0.01, includeZeroAmount: true });
  });

  it('waits for the page to be ready', () => {
    const h = harness();
    h.prefetcher.update(big(1), false);
    h.runIdle();
    expect(h.asked).toEqual([]);
    h.prefetcher.update(big(1), true);
    h.runIdle();
    expect(h.asked.map((a) => a.id)).toEqual(['pf-1']);
  });

  it('a new dataset cancels the prefetch of the old one and asks again for the new one', () => {
    const h = harness();
    h.prefetcher.update(big(1));
    h.runIdle();
    h.prefetcher.update(big(2), false); // the import swapped in, the page still busy
    expect(h.cancelled).toEqual(['pf-1']);
    h.runIdle();
    expect(h.asked).toHaveLength(1);
    h.prefetcher.update(big(2));
    h.runIdle();
    expect(h.asked.map((a) => a.id)).toEqual(['pf-1', 'pf-2']);
  });

  it('a new dataset before the idle moment: the old one is never asked', () => {
    const h = harness();
    h.prefetcher.update(big(1));
    h.prefetcher.update(big(2));
    h.runIdle();
    expect(h.asked.map((a) => a.id)).toEqual(['pf-1']);
    expect(h.idle).toEqual([]);
    expect(h.cancelled).toEqual([]);
  });

  it('the zero-amount option (口径) changes the fit: cancelled and asked again with it', () => {
    const h = harness();
    h.prefetcher.update(big(1));
    h.runIdle();
    h.prefetcher.update(big(1, true));
    h.runIdle();
    expect(h.cancelled).toEqual(['pf-1']);
    expect(h.asked.map((a) => a.options.includeZeroAmount)).toEqual([false, true]);
  });

  it('small data (the demo) and no data: nothing asked', () => {
    const h = harness();
    h.prefetcher.update({ dataset: 1, orders: PREFETCH_MIN_ORDERS - 1, includeZeroAmount: false });
    h.prefetcher.update(null);
    h.runIdle();
    expect(h.asked).toEqual([]);
  });

  it('stop (the page closed) cancels the prefetch in flight', () => {
    const h = harness();
    h.prefetcher.update(big(1));
    h.runIdle();
    h.prefetcher.stop();
    expect(h.cancelled).toEqual(['pf-1']);
  });
});

describe('FitPrefetcher.postpone', () => {
  it('a view change before the quiet moment schedules the prefetch again; it is still sent once', () => {
    const h = harness();
    h.prefetcher.update(big(1));
    expect(h.idle).toHaveLength(1);
    const first = h.idle[0];
    h.prefetcher.postpone(); // a filter click while waiting
    expect(h.idle).toHaveLength(1);
    expect(h.idle[0]).toBe(first); // the same prefetch, scheduled anew (the old schedule dropped)
    h.prefetcher.postpone();
    expect(h.asked).toEqual([]);
    h.runIdle();
    expect(h.asked.map((a) => a.id)).toEqual(['pf-1']);
    expect(h.cancelled).toEqual([]);
  });

  it('leaves a prefetch already sent running, and does nothing when none is scheduled', () => {
    const h = harness();
    h.prefetcher.postpone(); // nothing scheduled yet
    expect(h.idle).toEqual([]);
    h.prefetcher.update(big(1));
    h.runIdle();
    h.prefetcher.postpone();
    expect(h.idle).toEqual([]); // not scheduled again
    expect(h.cancelled).toEqual([]); // not cancelled either: its finished steps are kept
    expect(h.asked).toHaveLength(1);
  });

  it('after stop, postpone schedules nothing', () => {
    const h = harness();
    h.prefetcher.update(big(1));
    h.prefetcher.stop();
    h.prefetcher.postpone();
    expect(h.idle).toEqual([]);
    h.runIdle();
    expect(h.asked).toEqual([]);
  });
});
