// Session 17: the view's shared tables are built from their fragment as a whole `( … )` subquery, so a driver that
// already holds that fragment in a table of its own (the command line's report: scripts/cli/shared-sql.ts shares the
// member history at the period's end) substitutes it in the build too: the view's table is then a copy of the
// report's, not a second GROUP BY over every order (at 100M orders the duplicate build took 40 s CPU).
import { describe, expect, it } from 'vitest';
import { memberHistory } from '../../../src/lib/metrics/history.ts';
import { getMetric } from '../../../src/lib/metrics/index.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { substituteShared } from '../../../src/lib/metrics/shared-sql.ts';
import type { SqlStatement } from '../../../src/lib/sql.ts';
import { createViewShared, VIEW_HISTORY_TABLE } from '../../../workers/view-shared.ts';

const P: MetricParams = { from: '2024-03-01', to: '2024-04-01', stores: ['店A'] };

describe('a view table’s build reads a fragment the driver already holds', () => {
  it('the member history build, through a driver holding that history, is a copy of the driver’s table', async () => {
    const built: SqlStatement[] = [];
    const view = createViewShared();
    const stmt = getMetric('new_buyers')!.sql(P);
    const prepared = await view.prepare(stmt, P, async (s) => built.push(s));
    expect(prepared.text).toContain(`SELECT * FROM ${VIEW_HISTORY_TABLE}`);
    expect(built).toHaveLength(1);
    const held = [{ stmt: memberHistory(P, P.to), table: '_cli_shared_1' }];
    const asTheDriverRunsIt = substituteShared(built[0], held);
    expect(asTheDriverRunsIt.text).toBe(`CREATE OR REPLACE TABLE ${VIEW_HISTORY_TABLE} AS SELECT * FROM (SELECT * FROM _cli_shared_1)`);
    expect(asTheDriverRunsIt.params).toEqual([]);
  });
});
