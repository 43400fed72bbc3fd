// summaryRows (the prediction service's column-wise decoding of the calibration summary) gives
// exactly the objects the generic ipcToRows gives: on CDNOW's real summary (with a holdout) and on a
// table with nulls, BIGINTs and strings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrationSummarySql } from '../../../src/lib/models/calibration.ts';
import { raw } from '../../../src/lib/sql.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, ipcToRows } from '../../../workers/engine.ts';
import type { SqlDriver } from '../../../workers/drivers/driver.ts';
import { summaryRows } from '../../../workers/prediction/summary-rows.ts';
import { loadCdnowSample } from '../models/cdnow.ts';

let driver: SqlDriver & { close(): void };
beforeAll(async () => {
  driver = await openNativeDriver();
  const engine = await createEngine(driver);
  await engine.loadCsvTable('orders', loadCdnowSample().ordersCsv);
});
afterAll(() => driver.close());

describe('summaryRows', () => {
  it('equals ipcToRows on the CDNOW calibration summary with a holdout', async () => {
    const ipc = await driver.query(calibrationSummarySql({ calibrationEnd: '1997-09-30', unit: 'week', holdoutEnd: '1998-06-30', includeZeroAmount: true }));
    const rows = summaryRows(ipc);
    expect(rows.length).toBe(2357);
    expect(rows).toEqual(ipcToRows(ipc));
  });
  it('equals ipcToRows with nulls, BIGINTs and text', async () => {
    const ipc = await driver.query(
      raw(`SELECT * FROM (VALUES ('a', 1.5::DOUBLE, NULL::DOUBLE, 7::BIGINT), (NULL, 2.25, 3.0, NULL), ('c"d', -0.5, 4.0, 9)) t(member_id, x, t_x, n)`),
    );
    const rows = summaryRows(ipc);
    expect(rows).toEqual([
      { member_id: 'a', x: 1.5, t_x: null, n: 7 },
      { member_id: null, x: 2.25, t_x: 3, n: null },
      { member_id: 'c"d', x: -0.5, t_x: 4, n: 9 },
    ]);
    expect(rows).toEqual(ipcToRows(ipc));
  });
});
