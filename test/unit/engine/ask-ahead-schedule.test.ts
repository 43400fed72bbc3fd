// Session 15: one scheduler for the page's asks ahead (src/lib/state/ask-ahead-schedule.ts), folded from the
// panels' and the strip's two copies of it. Checked with the recording host (ask-ahead-recording.ts): when it
// asks, that it asks again after giving way, that a stop cancels the call in flight — also when the ask has moved
// on to a second call under a new request id — and that it asks nothing more once stopped. Also the panels'
// questions by channel (metric-query.svelte.ts), now on it and asked after a longer rest (the filter click at 1M).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PANEL_CHANNELS_IDLE_MS,
  PANEL_PREFETCH_IDLE_MS,
  pageAskAheadHost,
  scheduleAskAhead,
  schedulePanelChannelPrefetch,
  STORE_ROLLUP_IDLE_MS,
  STRIP_AGAIN_MS,
  type AskAhead,
  type AskAheadOutcome,
} from '../../../src/lib/state/ask-ahead-schedule.ts';
import { PREFETCH_QUIET_MS } from '../../../workers/engine.ts';
import { recording, settled } from './ask-ahead-recording.ts';

/** An ask of two engine calls in turn (`first`, then `second` once the first is done), each under its own request id. */
const twoCalls = (first: (id: string) => Promise<AskAheadOutcome>, second: (id: string) => Promise<AskAheadOutcome>) => async (ahead: AskAhead) => {
  const outcome = await first(ahead.requestId());
  return outcome === 'done' && !ahead.stopped ? second(ahead.requestId()) : outcome;
};

describe('the ask-ahead schedule', () => {
  it('waits: nothing is asked before the rest, then one ask; nothing more once it is done', async () => {
    const { host, asker, asks, timers } = recording();
    scheduleAskAhead(700, (ahead) => asker('q')(ahead.requestId()), host);
    expect(asks).toEqual([]);
    expect(timers.map((t) => t.ms)).toEqual([700]);
    timers[0].run();
    expect(asks.map((a) => [a.kind, a.id])).toEqual([['q', 'r1']]);
    asks[0].settle('done');
    await settled();
    expect(timers).toHaveLength(1);
    expect(asks).toHaveLength(1);
  });

  it('gives way and asks again after the same rest, under a new request id, until done', async () => {
    const { host, asker, asks, timers } = recording();
    scheduleAskAhead(700, (ahead) => asker('q')(ahead.requestId()), host);
    timers[0].run();
    asks[0].settle('yielded');
    await settled();
    expect(asks).toHaveLength(1); // not at once: after the rest
    expect(timers.map((t) => t.ms)).toEqual([700, 700]);
    timers[1].run();
    expect(asks.map((a) => a.id)).toEqual(['r1', 'r2']);
    asks[1].settle('yielded');
    await settled();
    timers[2].run();
    asks[2].settle('done');
    await settled();
    expect(asks.map((a) => a.id)).toEqual(['r1', 'r2', 'r3']);
    expect(timers).toHaveLength(3);
  });

  it('asked again after its own wait when given one (againMs): the first wait only before the first ask', async () => {
    const { host, asker, asks, timers } = recording();
    scheduleAskAhead(300, (ahead) => asker('q')(ahead.requestId()), host, 1000);
    expect(timers.map((t) => t.ms)).toEqual([300]);
    timers[0].run();
    asks[0].settle('yielded');
    await settled();
    timers[1].run();
    asks[1].settle('yielded');
    await settled();
    expect(timers.map((t) => t.ms)).toEqual([300, 1000, 1000]);
  });

  it('a wait of 0: at once and again at once after giving way, no timer', async () => {
    const { host, asker, asks, timers } = recording();
    scheduleAskAhead(0, (ahead) => asker('q')(ahead.requestId()), host);
    expect(asks.map((a) => a.id)).toEqual(['r1']);
    asks[0].settle('yielded');
    await settled();
    expect(asks.map((a) => a.id)).toEqual(['r1', 'r2']);
    expect(timers).toEqual([]);
  });

  it('replaced (the data changed under it) or failed (cancelled): not asked again by this view', async () => {
    for (const end of ['replaced', 'failed'] as const) {
      const { host, asker, asks, timers } = recording();
      scheduleAskAhead(700, (ahead) => asker('q')(ahead.requestId()), host);
      timers[0].run();
      if (end === 'failed') asks[0].fail(new Error('cancelled'));
      else asks[0].settle(end);
      await settled();
      expect(timers).toHaveLength(1);
      expect(asks).toHaveLength(1);
    }
    const thrown = recording();
    scheduleAskAhead(
      0,
      () => {
        throw new Error('bad params');
      },
      thrown.host,
    );
    await settled();
    expect(thrown.timers).toEqual([]); // a throwing ask is a failed one: no unhandled rejection, nothing asked again
  });

  it('stopped before the rest: the timer is cleared, nothing asked or cancelled; stopped during an ask: that call is cancelled, nothing asked after it', async () => {
    const before = recording();
    const stopBefore = scheduleAskAhead(700, (ahead) => before.asker('q')(ahead.requestId()), before.host);
    stopBefore();
    expect(before.timers[0].cleared).toBe(true);
    expect(before.cancelled).toEqual([]);

    const { host, asker, asks, timers, cancelled } = recording();
    const stop = scheduleAskAhead(700, (ahead) => asker('q')(ahead.requestId()), host);
    timers[0].run();
    stop();
    expect(cancelled).toEqual(['r1']);
    asks[0].settle('yielded'); // it gave way as it stopped: not asked again
    await settled();
    expect(timers).toHaveLength(1);
    expect(asks).toHaveLength(1);
  });

  it('an ask that moves to a second call midway: a stop cancels the call in flight (the second id), and once done nothing is cancelled', async () => {
    const { host, asker, asks, timers, cancelled } = recording();
    const stop = scheduleAskAhead(700, twoCalls(asker('first'), asker('second')), host);
    timers[0].run();
    asks[0].settle('done');
    await settled();
    expect(asks.map((a) => [a.kind, a.id])).toEqual([
      ['first', 'r1'],
      ['second', 'r2'],
    ]);
    stop();
    expect(cancelled).toEqual(['r2']);

    const done = recording();
    const stopDone = scheduleAskAhead(700, twoCalls(done.asker('first'), done.asker('second')), done.host);
    done.timers[0].run();
    done.asks[0].settle('done');
    await settled();
    done.asks[1].settle('done');
    await settled();
    stopDone();
    expect(done.cancelled).toEqual([]); // nothing in flight
  });

  it('stopped while the first call runs: the second is not asked; the first giving way midway is asked again from the first call', async () => {
    const { host, asker, asks, timers, cancelled } = recording();
    const stop = scheduleAskAhead(700, twoCalls(asker('first'), asker('second')), host);
    timers[0].run();
    stop();
    expect(cancelled).toEqual(['r1']);
    asks[0].settle('done');
    await settled();
    expect(asks.map((a) => a.kind)).toEqual(['first']);

    const again = recording();
    scheduleAskAhead(700, twoCalls(again.asker('first'), again.asker('second')), again.host);
    again.timers[0].run();
    again.asks[0].settle('done');
    await settled();
    again.asks[1].settle('yielded');
    await settled();
    again.timers[1].run();
    expect(again.asks.map((a) => [a.kind, a.id])).toEqual([
      ['first', 'r1'],
      ['second', 'r2'],
      ['first', 'r3'],
    ]);
  });

  it("the page's host: real timers, and the engine's cancel called with the id (its promise not awaited)", async () => {
    const cancelled: string[] = [];
    const host = pageAskAheadHost(
      (id) => Promise.resolve(cancelled.push(id)),
      () => 'id-1',
    );
    expect(host.newRequestId()).toBe('id-1');
    host.cancel('id-9');
    expect(cancelled).toEqual(['id-9']);
    let ran = 0;
    const kept = host.setTimeout(() => ran++, 1);
    const cleared = host.setTimeout(() => (ran += 10), 1);
    host.clearTimeout(cleared);
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toBe(1);
    void kept;
  });
});

