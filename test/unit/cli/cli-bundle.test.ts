// Session 15 (issue 14): `store-compass` runs its sources bundled by esbuild (scripts/cli/cli-bundle.mjs) instead of
// through tsx at every start. The bundle must never be stale: it is used only while every source it was built from
// has the bytes it was built from, and is rebuilt otherwise. The bundled command and its bundled fit worker give what
// the sources give.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain ES module (scripts/cli/cli-bundle.mjs) without type declarations
import { buildBundle, bundledMain, currentBundle, ENTRIES } from '../../../scripts/cli/cli-bundle.mjs';
import { aggregateBgnbd } from '../../../workers/models/bgnbd-likelihood.ts';
import { fitModel, type FittedModel } from '../../../workers/models/models.ts';
import { CDNOW_DIR } from '../models/cdnow.ts';
import { simulateBgnbd } from '../models/simulate.ts';

describe('the CLI bundle is rebuilt when a source changes', () => {
  let root: string;
  beforeAll(() => {
    // A stand-in checkout: the two entries and a module one of them imports.
    root = mkdtempSync(join(tmpdir(), 'cli-bundle-'));
    mkdirSync(join(root, 'scripts/cli'), { recursive: true });
    writeFileSync(join(root, 'scripts/cli/dep.ts'), "export const version: string = 'one';\n");
    writeFileSync(join(root, ENTRIES.main), "import { version } from './dep.ts';\nexport const run = (): string => version;\n");
    writeFileSync(join(root, ENTRIES['fit-worker']), 'export {};\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const runOf = async (main: string) => ((await import(pathToFileURL(main).href)) as { run: () => string }).run();

  it('built once, then found current; a changed or missing source makes it stale; the rebuild runs the new code', async () => {
    expect(currentBundle(root)).toBeNull();
    const first = await buildBundle(root);
    expect(currentBundle(root)).toBe(first);
    expect(readFileSync(join(dirname(first), 'fit-worker.mjs'), 'utf8')).not.toContain('tsx');
    expect(await runOf(first)).toBe('one');

    writeFileSync(join(root, 'scripts/cli/dep.ts'), "export const version: string = 'two';\n"); // same size, other bytes
    expect(currentBundle(root)).toBeNull();
    const second = await buildBundle(root);
    expect(second).not.toBe(first);
    expect(currentBundle(root)).toBe(second);
    expect(await runOf(second)).toBe('two');

    rmSync(join(root, 'scripts/cli/dep.ts'));
    expect(currentBundle(root)).toBeNull();
  });
});

describe('the bundled command gives what the sources give', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-bundle-cdnow-'));
    file = join(dir, 'cdnow_sample.txt');
    writeFileSync(file, `customer_id sample_id date number_of_cds dollar_value\n${readFileSync(`${CDNOW_DIR}CDNOW_sample.txt`, 'utf8')}`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('store-compass fit on CDNOW: the same JSON bundled and through tsx', async () => {
    expect(await bundledMain()).toMatch(/node_modules\/\.cache\/store-compass-cli\/.*\/main\.mjs$/);
    const args = ['fit', file, '--calibration-end', '1997-09-30', '--unit', 'week', '--holdout-end', '1998-06-30', '--count-zero-amount', '--threads', '1'];
    const bundled = execFileSync('scripts/store-compass.mjs', args, { encoding: 'utf8' });
    // One DuckDB thread: a parallel sum of a member's spend rounds differently run to run (Gamma-Gamma's last digits).
    const sources = execFileSync('scripts/store-compass.mjs', args, { encoding: 'utf8', env: { ...process.env, STORE_COMPASS_NO_BUNDLE: '1' } });
    expect(JSON.parse(bundled).members).toBe(2357);
    expect(bundled).toBe(sources);
  });

  it("the bundle's fit worker thread fits as fitModel does here", async () => {
    const main = currentBundle() ?? (await buildBundle());
    const ages = Array.from({ length: 400 }, (_, i) => 20 + (i % 20));
    const data = aggregateBgnbd(simulateBgnbd({ r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, ages, 7));
    const fit = await new Promise<FittedModel>((resolve, reject) => {
      const worker = new Worker(join(dirname(main), 'fit-worker.mjs'), { workerData: { model: 'pareto_nbd', data } });
      worker.once('message', (m: FittedModel) => {
        resolve(m);
        void worker.terminate();
      });
      worker.once('error', reject);
    });
    expect(fit).toStrictEqual(fitModel('pareto_nbd', data));
  });
});
