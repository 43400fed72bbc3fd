// Session 12 (issue 14, `store-compass fit` ≤ 2× native): past THREAD_PARETO_HISTORIES histories the
// command fits Pareto/NBD in a worker thread (scripts/cli/fit-worker.mjs) while its own thread fits the
// other models. The report must be the same bytes as the one-thread fit's: the same code on the same numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFit } from '../../../scripts/cli/fit.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { aggregateBgnbd } from '../../../workers/models/bgnbd-likelihood.ts';
import { fitModels } from '../../../workers/models/fit.ts';
import { fitModel } from '../../../workers/models/models.ts';
import type { CalibrationSummary } from '../../../workers/models/types.ts';
import { loadCdnowSample } from './cdnow.ts';

const ARGS = { calibrationEnd: '1997-09-30', unit: 'week' as const, holdoutEnd: '1998-06-30', includeZeroAmount: true };
let engine: Engine;
let close: () => void;
beforeAll(async () => {
  // One DuckDB thread: a parallel sum's rounding may differ from run to run (the spend behind Gamma-Gamma).
  const driver = await openNativeDriver(':memory:', { threads: 1 });
  close = () => driver.close();
  engine = await createEngine(driver);
  await engine.loadCsvTable('orders', loadCdnowSample().ordersCsv);
});
afterAll(() => close());

describe('store-compass fit with Pareto/NBD in a worker thread', () => {
  it('CDNOW: the same report, byte for byte, as on one thread', async () => {
    const one = await runFit(engine, ARGS, { threadFrom: Infinity });
    const two = await runFit(engine, ARGS, { threadFrom: 0 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(two).toStrictEqual(one);
    expect((one as { models: { pareto_nbd: { converged: boolean } } }).models.pareto_nbd.converged).toBe(true);
  });

  it('fitModels takes a given model as it is and fits the others', async () => {
    const rows = (await engine.rows({
      text: 'SELECT * FROM (VALUES (1.0, 0.0, 0.0, 30.0, 0.0), (2.0, 3.0, 20.0, 30.0, 12.5)) t(member_id, x, t_x, "T", monetary)',
      params: [],
    })) as unknown as CalibrationSummary[];
    const summaries = Array.from({ length: 40 }, (_, i) => ({ ...rows[i % 2], member_id: String(i), x: rows[i % 2].x + (i % 5 === 0 ? 1 : 0) }));
    const marker = { ...fitModel('bgnbd', aggregateBgnbd(summaries)), iterations: -1 };
    const fit = fitModels(summaries, { given: { bgnbd: marker } });
    expect(fit.models.bgnbd).toBe(marker);
    expect(fit.bgnbd.iterations).toBe(-1);
    expect(fit.models.mbgnbd).toEqual(fitModels(summaries).models.mbgnbd);
  });
});
