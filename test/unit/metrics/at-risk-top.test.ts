// Session 17 (buyerday): members_at_risk counts purchase days for the listed members only (out of core at 10M orders,
// a count(DISTINCT order_date) per member over every member's history failed at 100MB). Checked on seeded random orders
// and members against an independent implementation in JS: lifecycle stages at the snapshot end, whole-history net
// spend (refunds and zero amounts included), purchase days, top 20 by spend then member id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, type MetricParams } from '../../../src/lib/metrics/params.ts';
import { openHarness, type Harness } from './harness.ts';

interface Order {
  id: string;
  day: string;
  member: string | null;
  store: string;
  yuan: number;
  refund: boolean;
}

function orders(seed: number): Order[] {
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: Order[] = [];
  for (let i = 0; i < 900; i++) {
    const kind = rand();
    const member = rand() < 0.05 ? null : `m${Math.floor(rand() ** 2 * 160)}`;
    // Several orders of a member on one day: purchase days ≠ purchases.
    const day = addDays('2024-01-01', Math.floor(rand() * 366));
    const n = rand() < 0.2 ? 2 : 1;
    for (let j = 0; j < n; j++)
      out.push({
        id: `o${i}-${j}`,
        day,
        member,
        store: ['S1', 'S2', 'S3'][Math.floor(rand() * 3)],
        // whole yuan: every sum exact, so the ranking by spend has no last-bit ties
        yuan: kind < 0.05 ? 0 : kind < 0.1 ? -5 : 1 + Math.floor(rand() * 300),
        refund: kind >= 0.1 && kind < 0.13,
      });
  }
  return out;
}

const ORDERS = orders(11);
const ordersCsv = [
  'order_id,order_time,member_id,store,channel,amount,item_count,discount,points_used,is_refund',
  ...ORDERS.map((o) => `${o.id},${o.day} 12:00:00,${o.member ?? ''},${o.store},offline,${o.yuan},1,,,${o.refund}`),
].join('\n');
// Every third member on file, with a phone and a tier.
const MEMBERS = Array.from({ length: 160 }, (_, i) => `m${i}`).filter((_, i) => i % 3 === 0);
const membersCsv = [
  'member_id,join_date,tier,birthday,gender,birth_year,phone,home_store,signup_channel,name',
  ...MEMBERS.map((m, i) => `${m},,${['普卡', '银卡', '金卡'][i % 3]},,,,1380000${String(i).padStart(4, '0')},,,`),
].join('\n');
const tierOf = new Map(MEMBERS.map((m, i) => [m, ['普卡', '银卡', '金卡'][i % 3]]));

interface Row {
  member_id: string;
  phone: string | null;
  tier: string | null;
  stage: string;
  last_date: string;
  days_since: number;
  purchase_days: number;
  spend: number;
}

function reference(p: MetricParams, end: string, life: { active: number; atRisk: number; dormant: number }): Row[] {
  const isPurchase = (o: Order) => (p.countZeroAmount ? o.yuan >= 0 : o.yuan > 0) && !o.refund;
  const per = new Map<string, { spend: number; days: Set<string> }>();
  for (const o of ORDERS) {
    if (!o.member || o.day >= end || (p.stores?.length && !p.stores.includes(o.store))) continue;
    if (!per.has(o.member)) per.set(o.member, { spend: 0, days: new Set() });
    const m = per.get(o.member)!;
    m.spend += o.yuan;
    if (isPurchase(o)) m.days.add(o.day);
  }
  const since = (d: number) => addDays(end, -d);
  const rows: Row[] = [];
  for (const [member, { spend, days }] of per) {
    if (days.size === 0) continue; // no purchase: no stage
    const sorted = [...days].sort();
    const [first, last] = [sorted[0], sorted[sorted.length - 1]];
    const stage =
      first >= since(life.active) ? 'new' : last >= since(life.active) ? 'active' : last >= since(life.atRisk) ? 'at_risk' : last >= since(life.dormant) ? 'dormant' : 'churned';
    if (stage !== 'at_risk' && stage !== 'dormant') continue;
    const i = MEMBERS.indexOf(member);
    rows.push({
      member_id: member,
      phone: i >= 0 ? `1380000${String(i).padStart(4, '0')}` : null,
      tier: tierOf.get(member) ?? null,
      stage,
      last_date: last,
      days_since: (Date.parse(end) - Date.parse(last)) / 86_400_000,
      purchase_days: days.size,
      spend,
    });
  }
  return rows.sort((a, b) => b.spend - a.spend || (a.member_id < b.member_id ? -1 : 1)).slice(0, 20);
}

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  expect(await h.engine.loadCsvTable('orders', ordersCsv)).toBe(ORDERS.length);
  expect(await h.engine.loadCsvTable('members', membersCsv)).toBe(MEMBERS.length);
});
afterAll(() => h.close());

const P: MetricParams = { from: '2024-10-01', to: '2025-01-01' };
const DEFAULT = { active: 90, atRisk: 180, dormant: 365 };
const CASES: [string, MetricParams, string, typeof DEFAULT, number][] = [
  ['default (snapshot = to)', P, '2025-01-01', DEFAULT, 20],
  [
    'as of mid-year, 30 / 90 / 180 days, zero amounts count',
    { ...P, asOf: '2024-06-30', lifecycle: { active: 30, atRisk: 90, dormant: 180 }, countZeroAmount: true },
    '2024-07-01',
    { active: 30, atRisk: 90, dormant: 180 },
    20,
  ],
  ['two stores', { ...P, stores: ['S1', 'S3'] }, '2025-01-01', DEFAULT, 20],
  [
    'early snapshot: fewer than 20 listed',
    { ...P, asOf: '2024-04-15', lifecycle: { active: 60, atRisk: 75, dormant: 90 } },
    '2024-04-16',
    { active: 60, atRisk: 75, dormant: 90 },
    0,
  ],
];

describe('members_at_risk: purchase days of the listed members only', () => {
  it.each(CASES)('equals the JS reference: %s', async (_name, p, end, life, full) => {
    const rows = (await h.table('members_at_risk', p)) as unknown as Row[];
    const want = reference(p, end, life);
    if (full) expect(want.length).toBe(full);
    else expect(want.length).toBeGreaterThan(0);
    if (!full) expect(want.length).toBeLessThan(20);
    expect(want.some((r) => r.purchase_days > 1)).toBe(true);
    expect(rows).toEqual(want);
  });
});
