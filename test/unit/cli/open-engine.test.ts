// Each CLI run spills into its own folder: DuckDB names its spill file the same in every process, so two
// runs sharing one folder overwrote each other's blocks (a 10M and a 100M report at once, session 6).
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openCliEngine } from '../../../scripts/cli/open-engine.ts';

const base = mkdtempSync(join(tmpdir(), 'cli-spill-test-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

it('two runs with the same --temp-dir spill into two new folders inside it, each removed when its engine closes', async () => {
  const files = ['test/fixtures/kpi-tiny/orders.csv'];
  const a = await openCliEngine(files, { tempDirectory: base, memoryLimit: '256MB' });
  const b = await openCliEngine(files, { tempDirectory: base, memoryLimit: '256MB' });
  expect(a.spillDirectory).not.toBe(b.spillDirectory);
  for (const r of [a, b]) {
    expect(dirname(r.spillDirectory)).toBe(base);
    expect(existsSync(r.spillDirectory)).toBe(true);
    // DuckDB really uses it: its temp_directory setting names this run's folder.
    const [{ v }] = await r.engine.rows({ text: "SELECT current_setting('temp_directory') AS v", params: [] });
    expect(v).toBe(r.spillDirectory);
  }
  a.driver.close();
  expect(existsSync(a.spillDirectory)).toBe(false);
  expect(existsSync(b.spillDirectory)).toBe(true);
  b.driver.close();
  expect(readdirSync(base)).toEqual([]);
});
