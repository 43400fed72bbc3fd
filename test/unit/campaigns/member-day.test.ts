// member_day_sales and memberDayBalance on the hand-worked fixture (test/fixtures/metrics-member-day/README.md); the URL form; birthday_gift_sales (metrics-birthday-gift).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberDayBalance, memberDayCode, memberDayOf, type MemberDayRow } from '../../../src/lib/campaigns/member-day.ts';
import { loadFixture, openHarness, type Harness } from '../metrics/harness.ts';

const P = { from: '2024-03-01', to: '2024-03-15' };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  await loadFixture(h.engine, 'metrics-member-day');
});
afterAll(() => h?.close());

describe('member_day_sales (fixture)', () => {
  it('monthly member day d8: days, member sales and buyer-days per kind of day', async () => {
    const rows = await h.table('member_day_sales', { ...P, memberDay: 'd8' });
    expect(rows.map((r) => [r.day_kind, r.days, r.sales, r.buyer_days])).toEqual([
      ['member_day', 1, 160, 2],
      ['before', 2, 10, 1],
      ['after', 2, 30, 1],
      ['other', 9, 160, 4],
    ]);
  });
  it('weekly member day w5 (Friday): member days, the Wed/Thu before, the Sat/Sun after, Mon/Tue other', async () => {
    const rows = await h.table('member_day_sales', { ...P, memberDay: 'w5' });
    expect(rows.map((r) => [r.day_kind, r.days])).toEqual([
      ['member_day', 2],
      ['before', 4],
      ['after', 4],
      ['other', 4],
    ]);
  });
  it('no member day, no rows', async () => {
    expect(await h.table('member_day_sales', P)).toEqual([]);
  });
});

describe('memberDayBalance', () => {
  it('extra 1280/9, dip 280/9, added 1000/9, shifted share 0.21875 (README)', async () => {
    const b = memberDayBalance((await h.table('member_day_sales', { ...P, memberDay: 'd8' })) as unknown as MemberDayRow[])!;
    expect(b.perDay).toEqual({ memberDay: 160, around: 10, other: 160 / 9 });
    expect(b.extra).toBeCloseTo(1280 / 9, 9);
    expect(b.dip).toBeCloseTo(280 / 9, 9);
    expect(b.added).toBeCloseTo(1000 / 9, 9);
    expect(b.shiftedShare).toBeCloseTo(0.21875, 9);
  });
  it('no dip (days around sell above ordinary days): nothing counted as shifted', () => {
    const b = memberDayBalance([
      { day_kind: 'member_day', days: 1, sales: 100, buyer_days: 1 },
      { day_kind: 'before', days: 2, sales: 60, buyer_days: 1 },
      { day_kind: 'other', days: 10, sales: 200, buyer_days: 1 },
    ])!;
    expect([b.extra, b.dip, b.added, b.shiftedShare]).toEqual([80, -20, 80, 0]);
  });
});

describe('the member day in the URL (o.md)', () => {
  it('reads w1…w7 and d1…d31, rejects the rest, and writes back the same code', () => {
    expect(memberDayOf('w3')).toEqual({ kind: 'weekday', day: 3 });
    expect(memberDayOf('d31')).toEqual({ kind: 'monthday', day: 31 });
    for (const bad of ['w0', 'w8', 'd0', 'd32', 'x1', '', undefined, '3']) expect(memberDayOf(bad), String(bad)).toBeNull();
    expect(memberDayCode(memberDayOf('d15')!)).toBe('d15');
  });
});

describe('birthday_gift_sales (fixture metrics-birthday-gift)', () => {
  it('birthday member-months by gift used / unused / none against the other months (README)', async () => {
    const g = await openHarness();
    try {
      await loadFixture(g.engine, 'metrics-birthday-gift');
      const rows = await g.table('birthday_gift_sales', { from: '2024-01-01', to: '2024-04-01' });
      expect(rows.map((r) => [r.month_kind, r.member_months, r.sales, r.sales_per_member_month])).toEqual([
        ['birthday_gift_used', 1, 400, 400],
        ['birthday_gift_unused', 1, 200, 200],
        ['birthday_no_gift', 1, 80, 80],
        ['other', 8, 240, 30],
      ]);
    } finally {
      g.close();
    }
  });
});
