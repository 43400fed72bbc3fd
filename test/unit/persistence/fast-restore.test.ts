// Reopening a saved dataset without rebuilding the order facts (issue 14, session 13): a save holds the orders in
// the facts' row order with each order's tier beside them (order_tiers), and a restore reads the pair straight
// back as the facts (a positional scan), with no staged orders, no join with members and no sort. This checks
// that a restore takes that path (a fallback to the rebuild fails here), that every restored table equals the
// table right after the import row for row (the facts in their row order) and type for type, and that a save
// without the tiers (an older version's) still restores, through the rebuild, to the same tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetApi } from '../../../src/lib/engine/api.ts';
import { TABLE_NAMES } from '../../../src/lib/schema.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { createDatasetService } from '../../../workers/dataset/service.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { memoryStore } from '../../../workers/persistence/blob-store.ts';
import { readSavedMeta } from '../../../workers/persistence/dataset-store.ts';
import { gunzipText, gzipText } from '../../../workers/persistence/gzip.ts';

/** 240 orders over 5 timestamps (ties: their order in the facts is kept as saved), members M0–M5 with tiers, M6 unknown, some walk-ins. */
function ordersFile(): string {
  const lines = ['订单号,下单时间,会员卡号,门店,渠道,实付金额,件数'];
  for (let i = 1; i <= 240; i++)
    lines.push(
      `T${String(i).padStart(3, '0')},2024-03-0${1 + ((i * 7) % 5)} 1${i % 3}:00:00,${i % 8 === 7 ? '' : `M${i % 7}`},店${i % 3},${i % 2 ? '线下' : '线上'},${i % 11 ? (i * 3.25).toFixed(2) : '-9.50'},${1 + (i % 4)}`,
    );
  return `${lines.join('\n')}\n`;
}
const MEMBERS =
  [
    '会员卡号,姓名,会员等级,入会日期',
    'M0,甲,金卡,2023-01-05',
    'M1,乙,银卡,2023-02-01',
    'M2,丙,钻石,2023-03-01',
    'M3,丁,普通,2023-04-01',
    'M4,戊,金卡,2023-05-01',
    'M5,己,,2023-06-01',
  ].join('\n') + '\n';

/** A native DuckDB in the tab's layout (compressed tables, scratch beside them) that records every statement it runs. */
async function recordingDriver(): Promise<{ driver: NativeDriver; statements: string[] }> {
  const inner = await openNativeDriver(':memory:', { compressed: true });
  const statements: string[] = [];
  const driver: NativeDriver = {
    ...inner,
    exec: (text) => (statements.push(text), inner.exec(text)),
    query: (stmt) => (statements.push(stmt.text), inner.query(stmt)),
  };
  return { driver, statements };
}

/** Every table the panels read, with its column types: the facts in their row order, the others in theirs, the store days sorted. */
async function snapshot(engine: Engine) {
  const out: Record<string, unknown> = {};
  for (const table of [...TABLE_NAMES.filter((t) => t !== 'orders'), 'order_facts', 'store_days']) {
    const order = table === 'store_days' ? 'ALL' : 'rowid';
    out[table] = {
      types: await engine.rows({
        text: `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '${table}' AND database_name = current_database() ORDER BY column_index`,
        params: [],
      }),
      rows: await engine.rows({ text: `SELECT * FROM ${table} ORDER BY ${order}`, params: [] }),
    };
  }
  out.orders = await engine.rows({ text: 'SELECT * FROM orders', params: [] }); // the view, in the facts' order
  return out;
}

const factsRebuilt = (statements: string[]) => statements.some((s) => /ORDER BY o\.order_time/.test(s));
const factsReadAsSaved = (statements: string[]) => statements.some((s) => /POSITIONAL JOIN/.test(s));

let importer: { driver: NativeDriver; statements: string[] };
let engine: Engine;
const store = memoryStore();
let afterImport: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  importer = await recordingDriver();
  engine = await createEngine(importer.driver);
  const service: DatasetApi = createDatasetService(engine, async () => store);
  const out = await service.importFiles([
    { file: new File([ordersFile()], 'orders.csv'), kind: 'orders' },
    { file: new File([MEMBERS], 'members.csv'), kind: 'members' },
  ]);
  if (out.status !== 'done') throw new Error(JSON.stringify(out));
  expect(out.saved).not.toBeNull();
  afterImport = await snapshot(engine);
});
afterAll(() => importer?.driver.close());

describe('a save holds the facts as they are', () => {
  it('orders in the facts’ row order and, row for row, each order’s tier (the join’s answer: members’ tier, NULL for walk-ins and unknown members)', async () => {
    const meta = (await readSavedMeta(store))!;
    expect(meta.tables).toEqual(expect.arrayContaining(['orders', 'members', 'order_tiers']));
    const file = async (t: string) => (await gunzipText(store.data.get(`dataset-${meta.id}.${t}.csv.gz`)!)).split('\n').slice(0, -1);
    const [orders, tiers] = [await file('orders'), await file('order_tiers')];
    expect(tiers[0]).toBe('tier,is_member');
    expect(orders).toHaveLength(241);
    expect(tiers).toHaveLength(241);
    // Independent of the engine: each saved order's tier from the members file above, by its member id.
    const tierOf = new Map(
      MEMBERS.trim()
        .split('\n')
        .slice(1)
        .map((l) => [l.split(',')[0], l.split(',')[2]]),
    );
    for (let i = 1; i < orders.length; i++) {
      const member = orders[i].split(',')[2];
      expect(tiers[i], orders[i]).toBe(`${tierOf.get(member) ?? ''},${member !== ''}`);
    }
    expect(tiers.filter((l) => l.startsWith(',')).length).toBeGreaterThan(30); // walk-ins, M5 (no tier) and M6 (unknown)
    // Order time never goes back (the facts' order); ties keep the facts' own order.
    const times = orders.slice(1).map((l) => l.split(',')[1]);
    expect(times).toEqual([...times].sort());
    expect(orders.slice(1).map((l) => l.split(',')[0])).toEqual((afterImport.orders as { order_id: string }[]).map((r) => r.order_id));
  });
});

