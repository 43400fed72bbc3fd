// Guards `npm test`'s stage runner (scripts/test-stages.ts) and CI's closing line
// (scripts/ci-summary.mjs): stages overlap but their output does not interleave, a stage waits for
// the stages it needs and is skipped when one fails, the exit status of every stage is kept, and
// every failed stage shows up in "N passed, N failed".
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStages as run, STAGES, type StageResult } from '../../scripts/test-stages.ts';

/** A stage command: prints `lines` lines, a pause between each, then exits with `code`. */
const node = (script: string) => `node -e ${JSON.stringify(script)}`;
const chatty = (tag: string, lines: number, code = 0) =>
  node(`let i=0;const t=setInterval(()=>{console.log('${tag}',i++);if(i===${lines}){clearInterval(t);process.exitCode=${code}}},20)`);

describe('test stages', () => {
  it('runs independent stages at once, prints each one whole, keeps each exit status', async () => {
    let out = '';
    const logs = mkdtempSync(join(tmpdir(), 'stage-logs-'));
    const results = await run(
      [
        { name: 'a', cmd: chatty('A', 5) },
        { name: 'b', cmd: chatty('B', 5, 3) },
      ],
      (s) => (out += s),
      logs,
    );
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['a', 0],
      ['b', 3],
    ]);
    // both started before either ended
    expect(Math.max(...results.map((r) => r.start ?? Infinity))).toBeLessThan(Math.min(...results.map((r) => (r.start ?? 0) + r.seconds)));
    // each stage's lines stay together under its own heading
    expect(out).toMatch(/━━ a: passed in [\d.]+ s ━━[^\n]*\nA 0\nA 1\nA 2\nA 3\nA 4\n/);
    expect(out).toMatch(/━━ b: FAILED \(exit 3\) in [\d.]+ s ━━[^\n]*\nB 0\nB 1\nB 2\nB 3\nB 4\n/);
    expect(out).toMatch(/stages: FAILED/);
    // and each one's output is in its own log file, for following a long stage
    expect(readFileSync(join(logs, 'a.log'), 'utf8')).toBe('A 0\nA 1\nA 2\nA 3\nA 4\n');
  });

  it('starts a stage only after the stages it needs, and skips it when one of them failed', async () => {
    let out = '';
    const results = await run(
      [
        { name: 'build', cmd: chatty('built', 3) },
        { name: 'tests', cmd: node('console.log("tested")'), after: ['build'] },
        { name: 'broken', cmd: node('process.exit(2)') },
        { name: 'after-broken', cmd: node('console.log("must not run")'), after: ['broken'] },
      ],
      (s) => (out += s),
    );
    const by = Object.fromEntries(results.map((r) => [r.name, r]));
    expect(by.tests.status).toBe(0);
    expect(by.tests.start!).toBeGreaterThanOrEqual(by.build.start! + by.build.seconds - 0.1);
    expect([by['after-broken'].status, by['after-broken'].skipped]).toEqual([1, true]);
    expect(out).toContain('after-broken: NOT RUN (broken failed)');
    expect(out).not.toContain('must not run');
  });

  it('waits for a waitFor stage to end, and runs even when it failed', async () => {
    const results = await run(
      [
        { name: 'slow-broken', cmd: node('setTimeout(() => process.exit(3), 300)') },
        { name: 'later', cmd: node('console.log("ran")'), waitFor: ['slow-broken'] },
      ],
      () => {},
    );
    const by = Object.fromEntries(results.map((r) => [r.name, r]));
    expect(by['slow-broken'].status).toBe(3);
    expect([by.later.status, by.later.skipped]).toEqual([0, undefined]);
    expect(by.later.start!).toBeGreaterThanOrEqual(by['slow-broken'].start! + by['slow-broken'].seconds - 0.1);
  });

  it('npm test runs every check the README names: both builds before the browser tests, never beside the unit tests', () => {
    const names = STAGES.map((s) => s.name);
    expect(names.sort()).toEqual(['build', 'build:portable', 'e2e', 'lint', 'typecheck', 'unit']);
    const e2e = STAGES.find((s) => s.name === 'e2e')!;
    expect(e2e.after?.sort()).toEqual(['build', 'build:portable']);
    expect(e2e.waitFor).toEqual(['unit']);
  });
});

describe('ci-summary', () => {
  const summary = (stages: StageResult[] | null, reports: Record<string, { numPassedTests: number; numFailedTests: number }>, status: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'ci-summary-'));
    mkdirSync(join(dir, 'test-results'));
    if (stages) writeFileSync(join(dir, 'test-results/stages.json'), JSON.stringify(stages));
    for (const [name, r] of Object.entries(reports)) writeFileSync(join(dir, `test-results/${name}`), JSON.stringify(r));
    return execFileSync('node', [resolve('scripts/ci-summary.mjs'), String(status)], { cwd: dir, encoding: 'utf8' }).trim();
  };
  const stage = (name: string, status = 0, skipped = false): StageResult => ({ name, status, start: 0, seconds: 1, ...(skipped ? { skipped: true as const } : {}) });
  const all = (over: Record<string, number> = {}) => ['build', 'build:portable', 'lint', 'typecheck', 'unit', 'e2e'].map((n) => stage(n, over[n] ?? 0));

  it('adds up both reports, with lint and the type-check as one test each', () => {
    const reports = { 'vitest-unit.json': { numPassedTests: 900, numFailedTests: 0 }, 'vitest-e2e.json': { numPassedTests: 150, numFailedTests: 0 } };
    expect(summary(all(), reports, 0)).toBe('1052 passed, 0 failed');
  });

  it('counts a failed lint as a failure even though the tests ran and passed', () => {
    const reports = { 'vitest-unit.json': { numPassedTests: 900, numFailedTests: 0 }, 'vitest-e2e.json': { numPassedTests: 150, numFailedTests: 0 } };
    expect(summary(all({ lint: 1 }), reports, 1)).toBe('1051 passed, 1 failed');
  });

  it('counts failing tests once, a crashed test stage and a failed build with its skipped browser tests each as a failure', () => {
    const reports = { 'vitest-unit.json': { numPassedTests: 898, numFailedTests: 2 } };
    const stages = [stage('build', 2), stage('build:portable'), stage('lint'), stage('typecheck'), stage('unit', 1), stage('e2e', 1, true)];
    expect(summary(stages, reports, 1)).toBe('900 passed, 4 failed');
    const crashed = { 'vitest-unit.json': { numPassedTests: 900, numFailedTests: 0 } };
    expect(summary(all({ unit: 1 }), crashed, 1)).toBe('902 passed, 1 failed'); // unit exited 1 with no failing test
  });

  it('without stages.json (stages one after the other) a failure with no failing test still counts', () => {
    expect(summary(null, { 'vitest-1.json': { numPassedTests: 10, numFailedTests: 0 } }, 0)).toBe('12 passed, 0 failed');
    expect(summary(null, {}, 1)).toBe('0 passed, 1 failed');
  });
});
