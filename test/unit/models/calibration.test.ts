// Calibration summary SQL on a hand-made order set (native DuckDB). Calibration ends 2024-01-31
// (inclusive), holdout ends 2024-02-29; answers worked out per member below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanonicalCsvWriter, type CanonicalValue } from '../../../workers/canonical-csv.ts';
import { calibrationSummarySql, holdoutLength, type CalibrationOptions } from '../../../src/lib/models/calibration.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';

// [order_id, order_time, member_id, amount, is_refund]
const ORDERS: [string, string, string | null, number, boolean][] = [
  ['o1', '2024-01-01 09:00:00', 'm1', 100, false],
  ['o2', '2024-01-01 18:30:00', 'm1', 50, false], // same day as o1: one purchase day worth 150
  ['o3', '2024-01-08 12:00:00', 'm1', 30, false],
  ['o4', '2024-01-15 12:00:00', 'm1', -30, true], // refund: not a purchase
  ['o5', '2024-01-20 12:00:00', 'm1', 0, false], // $0: a purchase only with includeZeroAmount
  ['o6', '2024-02-05 12:00:00', 'm1', 40, false], // holdout
  ['o7', '2024-01-31 23:59:59', 'm2', 20, false], // first purchase on the last calibration day
  ['o8', '2024-02-01 00:00:00', 'm3', 60, false], // first purchase after calibration: not in the summary
  ['o9', '2024-01-03 10:00:00', null, 99, false], // walk-in
  ['o10', '2024-01-05 10:00:00', 'm4', -10, true], // only a refund
  ['o11', '2024-01-10 10:00:00', 'm5', 10, false],
  ['o12', '2024-01-12 10:00:00', 'm5', 5, true], // flagged refund with a positive amount
  ['o13', '2024-01-24 10:00:00', 'm5', 25, false],
  ['o14', '2024-03-01 10:00:00', 'm5', 25, false], // after the holdout
];

let engine: Engine;
let close: () => void;
const OPTIONS: CalibrationOptions = { calibrationEnd: '2024-01-31', unit: 'day', holdoutEnd: '2024-02-29' };

beforeAll(async () => {
  const driver = await openNativeDriver();
  close = driver.close;
  engine = await createEngine(driver);
  const csv = new CanonicalCsvWriter('orders');
  for (const [id, time, member, amount, refund] of ORDERS) {
    const row: CanonicalValue[] = [id, time, member, 'S1', 'offline', amount, 1, null, null, refund];
    csv.push(row);
  }
  await engine.loadCsvTable('orders', csv.toString());
});
afterAll(() => close());

describe('calibrationSummarySql', () => {
  it('days: x, t_x, T, monetary and holdout per member', async () => {
    expect(await engine.rows(calibrationSummarySql(OPTIONS))).toEqual([
      // m1: purchase days 01-01 (150), 01-08 (30) → x = 1, t_x = 7, T = 30 (01-01 → 01-31), monetary = 30; 02-05 in holdout
      { member_id: 'm1', x: 1, t_x: 7, T: 30, monetary: 30, x_holdout: 1 },
      // m2: one day, the calibration end itself → T = 0
      { member_id: 'm2', x: 0, t_x: 0, T: 0, monetary: 0, x_holdout: 0 },
      // m5: 01-10 and 01-24 (the flagged refund does not count) → t_x = 14, T = 21, monetary = 25; 03-01 is after the holdout
      { member_id: 'm5', x: 1, t_x: 14, T: 21, monetary: 25, x_holdout: 0 },
    ]);
  });
  it('weeks, no holdout column', async () => {
    const rows = await engine.rows(calibrationSummarySql({ calibrationEnd: '2024-01-31', unit: 'week' }));
    expect(rows[0]).toEqual({ member_id: 'm1', x: 1, t_x: 1, T: 30 / 7, monetary: 30 });
    expect(rows.map((r) => r.member_id)).toEqual(['m1', 'm2', 'm5']);
  });
  it('includeZeroAmount counts the $0 day: m1 has days 01-01, 01-08, 01-20', async () => {
    const [m1] = await engine.rows(calibrationSummarySql({ ...OPTIONS, includeZeroAmount: true }));
    expect(m1).toEqual({ member_id: 'm1', x: 2, t_x: 19, T: 30, monetary: (30 + 0) / 2, x_holdout: 1 });
  });
  it('an earlier calibration end leaves later first purchases out', async () => {
    const rows = await engine.rows(calibrationSummarySql({ calibrationEnd: '2024-01-09', unit: 'day' }));
    expect(rows).toEqual([{ member_id: 'm1', x: 1, t_x: 7, T: 8, monetary: 30 }]);
  });
  it('binds dates as parameters and the holdout length counts the days after the calibration end', () => {
    const stmt = calibrationSummarySql(OPTIONS);
    expect(stmt.text).not.toContain('2024-01-31');
    expect(stmt.params).toContain('2024-01-31');
    expect(holdoutLength('2024-01-31', '2024-02-29', 'day')).toBe(29);
    expect(holdoutLength('1997-09-30', '1998-06-30', 'week')).toBe(39);
  });
});
