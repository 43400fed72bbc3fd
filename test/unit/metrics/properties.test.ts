// Property tests on random order sets: ratios stay in [0, 1], segments partition the members, and the
// SQL matches small plain-TypeScript references for repurchase, return-to-store and cohort retention.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanonicalCsvWriter } from '../../../workers/canonical-csv.ts';
import { METRICS } from '../../../src/lib/metrics/index.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { openHarness, type Harness } from './harness.ts';

interface Order {
  member: number | null;
  day: number;
  hour: number;
  amount: number;
  refund: boolean;
  items: number | null;
  store: string;
}

const DAY0 = Date.UTC(2022, 11, 1); // 2022-12-01; day 486 is 2024-04-01, day 600 is 2024-07-23
const isoDay = (d: number) => new Date(DAY0 + d * 86_400_000).toISOString().slice(0, 10);
const P: MetricParams = { from: '2024-02-01', to: '2024-04-01' };
const PREV_FROM = '2023-12-03'; // 60 days before 2024-02-01
const RUNS = { numRuns: 25 };

const orderArb = fc.record({
  member: fc.option(fc.integer({ min: 0, max: 7 }), { freq: 6 }),
  // mostly around the period, some long before it so that lifecycle stages and RFM windows vary
  day: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 410, max: 500 }), fc.integer({ min: 410, max: 500 })),
  hour: fc.integer({ min: 0, max: 23 }),
  amount: fc.integer({ min: -50, max: 200 }),
  refund: fc.boolean(),
  items: fc.option(fc.integer({ min: 0, max: 5 })),
  store: fc.constantFrom('S1', 'S2'),
});
const ordersArb = fc.array(orderArb, { maxLength: 40 });

function toCsv(orders: Order[]): string {
  const w = new CanonicalCsvWriter('orders');
  orders.forEach((o, i) => {
    const time = `${isoDay(o.day)} ${String(o.hour).padStart(2, '0')}:00:00`;
    w.push([`o${i}`, time, o.member === null ? null : `m${o.member}`, o.store, 'offline', o.amount, o.items, null, null, o.refund]);
  });
  return w.toString();
}

// ---- plain-TypeScript references ----
const purchases = (orders: Order[]) => orders.filter((o) => o.member !== null && o.amount > 0 && !o.refund);
const inRange = (o: Order, from: string, to: string) => isoDay(o.day) >= from && isoDay(o.day) < to;
function daysByMember(orders: Order[], from: string, to: string): Map<number, Set<string>> {
  const m = new Map<number, Set<string>>();
  for (const o of purchases(orders).filter((o) => inRange(o, from, to))) {
    if (!m.has(o.member!)) m.set(o.member!, new Set());
    m.get(o.member!)!.add(isoDay(o.day));
  }
  return m;
}
function refRepurchase(orders: Order[]): number | null {
  const d = [...daysByMember(orders, P.from, P.to).values()];
  return d.length ? d.filter((s) => s.size >= 2).length / d.length : null;
}
function refReturnToStore(orders: Order[]): number | null {
  const prev = [...daysByMember(orders, PREV_FROM, P.from).keys()];
  const cur = daysByMember(orders, P.from, P.to);
  return prev.length ? prev.filter((m) => cur.has(m)).length / prev.length : null;
}
const monthIdx = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7));
function refCohorts(orders: Order[]): string[] {
  const first = new Map<number, string>();
  for (const o of purchases(orders).filter((o) => isoDay(o.day) < P.to)) {
    const d = isoDay(o.day);
    if (!first.has(o.member!) || d < first.get(o.member!)!) first.set(o.member!, d);
  }
  const lastIdx = monthIdx('2024-03-31');
  const cells: string[] = [];
  const cohorts = new Map<string, number[]>();
  for (const [m, d] of first) if (d >= P.from) cohorts.set(d.slice(0, 7), [...(cohorts.get(d.slice(0, 7)) ?? []), m]);
  for (const c of [...cohorts.keys()].sort()) {
    const members = cohorts.get(c)!;
    for (let k = 0; k <= lastIdx - monthIdx(`${c}-01`); k++) {
      const active = members.filter((m) => purchases(orders).some((o) => o.member === m && isoDay(o.day) < P.to && monthIdx(isoDay(o.day)) - monthIdx(`${c}-01`) === k));
      cells.push(`${c}|${k}|${members.length}|${active.length}|${(active.length / members.length).toFixed(9)}`);
    }
  }
  return cells;
}

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());
const load = (orders: Order[]) => h.engine.loadCsvTable('orders', toCsv(orders));
const inUnit = (v: unknown) => v === null || (typeof v === 'number' && v >= 0 && v <= 1 + 1e-12);

describe('metric properties on random order sets', () => {
  it('every scalar ratio metric and every ratio column is in [0, 1] or NULL', async () => {
    const ratios = METRICS.filter((m) => m.unit === 'ratio' && m.shape === 'scalar').map((m) => m.id);
    expect(ratios.length).toBeGreaterThanOrEqual(8);
    const columns: [string, string][] = [
      ['cohort_retention', 'retention'],
      ['lifecycle_stages', 'share'],
      ['churn_trend', 'churn_rate'],
      ['rfm_groups', 'share'],
    ];
    await fc.assert(
      fc.asyncProperty(ordersArb, async (orders) => {
        await load(orders);
        for (const id of ratios) expect(inUnit(await h.scalar(id, P)), id).toBe(true);
        for (const [id, col] of columns) for (const r of await h.table(id, P)) expect(inUnit(r[col]), `${id}.${col}`).toBe(true);
      }),
      RUNS,
    );
  });
  it('RFM groups (both schemes) and lifecycle stages partition the members', async () => {
    await fc.assert(
      fc.asyncProperty(ordersArb, async (orders) => {
        await load(orders);
        const windowBuyers = daysByMember(orders, '2023-04-02', P.to).size; // 365-day look-back to 2024-04-01 (2024 is a leap year)
        const everBuyers = daysByMember(orders, '1900-01-01', P.to).size;
        for (const rfmScheme of ['eleven', 'cn8'] as const) {
          const groups = await h.table('rfm_groups', { ...P, rfmScheme });
          expect(groups.reduce((s, g) => s + (g.members as number), 0)).toBe(windowBuyers);
        }
        const stages = await h.table('lifecycle_stages', P);
        expect(stages.reduce((s, g) => s + (g.members as number), 0)).toBe(everBuyers);
      }),
      RUNS,
    );
  });
  it('repurchase, return-to-store and cohort retention equal the TypeScript references', async () => {
    await fc.assert(
      fc.asyncProperty(ordersArb, async (orders) => {
        await load(orders);
        const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);
        expect(close(await h.scalar('repurchase_rate', P), refRepurchase(orders))).toBe(true);
        expect(close(await h.scalar('return_to_store_rate', P), refReturnToStore(orders))).toBe(true);
        const ref = refCohorts(orders);
        const rows = await h.table('cohort_retention', P);
        const cells = rows.map((r) => `${r.cohort}|${r.month_offset}|${r.cohort_size}|${r.members}|${(r.retention as number).toFixed(9)}`);
        expect(cells).toEqual(ref);
        for (const r of rows) expect(r.members as number).toBeLessThanOrEqual(r.cohort_size as number);
      }),
      RUNS,
    );
  });
});
