/**
 * The fit worker: the prediction's numeric work (workers/prediction/fitting.ts: the models' fits, the
 * holdout's fits and checks, the per-member scores), with no DuckDB, so the engine worker answers other
 * panels' queries while the optimiser runs (issue 14). The page starts it beside the engine worker and
 * hands each one end of a MessageChannel (src/lib/engine/client.ts); the engine calls it through comlink
 * on that port. Summaries arrive as typed arrays (transferred), the scores go back as UTF-8 bytes (transferred).
 */
// First import: no other module runs before the network is taken away (network-lock.ts); nothing here needs it.
import { seal } from './network-lock.ts';
import * as Comlink from 'comlink';
import { fitOn, holdoutOn, scoreOn, type Fitter } from './prediction/fitting.ts';
import { summaryRowsOf } from './prediction/summary-rows.ts';

seal();

/** What the fit worker serves: the Fitter's work, synchronously (comlink makes it a promise on the other side). */
export const fitWorkerApi = {
  fit: (...[s, calibrationEnd]: Parameters<Fitter['fit']>) => fitOn(summaryRowsOf(s), calibrationEnd),
  holdout: (...[s, split, skip]: Parameters<Fitter['holdout']>) => holdoutOn(summaryRowsOf(s), split, skip),
  score(...[s, fit, options, model]: Parameters<Fitter['score']>): Uint8Array {
    const bytes = new TextEncoder().encode(scoreOn(summaryRowsOf(s), fit, options, model));
    return Comlink.transfer(bytes, [bytes.buffer]);
  },
};
export type FitWorkerApi = typeof fitWorkerApi;

/** The one message the page sends: the port the engine worker calls on. */
self.addEventListener('message', function connect(e: MessageEvent) {
  const port = (e.data as { fitPort?: MessagePort } | null)?.fitPort;
  if (!port) return;
  self.removeEventListener('message', connect);
  Comlink.expose(fitWorkerApi, port);
});
