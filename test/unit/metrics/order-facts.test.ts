// The derived order facts (orders × the member's current tier, src/lib/metrics/scope.ts) follow
// every swap of orders or members: a tier filter sees the members table in force, not an old copy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from './harness.ts';

const ORDERS = `order_id,order_time,member_id,store,channel,amount,item_count,discount,points_used,is_refund
o1,2024-03-01 10:00:00,m1,店A,offline,100,1,,,
o2,2024-03-02 10:00:00,m2,店A,offline,50,1,,,
o3,2024-03-03 10:00:00,m1,店A,offline,30,1,,,
`;
const members = (t1: string, t2: string) => `member_id,join_date,tier,birthday,gender,birth_year,phone,home_store,signup_channel
m1,2023-01-01,${t1},,,,,,
m2,2023-01-01,${t2},,,,,,
`;
const P = { from: '2024-03-01', to: '2024-04-01', tiers: ['金卡'] };

describe('order facts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(() => h.close());

  it('are rebuilt with each orders or members swap', async () => {
    expect(await h.scalar('orders', P)).toBe(0); // empty engine: the facts table exists and is empty
    await h.engine.loadCsvTable('orders', ORDERS);
    expect(await h.scalar('orders', { ...P, tiers: [] })).toBe(3); // orders swapped in: facts follow
    await h.engine.loadCsvTable('members', members('金卡', '银卡'));
    expect(await h.scalar('sales', P)).toBe(130); // m1's two orders
    await h.engine.loadCsvTable('members', members('银卡', '金卡'));
    expect(await h.scalar('sales', P)).toBe(50); // the tiers changed: now m2's order only
  });
});
