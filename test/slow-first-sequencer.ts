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
 * Session 16: every file of 8 s or more, from the quiet CI run after session 15 (943.9 s, lead's log):
 * a full list keeps the lanes' last files short (greedy on that run's times: unit lanes end 411 -> 404 s,
 * e2e 522 -> 510 s). two-tabs lowered from its 208 s for its steps no longer waiting on animation frames (an estimate).
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const MEASURED_SECONDS: Record<string, number> = {
  'test/e2e/two-tabs.test.ts': 160,
  'test/e2e/import.test.ts': 97,
  'test/e2e/foundation.test.ts': 63,
  'test/e2e/parity.test.ts': 57,
  'test/e2e/compass.test.ts': 49,
  'test/e2e/metric-properties.test.ts': 48,
  'test/e2e/shell.test.ts': 44,
  'test/e2e/value.test.ts': 41,
  'test/e2e/offline.test.ts': 39,
  'test/e2e/panels.test.ts': 39,
  'test/e2e/phone.test.ts': 36,
  'test/e2e/chart-mount.test.ts': 35,
  'test/e2e/benefits.test.ts': 34,
  'test/e2e/refresh-queries.test.ts': 34,
  'test/e2e/hardening.test.ts': 33,
  'test/e2e/print.test.ts': 28,
  'test/e2e/consistency.test.ts': 26,
  'test/e2e/presentation.test.ts': 26,
  'test/e2e/members.test.ts': 26,
  'test/e2e/export.test.ts': 25,
  'test/e2e/import-columnar.test.ts': 16,
  'test/e2e/chart-png.test.ts': 13,
  'test/unit/metrics/properties-fixtures.test.ts': 208,
  'test/unit/metrics/catalogue-snapshot.test.ts': 74,
  'test/unit/metrics/properties-periods.test.ts': 73,
  'test/unit/members/pager.test.ts': 36,
  'test/unit/drivers/wasm-pending.test.ts': 26,
  'test/unit/persistence/dataset-service.test.ts': 19,
  'test/unit/persistence/streamed-save.test.ts': 18,
  'test/unit/cli/report-sharing.test.ts': 16,
  'test/unit/import/columnar-sql-path.test.ts': 16,
  'test/unit/cli.test.ts': 14,
  'test/unit/members/prediction-parts.test.ts': 14,
  'test/unit/persistence/fast-restore.test.ts': 12,
  'test/unit/demo/determinism.test.ts': 12,
  'test/unit/import/real-data.test.ts': 12,
  'test/unit/cli/inputs.test.ts': 11,
  'test/unit/campaigns/matched-dense.test.ts': 10,
  'test/unit/cli/import-spills.test.ts': 9,
  'test/unit/metrics/online-retail.test.ts': 9,
  'test/unit/campaigns/demo-story.test.ts': 9,
  'test/unit/engine/compass-rollup.test.ts': 8,
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
