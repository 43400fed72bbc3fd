// `store-compass fit` on the CDNOW sample: --count-zero-amount reproduces the published BG/NBD
// table; the JSON carries every model with standard errors, the holdout comparison and the choice.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main.ts';
import { CDNOW_DIR } from './cdnow.ts';

let dir: string;
let file: string;
beforeAll(() => {
  // CDNOW_sample.txt has no header line; the importer needs one. A temporary copy, never in the repo.
  dir = mkdtempSync(join(tmpdir(), 'cdnow-cli-'));
  file = join(dir, 'cdnow_sample.txt');
  writeFileSync(file, `customer_id sample_id date number_of_cds dollar_value\n${readFileSync(`${CDNOW_DIR}CDNOW_sample.txt`, 'utf8')}`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Model = { params: Record<string, number>; se: Record<string, number | null>; converged: boolean; logLikelihood: number };
type FitJson = {
  members: number;
  bgnbd: { r: number; alpha: number; a: number; b: number };
  models: Record<'bgnbd' | 'mbgnbd' | 'pareto_nbd', Model>;
  holdoutComparison: Record<string, { ok: boolean; total: { predicted: number; actual: number } }>;
  choice: { chosen: string; rule: string; totalError: Record<string, number> };
};

describe('store-compass fit --count-zero-amount', () => {
  it('reproduces the published BG/NBD on the CDNOW sample (r 0.2426, α 4.414, a 0.793, b 2.426) and prints all models with SEs and the choice', async () => {
    const out = (await main(['fit', file, '--calibration-end', '1997-09-30', '--unit', 'week', '--holdout-end', '1998-06-30', '--count-zero-amount'])) as FitJson;
    expect(out.members).toBe(2357);
    expect(out.bgnbd.r).toBeCloseTo(0.2426, 4);
    expect(out.bgnbd.alpha).toBeCloseTo(4.414, 3);
    expect(out.bgnbd.a).toBeCloseTo(0.793, 3);
    expect(out.bgnbd.b).toBeCloseTo(2.426, 3);
    for (const m of Object.values(out.models)) {
      expect(m.converged).toBe(true);
      for (const se of Object.values(m.se)) expect(se).toBeGreaterThan(0);
    }
    expect(Math.abs(out.models.pareto_nbd.params.r - 0.553)).toBeLessThan(0.001);
    // |Σ predicted − Σ actual| over the three holdout checks, measured: 229 (BG/NBD), 305 (MBG/NBD),
    // 216 (Pareto/NBD) of 1,882 — Pareto/NBD both has the least error and lets one-time buyers lapse.
    const errors = Object.fromEntries(Object.entries(out.holdoutComparison).map(([m, c]) => [m, Math.abs(c.total.predicted - c.total.actual)]));
    expect(out.choice.rule).toBe('holdout_total_error');
    expect(Object.entries(errors).sort((a, b) => a[1] - b[1])[0][0]).toBe('pareto_nbd');
    expect(out.choice.chosen).toBe('pareto_nbd');
    expect(out.choice.totalError).toEqual(errors);
  });
  it('without the switch the 8 customers whose only calibration purchase was $0 are left out (r 0.2439 on 2,349)', async () => {
    const out = (await main(['fit', file, '--calibration-end', '1997-09-30', '--unit', 'week'])) as FitJson;
    expect(out.members).toBe(2349);
    expect(out.bgnbd.r).toBeCloseTo(0.2439, 4);
    expect(out.choice.rule).toBe('log_likelihood'); // no holdout end: highest log-likelihood
    const best = Object.entries(out.models).sort((a, b) => b[1].logLikelihood - a[1].logLikelihood)[0][0];
    expect(out.choice.chosen).toBe(best);
  });
});
