/**
 * The engine worker's side of the fit worker (workers/fit-worker.ts): a Fitter whose work runs there.
 * The summaries cross as transferables: the holdout's is handed over; the calibration summary, which
 * the engine keeps for the scores (another split may choose another model), as a transferred copy.
 * cancel() (the data was replaced) rejects what is in flight at once and tells the fit worker to stop it.
 */
import * as Comlink from 'comlink';
import type { FitWorkerApi } from '../fit-worker.ts';
import { abandonable, type Fitter } from './fitting.ts';
import { copySummary, summaryBuffers, type SummaryColumns } from './summary-rows.ts';

const handOver = (s: SummaryColumns) => Comlink.transfer(s, summaryBuffers(s));

export function remoteFitter(port: MessagePort): Fitter {
  const remote = Comlink.wrap<FitWorkerApi>(port);
  return abandonable(
    {
      fit: (s, calibrationEnd) => remote.fit(handOver(copySummary(s)), calibrationEnd),
      holdout: (s, split, skip) => remote.holdout(handOver(s), split, skip),
      score: (s, fit, options, model) => remote.score(handOver(copySummary(s)), fit, options, model),
    },
    () => void remote.cancel().catch(() => undefined),
  );
}
