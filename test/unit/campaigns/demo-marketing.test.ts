// The demo's marketing tables (workers/demo/campaigns.ts): arms, benefits and communities have the shape the
// story needs, checked with independent SQL; the designed true effects are recovered in demo-story.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../src/lib/rng.ts';
import { marketingStreams } from '../../../workers/demo/benefits.ts';
import { LedgerBuffer, OrderBuffer } from '../../../workers/demo/buffers.ts';
import { buildCalendar } from '../../../workers/demo/calendar.ts';
import { CONTROL_SHARE, DEMO_CAMPAIGNS, generateContacts, purchaseCents, purchaseTimes } from '../../../workers/demo/campaigns.ts';
import { DEFAULT_SEED } from '../../../workers/demo/generate.ts';
import { generateMemberOrders } from '../../../workers/demo/member-orders.ts';
import { generateMembers } from '../../../workers/demo/members.ts';
import { buildSeason } from '../../../workers/demo/season.ts';
import { loadDemo, type LoadedDemo } from '../demo/load-demo.ts';

let d: LoadedDemo;
beforeAll(async () => {
  d = await loadDemo();
}, 60_000);
afterAll(() => d?.close());

describe('demo marketing tables', () => {
  it('every campaign holds out about 10 % as control (binomial 99.9 % band)', async () => {
    const rows = await d.q(`SELECT campaign_id, count(*)::INT AS n, count(*) FILTER (WHERE arm = 'control')::INT AS c FROM campaigns GROUP BY 1`);
    expect(rows.map((r) => r.campaign_id).sort()).toEqual(
      Object.values(DEMO_CAMPAIGNS)
        .map((c) => c.id)
        .sort(),
    );
    for (const r of rows) {
      const n = r.n as number;
      const share = (r.c as number) / n;
      expect(Math.abs(share - CONTROL_SHARE), String(r.campaign_id)).toBeLessThan(3.3 * Math.sqrt((CONTROL_SHARE * (1 - CONTROL_SHARE)) / n));
    }
  });

  it('benefits go to contacted members only, one each, used inside their validity with a purchase at that moment', async () => {
    const [r] = await d.q(`SELECT
        (SELECT count(*) FROM benefits)::INT AS issued,
        (SELECT count(*) FROM campaigns WHERE arm = 'treatment')::INT AS treated,
        (SELECT count(*) FROM benefits b JOIN campaigns c ON c.campaign_id = b.campaign_id AND c.member_id = b.member_id WHERE c.arm = 'control')::INT AS to_control,
        (SELECT count(*) FROM benefits WHERE used_time IS NOT NULL AND (used_time < issued_time OR used_time > expiry_time))::INT AS outside,
        (SELECT count(*) FROM benefits b WHERE used_time IS NOT NULL AND NOT EXISTS
          (SELECT 1 FROM orders o WHERE o.member_id = b.member_id AND o.order_time = b.used_time AND NOT o.is_refund))::INT AS no_purchase`);
    expect(r).toEqual({ issued: r.treated, treated: r.treated, to_control: 0, outside: 0, no_purchase: 0 });
  });

  it('the win-back targets 社区店 members with no purchase in the 90 days before it', async () => {
    const [r] = await d.q(`SELECT count(*)::INT AS n,
        count(*) FILTER (WHERE m.home_store <> '社区店')::INT AS other_store,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM orders o WHERE o.member_id = c.member_id AND NOT o.is_refund
          AND o.order_time < c.sent_time AND o.order_time >= c.sent_time - INTERVAL 90 DAY))::INT AS recent
      FROM campaigns c JOIN members m USING (member_id) WHERE campaign_id = '${DEMO_CAMPAIGNS.winBack.id}'`);
    expect(r.n).toBeGreaterThan(1000);
    expect(r).toMatchObject({ other_store: 0, recent: 0 });
  });

  it('community members buy more often before joining (selection) — the caveat the panel states', async () => {
    const [r] = await d.q(`WITH pre AS (
        SELECT m.member_id, (cm.member_id IS NOT NULL) AS joined,
          count(o.order_id) FILTER (WHERE o.order_time < TIMESTAMP '2025-03-01')::DOUBLE AS n
        FROM members m LEFT JOIN communities cm USING (member_id) LEFT JOIN orders o ON o.member_id = m.member_id AND NOT o.is_refund
        WHERE m.join_date < DATE '2024-11-01' GROUP BY 1, 2)
      SELECT avg(n) FILTER (WHERE joined) AS joined, avg(n) FILTER (WHERE NOT joined) AS other FROM pre`);
    expect(r.joined as number).toBeGreaterThan(1.3 * (r.other as number));
  });
});

describe('demo marketing streams', () => {
  it('each campaign draws its arms from its own stream: another member-day draw leaves the birthday and win-back arms as they were', () => {
    // The generator's first draws, as in generateDemo (members, then their orders).
    const rng = createRng(DEFAULT_SEED);
    const cal = buildCalendar();
    const season = buildSeason(cal);
    const members = generateMembers(rng, season);
    const purchases = new OrderBuffer(262_144);
    generateMemberOrders(rng, cal, season, members, purchases, new OrderBuffer(8_192), new LedgerBuffer(262_144));
    const times = purchaseTimes(members, purchases);
    const cents = purchaseCents(members, purchases);
    const base = marketingStreams(DEFAULT_SEED);
    const other = marketingStreams(DEFAULT_SEED + 1);
    const arms = (streams: typeof base) =>
      Object.fromEntries(
        Object.values(DEMO_CAMPAIGNS).map((c) => [
          c.id,
          generateContacts(streams, members, times, cents)
            .filter((x) => x.campaign.id === c.id)
            .map((x) => `${x.member}:${x.control ? 'c' : 't'}`)
            .join(','),
        ]),
      );
    const a = arms(base);
    const b = arms((label) => (label === `arms:${DEMO_CAMPAIGNS.memberDay.id}` ? other(label) : base(label)));
    expect(b[DEMO_CAMPAIGNS.memberDay.id]).not.toBe(a[DEMO_CAMPAIGNS.memberDay.id]);
    expect(b[DEMO_CAMPAIGNS.birthday.id]).toBe(a[DEMO_CAMPAIGNS.birthday.id]);
    expect(b[DEMO_CAMPAIGNS.winBack.id]).toBe(a[DEMO_CAMPAIGNS.winBack.id]);
  });
});
