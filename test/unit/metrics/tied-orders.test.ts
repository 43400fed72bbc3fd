// Orders in the same second (session 16): no metric's answer may depend on which of them comes first in the order facts.
// DuckDB's sort is not stable, and the command line now places such ties in file order where it placed them as its sort
// happened to. Two answers did depend on it: the last order's store (churners_by_store, for a member with no home store)
// and the last order's channel before a survey (nps_by channel) took arg_max over the order time alone, which keeps the
// first of the tied rows the scan meets. Hand fixture: member c1 buys twice at 2024-01-10 10:00:00 — o1 at S1 offline,
// o2 at S2 online — and answers an NPS survey (9, a promoter) the next day. Of tied orders the larger order id's counts: o2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../../src/lib/schema.ts';
import { openHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

const csv = (table: keyof typeof TABLES, rows: Record<string, string>[]) =>
  `${TABLES[table].map((c) => c.name).join(',')}\n${rows.map((r) => TABLES[table].map((c) => r[c.name] ?? '').join(',')).join('\n')}\n`;

const O1 = { order_id: 'o1', order_time: '2024-01-10 10:00:00', member_id: 'c1', store: 'S1', channel: 'offline', amount: '10' };
const O2 = { order_id: 'o2', order_time: '2024-01-10 10:00:00', member_id: 'c1', store: 'S2', channel: 'online', amount: '20' };
// Another member's orders around them, so the two are not alone in the table.
const OTHER = [
  { order_id: 'o0', order_time: '2024-01-09 08:00:00', member_id: 'c2', store: 'S1', channel: 'offline', amount: '5' },
  { order_id: 'o3', order_time: '2024-01-10 10:00:00', member_id: 'c2', store: 'S1', channel: 'offline', amount: '5' },
];
const SURVEY = [{ member_id: 'c1', survey_time: '2024-01-11 09:00:00', score: '9', scale: 'nps', store: 'S1' }];

/** The two answers with the orders loaded in `orders`' order (the facts' ties follow it or not; the answer must not). */
async function answers(orders: Record<string, string>[]) {
  await h.engine.loadCsvTable('orders', csv('orders', orders));
  await h.engine.loadCsvTable('surveys', csv('surveys', SURVEY));
  const facts = (await h.engine.rows({ text: "SELECT order_id FROM order_facts WHERE order_id IN ('o1', 'o2') ORDER BY rowid", params: [] })).map((r) => r.order_id);
  const churners = (await h.table('churners_by_store', { from: '2024-01-01', to: '2024-07-01' })).filter((r) => r.month === '2024-01');
  const byChannel = (await h.table('nps_by', { from: '2024-01-01', to: '2024-02-01', npsBy: 'channel' })).map((r) => ({ channel: r.segment, nps: r.nps }));
  return { facts, churners, byChannel };
}

describe('orders tied on their second', () => {
  it('churners_by_store and nps_by channel give the larger order id’s store and channel, whichever tied order comes first', async () => {
    const a = await answers([OTHER[0], O1, O2, OTHER[1]]);
    const b = await answers([OTHER[0], O2, O1, OTHER[1]]);
    // c1 (no home store: no members) churned in January at o2's store; c2 at S1.
    for (const x of [a, b]) {
      expect(x.churners).toEqual([
        { month: '2024-01', store: 'S1', churners: 1 },
        { month: '2024-01', store: 'S2', churners: 1 },
      ]);
      expect(x.byChannel).toEqual([{ channel: 'online', nps: 100 }]);
    }
    // The fixture is a real test: the two loads put the tied orders in both orders.
    expect([a.facts, b.facts]).toEqual([
      ['o1', 'o2'],
      ['o2', 'o1'],
    ]);
  });
});
