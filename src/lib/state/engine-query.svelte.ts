/**
 * One way to ask the worker from a component: `useEngineQuery(input, run, apply)` reruns `run`
 * whenever `input()` changes, cancels the superseded request, drops stale answers, and keeps a
 * status / error for the panel shell. Metric, member-list and prediction queries are built on it.
 */
import { untrack } from 'svelte';
import { engineClient, newRequestId } from '../engine/client.ts';
import { isEngineError } from '../engine/errors.ts';

import type { QueryStatus } from './query-status.ts';

export { combineStatus, type QueryStatus } from './query-status.ts';

export class QueryState {
  status = $state<QueryStatus>('idle');
  error = $state<string | null>(null);
}

/** Bumped whenever the dataset changes (Dashboard): the same question about new data is a new question. */
const data = $state({ version: 0 });
export function dataChanged(): void {
  data.version++;
}

/**
 * `input` returns a plain snapshot of what the query needs (or null: nothing to run yet);
 * `run(input, requestId)` asks the engine; `apply(result)` stores the answer of the latest request.
 * An input equal to the one answered or in flight (same JSON, same data) asks nothing: a filter
 * click re-derives every panel's parameters (and the hash change after it once more), and a
 * panel whose own parameters did not change keeps its answer instead of queueing the same SQL.
 */
export function useEngineQuery<I, R>(state: QueryState, input: () => I | null, run: (input: I, requestId: string) => Promise<R>, apply: (result: R) => void): void {
  /** The request in flight ('' when none) and the question it (or the answer shown) belongs to. */
  let latest = '';
  let asked: string | null = null;
  const cancelLatest = () => {
    if (latest) void engineClient().cancel(latest);
    latest = '';
  };
  // Unmounted: the answer in flight is no longer wanted.
  $effect(() => () => {
    cancelLatest();
    asked = null;
  });
  $effect(() => {
    const args = input();
    const version = data.version;
    if (args === null) {
      // Nothing to ask (e.g. a dataset without orders has no period): not loading, no stale answer kept waiting.
      cancelLatest();
      asked = null;
      if (state.status === 'loading') state.status = 'idle';
      return;
    }
    const question = JSON.stringify([args, version]);
    // A failed question may be asked again (untracked: the status changing must not rerun this).
    if (question === asked && untrack(() => state.status) !== 'error') return;
    asked = question;
    cancelLatest(); // superseded
    const id = (latest = newRequestId());
    state.status = 'loading';
    run(args, id)
      .then((result) => {
        if (id !== latest) return;
        latest = '';
        apply(result);
        state.error = null;
        state.status = 'ready';
      })
      .catch((e: unknown) => {
        if (id !== latest || (isEngineError(e) && e.code === 'cancelled')) return;
        latest = '';
        state.error = isEngineError(e) ? e.message : String(e);
        state.status = 'error';
        console.error(e);
      });
  });
}