describe("the panels' questions by channel", () => {
  it('are asked after the rest of the slow panels (the page’s and the engine’s quiet), not within the seconds after a click', () => {
    // At 1.5 s the compass panel's store_compass for each channel (~1 s at 1M) ran between store clicks 2.5 s apart
    // and the next click waited for its running DuckDB task (bench/results.md, session 15 askahead).
    expect(PANEL_CHANNELS_IDLE_MS).toBeGreaterThanOrEqual(PANEL_PREFETCH_IDLE_MS + PREFETCH_QUIET_MS);
    expect(PANEL_CHANNELS_IDLE_MS).toBeGreaterThan(STORE_ROLLUP_IDLE_MS); // the strip's by-store / by-channel ones first
  });

  it("the strip's by-store and by-channel questions are asked soon after the strip is answered, so they end before a click seconds later", () => {
    // At 1 s they still ran 2.5 s after a store click at 1M (the trend by channel) and the next click waited for them.
    expect(STORE_ROLLUP_IDLE_MS).toBeLessThanOrEqual(300);
    expect(STRIP_AGAIN_MS).toBeGreaterThanOrEqual(1000); // not every 300 ms while a long call keeps the engine busy
  });

  it('wait PANEL_CHANNELS_IDLE_MS, are asked again after giving way, and a stop cancels the ask in flight', async () => {
    const { host, asker, asks, timers, cancelled } = recording();
    const stop = schedulePanelChannelPrefetch(asker('channels'), host);
    expect(asks).toEqual([]);
    expect(timers.map((t) => t.ms)).toEqual([PANEL_CHANNELS_IDLE_MS]);
    timers[0].run();
    asks[0].settle('yielded'); // a panel was still loading: before, never asked again until the view changed
    await settled();
    expect(timers.map((t) => t.ms)).toEqual([PANEL_CHANNELS_IDLE_MS, PANEL_CHANNELS_IDLE_MS]);
    timers[1].run();
    expect(asks.map((a) => a.id)).toEqual(['r1', 'r2']);
    stop();
    expect(cancelled).toEqual(['r2']);
  });

  it('the panel query uses it with engine.prefetchChannels, over every channel only', () => {
    const src = readFileSync('src/lib/state/metric-query.svelte.ts', 'utf8');
    expect(src).toContain("if (!req || req.params.channels?.length || query.status !== 'ready') return;");
    expect(src).toContain('return schedulePanelChannelPrefetch(');
    expect(src).toContain('(requestId) => engineClient().prefetchChannels([req], { requestId }),');
    expect(src).not.toContain('setTimeout');
  });
});
