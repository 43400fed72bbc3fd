/**
 * The fit worker: the prediction's numeric work (workers/prediction/fitting.ts: the models' fits, the
 * holdout's fits and checks, the per-member scores), with no DuckDB, so the engine worker answers other
 * panels' queries while the optimiser runs (issue 14). The page starts it beside the engine worker and
 * hands each one end of a MessageChannel (src/lib/engine/client.ts); the engine calls it through comlink
 * on that port. Summaries arrive as typed arrays (transferred), the scores go back as UTF-8 bytes (transferred).
 * The work runs a step at a time (a model's fit is a step) with a task boundary between steps, so a
 * cancel (the data was replaced: workers/prediction/service.ts invalidate) is read and the work for the
 * old data stops at its next step instead of running to its end.
 */
// First import: no other module runs before the network is taken away (network-lock.ts); nothing here needs it.
import { seal } from './network-lock.ts';
import * as Comlink from 'comlink';
import { steppedWork, type Fitter } from './prediction/fitting.ts';

seal();

const work = steppedWork();

/** What the fit worker serves: the Fitter's work, step by step, and the cancel of everything in flight. */
export const fitWorkerApi = {
  fit: (...[s, calibrationEnd]: Parameters<Fitter['fit']>) => work.fit(s, calibrationEnd),
  holdout: (...[s, split, skip]: Parameters<Fitter['holdout']>) => work.holdout(s, split, skip),
  async score(...[s, fit, options, model]: Parameters<Fitter['score']>): Promise<Uint8Array> {
    const bytes = new TextEncoder().encode(await work.score(s, fit, options, model));
    return Comlink.transfer(bytes, [bytes.buffer]);
  },
  cancel: () => work.cancel(),
};
export type FitWorkerApi = typeof fitWorkerApi;

/** The one message the page sends: the port the engine worker calls on. */
self.addEventListener('message', function connect(e: MessageEvent) {
  const port = (e.data as { fitPort?: MessagePort } | null)?.fitPort;
  if (!port) return;
  self.removeEventListener('message', connect);
  Comlink.expose(fitWorkerApi, port);
});
