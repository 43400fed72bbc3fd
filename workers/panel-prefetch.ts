/**
 * The first paint of the repurchase, benefits, segments and churn panels asked ahead (issue 14, sessions 11–12):
 * their own SQL (monthly rates over 12 months, the RFM snapshot and migration, benefit use) takes
 * 1.4–4.1 s at 1M orders at the visit. While the view rests the page asks for the same questions
 * (src/lib/state/panel-requests.ts) through engine.prefetchPanels; each answer is a catalogue metric's
 * result, kept in the engine's result cache under its own statement, so a visit then reads them
 * without SQL. Low priority: before each statement it lets the worker take the messages that came
 * (a task boundary, `pause`), then gives way when a real call is waiting or one
 * ended less than 3 s ago (the user is not resting), and a real call that comes while one of its
 * statements runs interrupts that statement (engine.ts; the rest is not asked, the page asks again
 * when the view rests). Natively the interrupt frees the click at once; in the tab the statement runs
 * as a pending query (drivers/wasm-pending.ts) and stops at its next poll, after the DuckDB task
 * running when the click came (0.2–0.6 s under load). Session 13: at the report of an import the page asks
 * `eager` (src/lib/state/ask-ahead-schedule.ts): `busy` is then only "a real call is waiting", not the
 * quiet period after one, so the prefetch starts at once after the import's own calls. A swap
 * since it was asked (a new dataset) ends it: the cache was cleared by the swap and the questions
 * were the old view's.
 */
import type { MetricParams } from '../src/lib/metrics/params.ts';

export type PanelPrefetchOutcome = 'done' | 'yielded' | 'replaced';

export interface PanelPrefetchDeps {
  /** Whether the answer of metric `id` under `params` is held already (no SQL would run). */
  held(id: string, params: MetricParams): boolean;
  /**
   * Answers metric `id` under `params` as runMetrics would (kept in the result cache); false when its
   * statement was interrupted because a real call came (nothing kept).
   */
  answer(id: string, params: MetricParams): Promise<boolean>;
  /** A real call is waiting for the engine, or one ended a moment ago (the user is active): the prefetch gives way. */
  busy(): boolean;
  /** The data was replaced since the prefetch was asked. */
  replaced(): boolean;
  /** Throws when the prefetch was cancelled. */
  checkpoint(): void;
  /**
   * Ends the worker's task before a statement (default: a zero timeout), so the messages that came
   * meanwhile (a click's call, a cancel) are taken in and `busy` sees them before the next statement
   * starts, instead of interrupting it after its first DuckDB task. Before the tab's statements became
   * pending queries the loop ran in microtasks only, as one task, and a click waited for every statement
   * left (session 12: the repurchase panel's answers were held, and its visit still waited 21 s at load 17).
   */
  pause?(): Promise<void>;
}

/** Ends the worker's task (a zero timeout): the messages that came meanwhile are taken in before it resolves. The engine's other prefetch loops use it too. */
export const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface PrefetchStepDeps {
  /** Ends the worker's task before the statement (default nextTask; see PanelPrefetchDeps.pause). */
  pause?: () => Promise<void>;
  /** The prefetch gives way now (a real call is waiting, …): the statement does not start. */
  giveWay: () => boolean;
  /** Throws when the prefetch was cancelled. */
  checkpoint: () => void;
}

/**
 * What every prefetch loop does before each of its statements (the panels here; the store roll-ups and the
 * channels in engine.ts, session 13: one helper instead of the same four lines in each loop): end the task
 * so the messages that came meanwhile are taken in, give way if it must, the cancel checkpoint, then the
 * statement. Resolves the statement's answer (null when it was interrupted), or null without running it
 * when the prefetch gives way.
 */
export async function prefetchStep<T>(statement: () => Promise<T | null>, { pause = nextTask, giveWay, checkpoint }: PrefetchStepDeps): Promise<T | null> {
  await pause();
  if (giveWay()) return null;
  checkpoint();
  return statement();
}

/** Answers every metric of `requests`, in order, that is not held yet; stops early as the outcome says. */
export async function prefetchPanelAnswers(requests: readonly { ids: readonly string[]; params: MetricParams }[], deps: PanelPrefetchDeps): Promise<PanelPrefetchOutcome> {
  for (const { ids, params } of requests) {
    for (const id of ids) {
      if (deps.replaced()) return 'replaced';
      if (deps.held(id, params)) continue;
      // A swap taken in during the pause ends it; a click that came goes first (the rest is asked again later).
      const answered = await prefetchStep(async () => (await deps.answer(id, params)) || null, {
        pause: deps.pause,
        giveWay: () => deps.replaced() || deps.busy(),
        checkpoint: deps.checkpoint,
      });
      if (!answered) return deps.replaced() ? 'replaced' : 'yielded';
    }
  }
  return 'done';
}
