// The store-day summary (scope.ts STORE_DAYS, built with the order facts) answers sales, orders, AOV
// and the trend's sums exactly as the orders do: hand-worked numbers on a fixture of edge cases
// (test/fixtures/store-days/README.md: zero amounts, refunds, walk-ins, missing store/channel,
// the first and last second of the period), the summary equal to a plain GROUP BY of the orders,
// and the metrics equal to plain SQL over orders ⋈ members under every filter on three fixtures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { raw } from '../../../src/lib/sql.ts';
import { loadFixture, openHarness, type Harness } from './harness.ts';

const P: MetricParams = { from: '2024-03-01', to: '2024-04-01' };

describe('store-day summary: hand-worked fixture', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
    await loadFixture(h.engine, 'store-days');
  });
  afterAll(() => h.close());

  // [filter, sales, orders, orders with countZeroAmount, aov] from the README.
  const CASES: [Partial<MetricParams>, number, number, number, number][] = [
    [{}, 112.75, 6, 8, 112.75 / 6],
    [{ stores: ['S1'] }, 60.5, 3, 4, 60.5 / 3],
    [{ stores: ['S2'] }, 42.25, 2, 3, 21.125],
    [{ channels: ['online'] }, 12.25, 2, 3, 6.125],
    [{ tiers: ['金卡'] }, 72.25, 3, 4, 72.25 / 3],
    [{ membership: 'member' }, 97.75, 5, 6, 19.55],
    [{ membership: 'nonmember' }, 15, 1, 2, 15],
  ];
  it.each(CASES)('filter %j: sales %d, orders %d (%d counting zero amounts), aov %d', async (f, sales, orders, ordersZero, aov) => {
    expect(await h.scalar('sales', { ...P, ...f })).toBeCloseTo(sales, 9);
    expect(await h.scalar('orders', { ...P, ...f })).toBe(orders);
    expect(await h.scalar('orders', { ...P, ...f, countZeroAmount: true })).toBe(ordersZero);
    expect(await h.scalar('aov', { ...P, ...f })).toBeCloseTo(aov, 9);
    expect(await h.scalar('sales', { ...P, ...f, countZeroAmount: true })).toBeCloseTo(sales, 9);
  });

  it('the trend: every month, sums from the summary and buyers from the orders', async () => {
    expect(await h.table('monthly_trend', { from: '2024-02-01', to: '2024-04-01' })).toEqual([
      { month: '2024-02', sales: 107, orders: 2, buyers: 2 },
      { month: '2024-03', sales: 112.75, orders: 6, buyers: 3 },
    ]);
    // A month without orders is listed with zeros.
    expect(await h.table('monthly_trend', { from: '2024-04-02', to: '2024-05-10' })).toEqual([
      { month: '2024-04', sales: 0, orders: 0, buyers: 0 },
      { month: '2024-05', sales: 0, orders: 0, buyers: 0 },
    ]);
  });

  it('no orders in scope: sales 0, orders 0, aov NULL', async () => {
    const none = { ...P, stores: ['S9'] };
    expect([await h.scalar('sales', none), await h.scalar('orders', none), await h.scalar('aov', none)]).toEqual([0, 0, null]);
  });

  it('is a GROUP BY of the orders with their members, one row per day and filter key', async () => {
    const key = 'order_date, store, channel, tier, is_member';
    // The net amount in exact money units of 1/10,000 yuan (money.ts), here against a DECIMAL(18, 4) sum.
    const summary = await h.engine.rows(
      raw(`SELECT ${key}, amount_units::DOUBLE AS amount_units, purchases::DOUBLE AS p, purchases_with_zero::DOUBLE AS pz FROM store_days ORDER BY ALL`),
    );
    const plain = await h.engine.rows(
      raw(`SELECT o.order_time::DATE AS order_date, o.store, o.channel, m.tier, o.member_id IS NOT NULL AS is_member, (sum(o.amount::DECIMAL(18, 4)) * 10000)::DOUBLE AS amount_units,
          sum(CASE WHEN o.amount > 0 AND o.is_refund IS NOT TRUE THEN 1 ELSE 0 END)::DOUBLE AS p,
          sum(CASE WHEN o.amount >= 0 AND o.is_refund IS NOT TRUE THEN 1 ELSE 0 END)::DOUBLE AS pz
        FROM orders o LEFT JOIN members m ON m.member_id = o.member_id GROUP BY 1, 2, 3, 4, 5 ORDER BY ALL`),
    );
    expect(summary).toEqual(plain);
    // 13 orders, and d2 + d3 (same member, day, store, channel) share one row.
    expect(summary.length).toBeLessThan(13);
  });
});

