// The synthetic members and orders the matched-members scale tests generate in SQL (matched-scale, matched-dense):
// deterministic from the row number, four stores and tiers, members joined in 2024, orders over 2025. Each test adds
// its own events (benefits, upgrades, groups) into the same scratch tables, then loads them with `loadScratchTables`.
import { TABLE_NAMES, createTableSql, type TableName } from '../../../src/lib/schema.ts';
import type { NativeDriver } from '../../../workers/drivers/native.ts';
import type { Engine } from '../../../workers/engine.ts';

export const scratch = (t: TableName) => `_gen_${t}`;

/** Creates every scratch table and fills members and orders. */
export async function generateMembersAndOrders(driver: NativeDriver, members: number, orders: number): Promise<void> {
  for (const t of TABLE_NAMES) await driver.exec(createTableSql(t, scratch(t)));
  await driver.exec(`
    INSERT INTO ${scratch('members')} (member_id, join_date, tier, birthday, home_store)
      SELECT 'M' || lpad(i::VARCHAR, 6, '0'), DATE '2024-01-01' + (i % 300)::INTEGER, (['普通', '银卡', '金卡', '钻石'])[1 + i % 4],
        DATE '1980-01-01' + (i * 37 % 9000)::INTEGER, (['旗舰店', '万达店', '大学城店', '高新店'])[1 + (i // 4) % 4]
      FROM range(${members}) t(i);
    INSERT INTO ${scratch('orders')} (order_id, order_time, member_id, store, channel, amount, item_count, is_refund)
      SELECT 'O' || i, TIMESTAMP '2025-01-01 09:00:00' + to_seconds((i * 7919) % (365 * 86400 - 12 * 3600)),
        'M' || lpad(((i * 31) % ${members})::VARCHAR, 6, '0'), (['旗舰店', '万达店', '大学城店', '高新店'])[1 + i % 4], 'offline',
        5 + (i * 13) % 60000 / 100, 1 + i % 5, i % 50 = 0
      FROM range(${orders}) t(i);`);
}

/** Loads the scratch tables as the engine's dataset (the import's own swap). */
export const loadScratchTables = (engine: Engine, name: string) =>
  engine.loadTables(Object.fromEntries(TABLE_NAMES.map((t) => [t, { scratch: scratch(t) }])) as Record<TableName, { scratch: string }>, name);
