// Totals the Vitest JSON reports of one CI run into the plain line "N passed, N failed".
// Lint and the type-check count as one test each; a failing step that wrote no report counts as one failure.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const status = Number(process.argv[2] ?? 0);
const dir = 'test-results';
const reports = existsSync(dir) ? readdirSync(dir).filter((f) => /^vitest-\d+\.json$/.test(f)) : [];
let passed = 0;
let failed = 0;
for (const file of reports) {
  const r = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
}
// Lint and the type-check run first: they passed (one check each) if any Vitest report exists.
if (reports.length > 0) passed += 2;
if (status !== 0 && failed === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed`);
