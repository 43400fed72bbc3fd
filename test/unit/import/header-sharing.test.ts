// A required field may borrow a header an optional field holds (手机号 as the member id), but never
// one another required field holds: `member_id,order_time,amount` once mapped order_time as the
// order id too, so every second order of a day was rejected as a duplicate (6,374 of CDNOW's 6,919).
import { describe, expect, it } from 'vitest';
import { mapColumns } from '../../../workers/import/detect-kind.ts';
import { importFile } from '../../../workers/import/index.ts';

const csv = (text: string) => ({ name: 'orders.csv', bytes: new TextEncoder().encode(text) });

describe('header sharing between fields', () => {
  it('order_time is not also taken as the order id; the id is synthesized', () => {
    const m = mapColumns('orders', ['member_id', 'order_time', 'amount']);
    expect(m.mapping.order_time).toBe('order_time');
    expect(m.mapping.order_id).toBeNull();
    expect(m.complete).toBe(true);
  });

  it('two orders of one member on one day both load', async () => {
    const { report } = await importFile(csv('member_id,order_time,amount\nC1,1997-01-01,10\nC1,1997-01-01,12\nC2,1997-01-01,5\n'));
    expect([report.rowsRead, report.rowsLoaded, report.rowsRejected]).toEqual([3, 3, 0]);
  });

  it('a phone column still serves as the member id when no id column exists', () => {
    const m = mapColumns('members', ['手机号', '会员等级']);
    expect(m.mapping.member_id).toBe('手机号');
  });
});
