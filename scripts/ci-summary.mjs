// Totals the Vitest JSON reports of one CI run into the plain line "N passed, N failed".
// Lint and the type-check count as one test each. test-results/stages.json (written by
// scripts/test-stages.ts) says how every stage ended: a failed or skipped build counts as one
// failure, and so does a Vitest stage that failed without a failing test in its report (a crash, a
// failed beforeAll). Without stages.json, `status` (npm test's exit code) stands in for them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const status = Number(process.argv[2] ?? 0);
const dir = 'test-results';
const reports = existsSync(dir) ? readdirSync(dir).filter((f) => /^vitest-[\w-]+\.json$/.test(f)) : [];
const read = (file) => JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
let passed = 0;
let failed = 0;
for (const file of reports) {
  const r = read(file);
  passed += r.numPassedTests;
  failed += r.numFailedTests;
}
const stagesFile = `${dir}/stages.json`;
if (existsSync(stagesFile)) {
  for (const stage of JSON.parse(readFileSync(stagesFile, 'utf8'))) {
    if (stage.name === 'lint' || stage.name === 'typecheck') {
      if (stage.status === 0) passed += 1;
      else failed += 1;
    } else if (stage.status !== 0) {
      // unit and e2e write vitest-<stage>.json: its failing tests are already counted
      const report = `vitest-${stage.name}.json`;
      if (!reports.includes(report) || read(report).numFailedTests === 0) failed += 1;
    }
  }
} else {
  // Stages run one after the other: lint and the type-check passed if any Vitest report exists.
  if (reports.length > 0) passed += 2;
  if (status !== 0 && failed === 0) failed += 1;
}
if (status !== 0 && failed === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed`);