/** The same numbers in plain SQL over orders ⋈ members, written without the catalogue's builders. */
function plainSql(p: MetricParams): string {
  const lit = (v: string) => `'${v.replaceAll("'", "''")}'`;
  const list = (col: string, vs?: string[]) => (vs?.length ? `${col} IN (${vs.map(lit).join(', ')})` : 'TRUE');
  const member = p.membership === 'member' ? 'o.member_id IS NOT NULL' : p.membership === 'nonmember' ? 'o.member_id IS NULL' : 'TRUE';
  const purchase = `o.amount ${p.countZeroAmount ? '>=' : '>'} 0 AND o.is_refund IS NOT TRUE`;
  return `SELECT coalesce(sum(o.amount), 0) AS sales, sum(CASE WHEN ${purchase} THEN 1 ELSE 0 END) AS orders
    FROM orders o LEFT JOIN members m ON m.member_id = o.member_id
    WHERE o.order_time >= TIMESTAMP '${p.from}' AND o.order_time < TIMESTAMP '${p.to}'
      AND ${list('o.store', p.stores)} AND ${list('o.channel', p.channels)} AND ${list('m.tier', p.tiers)} AND ${member}`;
}

describe.each(['store-days', 'store-scope', 'metrics-nulls'])('store-day summary = plain SQL over the orders: %s', (fixture) => {
  let h: Harness;
  let filters: Partial<MetricParams>[];
  let periods: MetricParams[];
  beforeAll(async () => {
    h = await openHarness();
    await loadFixture(h.engine, fixture);
    const values = async (col: string, from: string) =>
      (await h.engine.rows(raw(`SELECT DISTINCT ${col} AS v FROM ${from} WHERE ${col} IS NOT NULL ORDER BY 1 LIMIT 2`))).map((r) => String(r.v));
    const [store] = await values('store', 'orders');
    const [channel] = await values('channel', 'orders');
    const [tier] = await values('tier', 'members');
    filters = [{}, { stores: [store] }, { channels: [channel] }, { tiers: [tier ?? '金卡'] }, { membership: 'member' }, { membership: 'nonmember' }, { countZeroAmount: true }];
    const [{ a, b }] = await h.engine.rows(raw(`SELECT min(order_time)::DATE::VARCHAR AS a, (max(order_time)::DATE + 1)::VARCHAR AS b FROM orders`));
    const mid = (await h.engine.rows(raw(`SELECT (min(order_time)::DATE + ((max(order_time)::DATE - min(order_time)::DATE) // 2)::INTEGER)::VARCHAR AS m FROM orders`)))[0]
      .m as string;
    periods = [
      { from: String(a), to: String(b) },
      { from: String(a), to: mid },
      { from: mid, to: String(b) },
    ];
  });
  afterAll(() => h.close());

  it('sales, orders and AOV under every filter and period', async () => {
    let compared = 0;
    for (const period of periods)
      for (const f of filters) {
        const p = { ...period, ...f };
        const [want] = await h.engine.rows(raw(plainSql(p)));
        const sales = await h.scalar('sales', p);
        const orders = await h.scalar('orders', p);
        expect(sales, JSON.stringify(p)).toBeCloseTo(Number(want.sales), 6);
        expect(orders, JSON.stringify(p)).toBe(Number(want.orders));
        const aov = await h.scalar('aov', p);
        if (Number(want.orders) === 0) expect(aov).toBeNull();
        else expect(aov, JSON.stringify(p)).toBeCloseTo(Number(want.sales) / Number(want.orders), 6);
        compared++;
      }
    expect(compared).toBe(periods.length * filters.length);
  });
});
