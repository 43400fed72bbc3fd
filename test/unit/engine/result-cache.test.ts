// The engine's metric result cache (workers/result-cache.ts): the same metric and filters answer
// without a second query, a swap of data is never answered from the old data, the caller may
// detach (transfer) what it gets, and the cache stays inside its byte budget.
import { describe, expect, it } from 'vitest';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { raw } from '../../../src/lib/sql.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine } from '../../../workers/engine.ts';
import { createResultCache } from '../../../workers/result-cache.ts';

const ORDERS = (amounts: number[]) =>
  'order_id,order_time,member_id,store,channel,amount,item_count,discount,points_used,is_refund\n' +
  amounts.map((a, i) => `O${i},2026-03-0${i + 1} 10:00:00,M${i % 2},旗舰店,offline,${a},1,0,0,false`).join('\n') +
  '\n';
const PARAMS = { from: '2026-03-01', to: '2026-04-01', stores: [], channels: [], tiers: [], membership: 'all' as const };

/** Counts the driver's queries, to tell a cached answer from a computed one. */
async function countingEngine() {
  const driver = await openNativeDriver();
  let queries = 0;
  const query = driver.query.bind(driver);
  driver.query = (stmt) => {
    queries++;
    return query(stmt);
  };
  return { driver, engine: await createEngine(driver), queries: () => queries };
}

describe('metric result cache', () => {
  it('asks the engine once for the same metric and filters; other filters and a new dataset are asked again', async () => {
    const { driver, engine, queries } = await countingEngine();
    try {
      await engine.loadCsvTable('orders', ORDERS([10, 20, 30]));
      const sales = async (p = PARAMS) => ipcToRows(await engine.runMetric('sales', p))[0].value;
      const q0 = queries();
      expect(await sales()).toBe(60);
      expect(queries() - q0).toBe(1);
      expect(await sales()).toBe(60);
      const both = await engine.runMetrics(['sales', 'orders'], PARAMS);
      expect(ipcToRows(both.orders)[0].value).toBe(3);
      expect(queries() - q0).toBe(2); // sales came from the cache, orders was computed
      expect(await sales({ ...PARAMS, to: '2026-03-03' })).toBe(30);
      expect(queries() - q0).toBe(3);
      // New data: the same question is a new answer, never the old data's.
      await engine.loadCsvTable('orders', ORDERS([1, 2, 3, 4]));
      expect(await sales()).toBe(10);
    } finally {
      driver.close();
    }
  });

  it('hands out a copy: a caller that detaches its bytes (comlink transfer) does not empty the cache', async () => {
    const cache = createResultCache();
    const stmt = raw('SELECT 1');
    const first = await cache.get(stmt, async () => new Uint8Array([1, 2, 3]));
    structuredClone(first.buffer, { transfer: [first.buffer] }); // detaches `first`
    expect(first.byteLength).toBe(0);
    const again = await cache.get(stmt, async () => new Uint8Array([9]));
    expect([...again]).toEqual([1, 2, 3]);
  });

  it('keeps to its byte budget, least recently used out first, and does not keep oversized results', async () => {
    const cache = createResultCache(10, 6);
    const put = (text: string, n: number) => cache.get(raw(text), async () => new Uint8Array(n).fill(n));
    await put('a', 4);
    await put('b', 4);
    await put('a', 1); // a hit: a becomes the most recently used
    await put('c', 4); // 12 bytes > 10: b (least recently used) goes
    expect(cache.stats).toMatchObject({ bytes: 8, entries: 2 });
    expect([...(await put('b', 3))]).toEqual([3, 3, 3]); // b was computed again
    await put('big', 7);
    expect(cache.stats.entries).toBe(2); // 7 > 6 bytes per entry: not kept (c went to make room for b)
    expect(cache.stats.bytes).toBeLessThanOrEqual(10);
  });
});
