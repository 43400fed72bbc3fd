/**
 * Starts the longest test files first. A fresh CI machine has no Vitest results cache, so the
 * default order is the glob's (alphabetical): the slowest e2e file (two-tabs, ~6 min) started
 * last and ran alone while the other lane sat idle. Files not listed keep Vitest's own order.
 * Durations measured in a loaded CI run (session 5, the test log), seconds; refresh when a file's cost changes a lot.
 * Session 6: two-tabs and metric-properties re-estimated after their cuts (measured on a machine
 * loaded 3-4x a CI run, scaled by each file's before/after ratio there); confirm on the next CI log.
 * Session 7: the catalogue-wide files re-estimated after did_member_outcomes and birthday_gift_sales got
 * faster (process CPU per catalogue, native: fixtures ~1.8 s -> ~1.2 s, the demo's whole span ~27 s -> ~12 s)
 * and parity's second period was cut; estimates, confirm on the next CI log.
 * Session 9: every file's duration measured in one e2e and one unit run at load 10-15 (bench/results.md,
 * "CI time, session 9"), scaled to a quiet run by the stage's whole ratio (e2e 796/1077, unit 382/882);
 * members/pager (4th costliest unit file), cli, compass and phone added; metric-properties and offline
 * lowered for this session's cuts (native rows computed beside the page's; one app start fewer).
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const MEASURED_SECONDS: Record<string, number> = {
  'test/e2e/two-tabs.test.ts': 240,
  'test/e2e/import.test.ts': 140,
  'test/e2e/foundation.test.ts': 125,
  'test/e2e/metric-properties.test.ts': 95,
  'test/e2e/shell.test.ts': 85,
  'test/e2e/offline.test.ts': 80,
  'test/e2e/parity.test.ts': 75,
  'test/e2e/panels.test.ts': 70,
  'test/e2e/compass.test.ts': 65,
  'test/e2e/phone.test.ts': 60,
  'test/unit/metrics/properties-fixtures.test.ts': 170,
  'test/unit/metrics/properties-periods.test.ts': 67,
  'test/unit/metrics/catalogue-snapshot.test.ts': 58,
  'test/unit/members/pager.test.ts': 40,
  'test/unit/cli.test.ts': 22,
};

const costOf = (spec: TestSpecification) => {
  const path = spec.moduleId.replaceAll('\\', '/');
  const key = Object.keys(MEASURED_SECONDS).find((k) => path.endsWith(k));
  return key ? MEASURED_SECONDS[key] : 0;
};

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Projects keep the base order (they run one after the other); within one, costliest first. The
    // sort is stable, so unlisted files (cost 0) keep the base order after the listed ones.
    const projects = [...new Set(sorted.map((s) => s.project.name))];
    const rank = (s: TestSpecification) => projects.indexOf(s.project.name);
    return sorted.sort((a, b) => rank(a) - rank(b) || costOf(b) - costOf(a));
  }
}
