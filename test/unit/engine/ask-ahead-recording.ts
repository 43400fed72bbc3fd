/**
 * The one recording host and asks for the ask-ahead schedules' tests (src/lib/state/ask-ahead-schedule.ts): each
 * timer and cancel is recorded, each ask is recorded with its request id (and `eager` where the ask has it), and
 * the test settles or fails each ask itself.
 */
import type { AskAheadHost, AskAheadOutcome } from '../../../src/lib/state/ask-ahead-schedule.ts';

export interface RecordedAsk {
  kind: string;
  id: string;
  eager?: boolean;
  settle: (outcome: AskAheadOutcome) => void;
  fail: (e: Error) => void;
}

export function recording() {
  const asks: RecordedAsk[] = [];
  const timers: { run: () => void; ms: number; cleared: boolean }[] = [];
  const cancelled: string[] = [];
  let n = 0;
  const host: AskAheadHost = {
    cancel: (id) => void cancelled.push(id),
    newRequestId: () => `r${++n}`,
    setTimeout: (run, ms) => timers.push({ run, ms, cleared: false }) - 1,
    clearTimeout: (i) => {
      if (typeof i === 'number' && timers[i]) timers[i].cleared = true;
    },
  };
  /** An engine call of kind `kind`, recorded when asked, pending until the test settles it. */
  const asker =
    (kind: string) =>
    (id: string, eager?: boolean): Promise<AskAheadOutcome> =>
      new Promise((settle, fail) => asks.push({ kind, id, ...(eager === undefined ? {} : { eager }), settle, fail }));
  return { host, asker, asks, timers, cancelled };
}

/** Lets the promise callbacks queued so far run. */
export const settled = () => new Promise((r) => setTimeout(r, 0));
