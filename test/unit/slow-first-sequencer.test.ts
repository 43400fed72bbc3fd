// Guards the CI order: on a fresh machine (no Vitest results cache) the costliest files start first,
// within their project, and projects keep their order (unit before e2e).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import SlowFirstSequencer, { MEASURED_SECONDS } from '../slow-first-sequencer.ts';

const spec = (project: string, path: string) =>
  ({ moduleId: `/repo/${path}`, project: { name: project, config: { sequence: { groupOrder: 0 }, isolate: true } } }) as unknown as TestSpecification;

const freshMachine = { config: { root: '/repo' }, cache: { getFileTestResults: () => undefined, getFileStats: () => undefined } } as unknown as Vitest;

describe('slow-first sequencer', () => {
  it('starts two-tabs first among e2e files and the property suites first among unit files, without a results cache', async () => {
    const files = [
      spec('e2e', 'test/e2e/benefits.test.ts'),
      spec('e2e', 'test/e2e/two-tabs.test.ts'),
      spec('e2e', 'test/e2e/import.test.ts'),
      spec('unit', 'test/unit/sql.test.ts'),
      spec('unit', 'test/unit/metrics/properties-fixtures.test.ts'),
    ];
    const order = (await new SlowFirstSequencer(freshMachine).sort(files)).map((s) => `${s.project.name}:${s.moduleId.slice('/repo/'.length)}`);
    expect(order).toEqual([
      'e2e:test/e2e/two-tabs.test.ts',
      'e2e:test/e2e/import.test.ts',
      'e2e:test/e2e/benefits.test.ts',
      'unit:test/unit/metrics/properties-fixtures.test.ts',
      'unit:test/unit/sql.test.ts',
    ]);
  });

  it('orders the middle-sized files by their measured time too, longest first, then the unlisted ones in the base order', async () => {
    const files = [
      spec('e2e', 'test/e2e/zz-unlisted.test.ts'),
      spec('e2e', 'test/e2e/chart-png.test.ts'),
      spec('e2e', 'test/e2e/benefits.test.ts'),
      spec('e2e', 'test/e2e/value.test.ts'),
      spec('unit', 'test/unit/cli.test.ts'),
      spec('unit', 'test/unit/drivers/wasm-pending.test.ts'),
    ];
    const order = (await new SlowFirstSequencer(freshMachine).sort(files)).map((s) => s.moduleId.slice('/repo/'.length));
    expect(order).toEqual([
      'test/e2e/value.test.ts', // 41 s
      'test/e2e/benefits.test.ts', // 34 s
      'test/e2e/chart-png.test.ts', // 13 s
      'test/e2e/zz-unlisted.test.ts',
      'test/unit/drivers/wasm-pending.test.ts', // 26 s
      'test/unit/cli.test.ts', // 14 s
    ]);
  });

  it('names only test files that exist (a renamed file would silently lose its place)', () => {
    expect(Object.keys(MEASURED_SECONDS).filter((f) => !existsSync(f))).toEqual([]);
  });
});
