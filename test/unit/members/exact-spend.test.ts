// Session 17 ("numbers agree"): a member's spend in the list is rounded to the fen from the exact sum
// (src/lib/metrics/money.ts), not from a DOUBLE sum whose last bits follow the row order. Worked by hand:
// 32.414 + 33.108 + 8.443 = 73.965 exactly, 73.97 to the fen (half away from zero); as DOUBLE, added in
// file order it is 73.96499999999999 (→ 73.96), added in reverse 73.965 (→ 73.97).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { ipcToRows, type Engine } from '../../../workers/engine.ts';
import { enginesPerOrders, oneMemberOrdersCsv } from '../metrics/one-member-orders.ts';

const AMOUNTS = ['32.414', '33.108', '8.443'];
const P: MetricParams = { from: '2024-03-01', to: '2024-04-01' };
describe('member list spend: the exact sum to the fen, in any row order', () => {
  let engines: Engine[] = [];
  let close = () => {};
  beforeAll(async () => {
    const time = (i: number) => `2024-03-0${i + 2} 10:00:00`;
    ({ engines, close } = await enginesPerOrders([oneMemberOrdersCsv(AMOUNTS, time), oneMemberOrdersCsv([...AMOUNTS].reverse(), time)]));
  });
  afterAll(() => close());

  it('the fixture bites: the DOUBLE sums in the two orders round to different fen', () => {
    const forward = AMOUNTS.map(Number).reduce((s, a) => s + a, 0);
    const backward = [...AMOUNTS]
      .reverse()
      .map(Number)
      .reduce((s, a) => s + a, 0);
    expect(Math.round(forward * 100) / 100).toBe(73.96);
    expect(Math.round(backward * 100) / 100).toBe(73.97);
  });
  it('both row orders list M1 with spend 73.97', async () => {
    for (const engine of engines) {
      const rows = ipcToRows(await engine.memberList({ list: 'all' }, P));
      expect(rows.map((r) => [r.member_id, r.spend])).toEqual([['M1', 73.97]]);
    }
  });
});
