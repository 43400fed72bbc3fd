// Session 16 (rfmwin): activeMemberShareBy without two DISTINCT aggregates in one GROUP BY (out of core at 10M orders
// that statement needed 150–200MB): all stores from each member's last purchase day, per store two one-DISTINCT counts
// joined on the store. Checked on seeded random orders against an independent implementation in JS (members with a
// purchase before the snapshot end; active = one on or after end − lifecycle.active), per store and for all stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeMemberShareBy } from '../../../src/lib/metrics/activity.ts';
import { addDays, type MetricParams } from '../../../src/lib/metrics/params.ts';
import { ipcToRows } from '../../../workers/engine.ts';
import { openHarness, type Harness } from './harness.ts';

interface Order {
  id: string;
  day: string;
  member: string | null;
  store: string;
  cents: number;
  refund: boolean;
}

function orders(seed: number): Order[] {
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: Order[] = [];
  for (let i = 0; i < 800; i++) {
    const kind = rand();
    out.push({
      id: `o${i}`,
      day: addDays('2024-01-01', Math.floor(rand() * 366)),
      member: rand() < 0.05 ? null : `m${Math.floor(rand() ** 2 * 150)}`,
      store: ['S1', 'S2', 'S3'][Math.floor(rand() * 3)],
      cents: kind < 0.05 ? 0 : kind < 0.1 ? -500 : 100 + Math.round(rand() * 9999),
      refund: kind >= 0.1 && kind < 0.13,
    });
  }
  return out;
}

const ORDERS = orders(5);
const csv = [
  'order_id,order_time,member_id,store,channel,amount,item_count,discount,points_used,is_refund',
  ...ORDERS.map((o) => `${o.id},${o.day} 12:00:00,${o.member ?? ''},${o.store},offline,${(o.cents / 100).toFixed(2)},1,,,${o.refund}`),
].join('\n');

/** Active share in JS, per store (or all stores as one NULL key), sorted by key; no row when nobody purchased. */
function reference(p: MetricParams, end: string, active: number, byStore: boolean): { k: string | null; value: number }[] {
  const cut = addDays(end, -active);
  const isPurchase = (o: Order) => (p.countZeroAmount ? o.cents >= 0 : o.cents > 0) && !o.refund;
  const keys = new Map<string | null, { all: Set<string>; active: Set<string> }>();
  for (const o of ORDERS) {
    if (!o.member || o.day >= end || !isPurchase(o) || (p.stores?.length && !p.stores.includes(o.store))) continue;
    const k = byStore ? o.store : null;
    if (!keys.has(k)) keys.set(k, { all: new Set(), active: new Set() });
    keys.get(k)!.all.add(o.member);
    if (o.day >= cut) keys.get(k)!.active.add(o.member);
  }
  return [...keys].map(([k, s]) => ({ k, value: s.active.size / s.all.size })).sort((a, b) => String(a.k).localeCompare(String(b.k)));
}

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  expect(await h.engine.loadCsvTable('orders', csv)).toBe(ORDERS.length);
});
afterAll(() => h.close());

const P: MetricParams = { from: '2024-10-01', to: '2025-01-01' };
const CASES: [string, MetricParams, string, number][] = [
  ['default (90 active days, snapshot = to)', P, '2025-01-01', 90],
  [
    'as of mid-year, 30 active days, zero amounts count',
    { ...P, asOf: '2024-06-30', lifecycle: { active: 30, atRisk: 90, dormant: 180 }, countZeroAmount: true },
    '2024-07-01',
    30,
  ],
  ['two stores', { ...P, stores: ['S1', 'S3'] }, '2025-01-01', 90],
  ['before any order: no row', { ...P, asOf: '2023-12-30' }, '2023-12-31', 90],
];

describe('active_member_share without two DISTINCT aggregates in one GROUP BY', () => {
  it.each(CASES)('per store and for all stores equals the JS reference: %s', async (_name, p, end, active) => {
    for (const byStore of [false, true]) {
      const rows = ipcToRows(await h.engine.query(activeMemberShareBy(p, byStore))).sort((a, b) => String(a.k).localeCompare(String(b.k)));
      const want = reference(p, end, active, byStore);
      if (end > '2024-01-01') expect(want.length).toBe(byStore ? (p.stores?.length ?? 3) : 1);
      expect(rows.map((r) => ({ k: r.k, value: r.value }))).toEqual(want);
    }
  });
});
