// One member's orders loaded in several row orders: the fixture of the "sums do not follow the row order" tests
// (exact-money.test.ts, members/exact-spend.test.ts).
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';

/** Member M1's orders at store S1, one per amount (decimal text; negative = a refund), the i-th at `time(i)`. */
export const oneMemberOrdersCsv = (amounts: readonly string[], time: (i: number) => string): string =>
  ['order_id,order_time,member_id,store,channel,amount,item_count,discount,points_used,is_refund']
    .concat(amounts.map((a, i) => `O${i},${time(i)},M1,S1,offline,${a},1,,,${a.startsWith('-')}`))
    .join('\n') + '\n';

/** One native engine (one thread: rows summed in load order) per orders file, each with member M1. */
export async function enginesPerOrders(ordersCsvs: readonly string[]): Promise<{ engines: Engine[]; close: () => void }> {
  const engines: Engine[] = [];
  const closers: (() => void)[] = [];
  for (const csv of ordersCsvs) {
    const driver = await openNativeDriver(':memory:', { threads: 1 });
    closers.push(driver.close);
    const engine = await createEngine(driver);
    await engine.loadCsvTable('members', 'member_id,join_date,tier,birthday,gender,birth_year,phone,home_store,signup_channel\nM1,2024-01-01,金卡,,,,,,\n');
    await engine.loadCsvTable('orders', csv);
    engines.push(engine);
  }
  return { engines, close: () => closers.forEach((c) => c()) };
}