describe('restore', () => {
  it('reads the saved facts back (no rebuild): every table equals the table right after the import, row for row and type for type', async () => {
    const { driver, statements } = await recordingDriver();
    try {
      const fresh = await createEngine(driver);
      statements.length = 0; // the empty dataset createEngine builds is not the restore
      const restored = await createDatasetService(fresh, async () => store).restore();
      expect(restored).not.toHaveProperty('restoreError');
      expect(restored).toMatchObject({ label: 'user', tables: { orders: 240, members: 6 } });
      expect(factsReadAsSaved(statements), 'the facts were read as saved').toBe(true);
      expect(factsRebuilt(statements), 'the facts were not rebuilt (join + sort)').toBe(false);
      expect(
        statements.some((s) => /_staging_orders"? AS|RENAME TO "_staging_orders"/.test(s)),
        'no staged orders table',
      ).toBe(false);
      expect(await snapshot(fresh)).toEqual(afterImport);
    } finally {
      driver.close();
    }
  });

  it('a save without the tiers (written before session 13) restores through the rebuild, to the same tables', async () => {
    const meta = (await readSavedMeta(store))!;
    const older = memoryStore();
    for (const [k, v] of store.data) if (!k.endsWith('.order_tiers.csv.gz')) await older.put(k, v);
    const { order_tiers: _, ...sizes } = meta.sizes!;
    await older.put('current.json', new TextEncoder().encode(JSON.stringify({ ...meta, tables: meta.tables.filter((t) => t !== 'order_tiers'), sizes })));
    const { driver, statements } = await recordingDriver();
    try {
      const fresh = await createEngine(driver);
      statements.length = 0;
      const restored = await createDatasetService(fresh, async () => older).restore();
      expect(restored).toMatchObject({ label: 'user', tables: { orders: 240, members: 6 } });
      expect(factsRebuilt(statements)).toBe(true);
      expect(factsReadAsSaved(statements)).toBe(false);
      const got = await snapshot(fresh);
      // The rebuild sorts by order time alone: rows of one time may come in another order, so those compare as sets.
      const byId = (rows: unknown) => [...(rows as { order_id: string }[])].sort((a, b) => a.order_id.localeCompare(b.order_id));
      expect(byId((got.order_facts as { rows: unknown }).rows)).toEqual(byId((afterImport.order_facts as { rows: unknown }).rows));
      expect((got.order_facts as { types: unknown }).types).toEqual((afterImport.order_facts as { types: unknown }).types);
      for (const t of [...TABLE_NAMES.filter((t) => t !== 'orders'), 'store_days']) expect(got[t], t).toEqual(afterImport[t]);
    } finally {
      driver.close();
    }
  });

  it('a tiers file that does not line up with the orders (a line lost, sizes recorded as written) stops the restore, which says so', async () => {
    const meta = (await readSavedMeta(store))!;
    const key = `dataset-${meta.id}.order_tiers.csv.gz`;
    const lines = (await gunzipText(store.data.get(key)!)).split('\n');
    const shifted = await gzipText([...lines.slice(0, 100), ...lines.slice(101)].join('\n'));
    const off = memoryStore();
    for (const [k, v] of store.data) if (k !== 'current.json') await off.put(k, k === key ? shifted : v);
    await off.put('current.json', new TextEncoder().encode(JSON.stringify({ ...meta, sizes: { ...meta.sizes, order_tiers: shifted.length } })));
    const { driver } = await recordingDriver();
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      const restored = await createDatasetService(await createEngine(driver), async () => off).restore();
      expect(restored.label).toBe('demo');
      expect(restored.restoreError).toMatch(/order_tiers does not line up with the orders/);
    } finally {
      console.warn = warn;
      driver.close();
    }
  });

  it('a tiers file that does not match its save (truncated) is reported, never read as facts with missing tiers', async () => {
    const meta = (await readSavedMeta(store))!;
    const broken = memoryStore();
    for (const [k, v] of store.data) await broken.put(k, k.endsWith('.order_tiers.csv.gz') ? v.slice(0, v.length - 8) : v);
    const { driver } = await recordingDriver();
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      const restored = await createDatasetService(await createEngine(driver), async () => broken).restore();
      expect(restored.label).toBe('demo');
      expect(restored.restoreError).toMatch(/table order_tiers has \d+ bytes, expected \d+/);
      expect(meta.sizes?.order_tiers).toBeGreaterThan(0);
    } finally {
      console.warn = warn;
      driver.close();
    }
  });
});
