// Session 14 (issue 14, the first store click after opening a saved 1M dataset was the slowest): the KPI strip's
// questions by store (then by channel) are asked again after they give way to another call, as long as the view
// stays (scheduleStripPrefetch in src/lib/state/ask-ahead-schedule.ts, used by kpi-strip-query.svelte.ts). Before, a roll-up that gave
// way (after a restore: to a call queued at that moment) was not asked again until the view changed, and the first
// store click ran its strip's SQL. Checked with a recording client: when and what it asks.
import { describe, expect, it } from 'vitest';
import { scheduleStripPrefetch, STORE_ROLLUP_IDLE_MS, STRIP_AGAIN_MS } from '../../../src/lib/state/ask-ahead-schedule.ts';
import { recording as recordingHost, settled } from './ask-ahead-recording.ts';

/** The recording host with the strip's two asks. */
function recording(channels = true) {
  const r = recordingHost();
  const schedule = () => scheduleStripPrefetch({ rollups: r.asker('rollups'), channels: channels ? r.asker('channels') : null }, r.host);
  return { ...r, schedule };
}

describe('the strip questions asked ahead by store and channel', () => {
  it('after the rest: the store roll-ups, then the channels; nothing more once both are done', async () => {
    const { schedule, asks, timers } = recording();
    schedule();
    expect(asks).toEqual([]);
    expect(timers.map((t) => t.ms)).toEqual([STORE_ROLLUP_IDLE_MS]);
    timers[0].run();
    expect(asks.map((a) => a.kind)).toEqual(['rollups']);
    asks[0].settle('done');
    await settled();
    expect(asks.map((a) => a.kind)).toEqual(['rollups', 'channels']);
    asks[1].settle('done');
    await settled();
    expect(timers).toHaveLength(1);
  });

  it('roll-ups that gave way are asked again after the rest, then the channels', async () => {
    const { schedule, asks, timers } = recording();
    schedule();
    timers[0].run();
    asks[0].settle('yielded');
    await settled();
    expect(asks).toHaveLength(1); // not at once: after the rest
    expect(timers.map((t) => t.ms)).toEqual([STORE_ROLLUP_IDLE_MS, STRIP_AGAIN_MS]);
    timers[1].run();
    expect(asks.map((a) => a.kind)).toEqual(['rollups', 'rollups']);
    expect(asks[1].id).not.toBe(asks[0].id);
    asks[1].settle('done');
    await settled();
    expect(asks.map((a) => a.kind)).toEqual(['rollups', 'rollups', 'channels']);
  });

  it('channels that gave way are asked again too (from the roll-ups, which skip what is held); none when the view filters channels', async () => {
    const { schedule, asks, timers } = recording();
    schedule();
    timers[0].run();
    asks[0].settle('done');
    await settled();
    asks[1].settle('yielded');
    await settled();
    timers[1].run();
    expect(asks.map((a) => a.kind)).toEqual(['rollups', 'channels', 'rollups']);

    const only = recording(false);
    only.schedule();
    only.timers[0].run();
    only.asks[0].settle('done');
    await settled();
    expect(only.asks.map((a) => a.kind)).toEqual(['rollups']);
    expect(only.timers).toHaveLength(1);
  });

  it('stopped (a view change): the timer is cleared, a running ask cancelled, and nothing asked again after it gives way', async () => {
    const { schedule, asks, timers, cancelled } = recording();
    const stop = schedule();
    timers[0].run();
    stop();
    expect(cancelled).toEqual([asks[0].id]);
    asks[0].settle('yielded');
    await settled();
    expect(timers).toHaveLength(1);
    expect(timers[0].cleared).toBe(true);

    const before = recording();
    const stopBefore = before.schedule();
    stopBefore();
    expect(before.timers[0].cleared).toBe(true);
    expect(before.cancelled).toEqual([]);
  });

  it('a cancelled ask (the request failed) is not asked again by this view', async () => {
    const { schedule, asks, timers } = recording();
    schedule();
    timers[0].run();
    asks[0].fail(new Error('cancelled'));
    await settled();
    expect(timers).toHaveLength(1);
    expect(asks).toHaveLength(1);
  });
});
