/**
 * One way to ask the worker from a component: `useEngineQuery(input, run, apply)` reruns `run`
 * whenever `input()` changes, cancels the superseded request, drops stale answers, and keeps a
 * status / error for the panel shell. Metric, member-list and prediction queries are built on it.
 */
import { engineClient, newRequestId } from '../engine/client.ts';
import { isEngineError } from '../engine/errors.ts';

import type { QueryStatus } from './query-status.ts';

export { combineStatus, type QueryStatus } from './query-status.ts';

export class QueryState {
  status = $state<QueryStatus>('idle');
  error = $state<string | null>(null);
}

/**
 * `input` returns a plain snapshot of what the query needs (or null: nothing to run yet);
 * `run(input, requestId)` asks the engine; `apply(result)` stores the answer of the latest request.
 */
export function useEngineQuery<I, R>(state: QueryState, input: () => I | null, run: (input: I, requestId: string) => Promise<R>, apply: (result: R) => void): void {
  let latest = '';
  $effect(() => {
    const args = input();
    if (args === null) {
      // Nothing to ask (e.g. a dataset without orders has no period): not loading, no stale answer kept waiting.
      if (state.status === 'loading') state.status = 'idle';
      return;
    }
    const id = (latest = newRequestId());
    state.status = 'loading';
    run(args, id)
      .then((result) => {
        if (id !== latest) return;
        apply(result);
        state.error = null;
        state.status = 'ready';
      })
      .catch((e: unknown) => {
        if (id !== latest || (isEngineError(e) && e.code === 'cancelled')) return;
        state.error = isEngineError(e) ? e.message : String(e);
        state.status = 'error';
        console.error(e);
      });
    return () => {
      // Superseded (new input, or none) or unmounted: the answer of this request is no longer wanted.
      if (latest === id) {
        latest = '';
        void engineClient().cancel(id);
      }
    };
  });
}
