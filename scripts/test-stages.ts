// `npm test`: lint, type-check, unit tests, both builds and the browser tests, run as overlapping
// stages instead of one after the other. Every stage runs to its end even when another fails; each
// one's output is printed whole when it ends (never interleaved), then a table of stages, exit codes
// and times. Exit code 0 only if every stage passed. test-results/stages.json keeps the table for
// scripts/ci-summary.mjs; test-results/<stage>.log has each stage's output as it comes. `STAGES=lint,unit npm test`
// runs only the named stages.
//
// Order, for a 2-core machine: both builds, lint and the type-check start at once (lint and the
// type-check niced so the builds finish first); the unit tests start with them; the browser tests need
// both builds and also wait for the unit tests to end. Measured in session 8: running the unit tests
// beside the browser tests took as long in all (19 min) and starved the browser tests into timeouts.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const RESULTS = 'test-results';
/** Niceness of the stages off the critical path (build → browser tests). */
const FILLER = 'nice -n 5';

export interface Stage {
  name: string;
  cmd: string;
  /** Stages that must pass before this one starts. */
  after?: string[];
  /** Stages that must end (pass or fail) before this one starts: order only, for CPU. */
  waitFor?: string[];
}

export interface StageResult {
  name: string;
  /** The exit status (1 when skipped). */
  status: number;
  /** Seconds from the first stage's start; null when skipped. */
  start: number | null;
  seconds: number;
  skipped?: true;
}

export const STAGES: Stage[] = [
  { name: 'build', cmd: 'npx vite build --logLevel warn' },
  { name: 'build:portable', cmd: 'npx vite build --mode portable --logLevel warn' },
  { name: 'lint', cmd: `${FILLER} npm run --silent lint` },
  { name: 'typecheck', cmd: `${FILLER} npm run --silent typecheck` },
  { name: 'unit', cmd: `npx vitest run --project unit --outputFile.json=${RESULTS}/vitest-unit.json` },
  { name: 'e2e', cmd: `npx vitest run --project e2e --outputFile.json=${RESULTS}/vitest-e2e.json`, after: ['build', 'build:portable'], waitFor: ['unit'] },
];

const seconds = (ms: number) => Number((ms / 1000).toFixed(1));

/**
 * Runs `stages` ({name, cmd, after?}) at once, each waiting only for its `after` stages, which must
 * pass (else it is skipped, counted as failed). Resolves to one {name, status, start, seconds,
 * skipped?} per stage, in the given order; `write` receives each stage's whole output when it ends.
 * With `logDir`, each stage's output also goes to <logDir>/<name>.log as it comes (`tail -f` a long stage).
 */
export async function runStages(stages: Stage[], write: (s: string) => unknown = (s) => process.stdout.write(s), logDir?: string): Promise<StageResult[]> {
  const t0 = Date.now();
  const running = new Map<string, Promise<StageResult>>();
  const run = (stage: Stage) =>
    new Promise<StageResult>((resolve) => {
      const started = Date.now();
      const child = spawn(stage.cmd, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const log = logDir ? createWriteStream(`${logDir}/${stage.name.replace(/\W/g, '-')}.log`) : null;
      const take = (d: Buffer) => {
        out.push(d);
        log?.write(d);
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      write(`▶ ${stage.name} started at ${seconds(started - t0)} s\n`);
      child.on('close', (code) => {
        const result: StageResult = { name: stage.name, status: code ?? 1, start: seconds(started - t0), seconds: seconds(Date.now() - started) };
        write(`\n━━ ${stage.name}: ${result.status === 0 ? 'passed' : `FAILED (exit ${result.status})`} in ${result.seconds} s ━━ ${stage.cmd}\n`);
        write(`${Buffer.concat(out).toString()}\n`);
        if (log) log.end(() => resolve(result));
        else resolve(result);
      });
    });
  const start = (stage: Stage): Promise<StageResult> => {
    if (!running.has(stage.name)) {
      const before = (stage.after ?? []).flatMap((n) => stages.filter((s) => s.name === n));
      const waited = (stage.waitFor ?? []).flatMap((n) => stages.filter((s) => s.name === n));
      running.set(
        stage.name,
        Promise.all([...before.map(start), ...waited.map(start)]).then((ended) => {
          const needs = ended.slice(0, before.length);
          const failed = needs.filter((r) => r.status !== 0).map((r) => r.name);
          if (failed.length === 0) return run(stage);
          write(`\n━━ ${stage.name}: NOT RUN (${failed.join(', ')} failed) ━━\n`);
          return { name: stage.name, status: 1, start: null, seconds: 0, skipped: true } satisfies StageResult;
        }),
      );
    }
    return running.get(stage.name)!;
  };
  const results = await Promise.all(stages.map(start));
  const width = Math.max(...results.map((r) => r.name.length));
  write(`\n━━ stages: ${results.every((r) => r.status === 0) ? 'all passed' : 'FAILED'}, wall ${seconds(Date.now() - t0)} s ━━\n`);
  for (const r of results) {
    const what = r.skipped ? 'not run' : r.status === 0 ? 'passed' : `FAILED (exit ${r.status})`;
    write(`${r.name.padEnd(width)}  ${what.padEnd(16)} started ${String(r.start ?? '-').padStart(6)} s  took ${String(r.seconds).padStart(6)} s\n`);
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const only = process.env.STAGES?.split(',').filter(Boolean);
  mkdirSync(RESULTS, { recursive: true });
  const results = await runStages(only ? STAGES.filter((s) => only.includes(s.name)) : STAGES, undefined, RESULTS);
  writeFileSync(`${RESULTS}/stages.json`, `${JSON.stringify(results, null, 2)}\n`);
  process.exitCode = results.every((r) => r.status === 0) ? 0 : 1;
}
