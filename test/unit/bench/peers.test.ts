// The scale bench's peers (bench/peers/): Arquero and sql.js each compute the five core metrics
// (monthly sales, repurchase rate, RFM scores, cohort retention, lifecycle counts) from the raw
// synthetic export, and must return exactly what our catalogue returns on native DuckDB after our
// import of the same bytes — otherwise their timings in bench/results.md compare different work.
// The file is 20,000 synthetic orders plus rows that exercise the definitions: a refund (negative
// amount: in sales and RFM monetary, not a purchase), a zero-amount order (not a purchase), an
// unreadable amount (rejected by every side), and a member whose only order is a refund (no RFM row,
// no cohort, no lifecycle stage).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arqueroPeer } from '../../../bench/peers/arquero.ts';
import { FIVE_IDS, oursAsFive, PEER_PARAMS, type FiveMetrics, type Peer } from '../../../bench/peers/five-metrics.ts';
import { sqljsPeer } from '../../../bench/peers/sqljs.ts';
import { syntheticOrdersText } from '../../../bench/synthetic-orders.ts';
import { ipcToRows } from '../../../workers/engine.ts';
import { importFile } from '../../../workers/import/index.ts';
import { openHarness, type Harness } from '../metrics/harness.ts';

const EXTRA = [
  'X000000001,2025-06-10 10:00:00,M0000001,旗舰店,线下,-120.50,1', // refund of the busiest member
  'X000000002,2025-11-20 15:30:00,M0000002,万达店,线上,0.00,1', // free goods: not a purchase
  'X000000003,2025-07-01 09:00:00,M0000003,旗舰店,线下,N/A,1', // rejected
  'X000000004,2025-12-30 20:00:00,R9999999,旗舰店,线下,-15.00,1', // a member with only a refund
];
const TEXT = `${syntheticOrdersText(20_000)}${EXTRA.join('\n')}\n`;

/** Money and ratios to 1e-6 (sums in another order differ in the last bits); everything else exact. */
function rounded(x: FiveMetrics): unknown {
  return JSON.parse(JSON.stringify(x), (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e6) / 1e6 : v));
}

let h: Harness;
let ours: FiveMetrics;

beforeAll(async () => {
  h = await openHarness();
  const { kind, csv, report } = await importFile({ name: 'orders.csv', bytes: new TextEncoder().encode(TEXT) });
  expect([kind, report.rowsRead, report.rowsRejected]).toEqual(['orders', 20_004, 1]);
  await h.engine.loadCsvTable('orders', csv);
  const byId = await h.engine.runMetrics([...FIVE_IDS], PEER_PARAMS);
  ours = oursAsFive(Object.fromEntries(Object.entries(byId).map(([id, ipc]) => [id, ipcToRows(ipc)])));
}, 60_000);
afterAll(() => h?.close());

describe.each([
  ['arquero', arqueroPeer],
  ['sql.js', sqljsPeer],
] as const)('the %s peer', (_name, make) => {
  let peer: Peer;
  let theirs: FiveMetrics;
  beforeAll(async () => {
    peer = make();
    expect((await peer.load(TEXT)).rows).toBe(20_003); // the unreadable amount is dropped, as our import rejects it
    theirs = await peer.compute(PEER_PARAMS);
  }, 60_000);
  afterAll(() => peer?.close());

  it('our results are not trivial (so equality means something)', () => {
    expect(ours.monthly_trend).toHaveLength(12);
    expect(ours.rfm_members.length).toBeGreaterThan(1000);
    expect(new Set(ours.rfm_members.map((m) => m.group)).size).toBeGreaterThan(5);
    expect(ours.cohort_retention.length).toBe(78); // 12 monthly cohorts, offsets 0..11 down to 0: 12 + 11 + … + 1
    expect(ours.repurchase_rate).toBeGreaterThan(0);
    expect(ours.rfm_members.some((m) => m.member_id === 'R9999999')).toBe(false);
  });
  it('monthly sales (net sales, purchase orders, buyers per month) equal ours', () => {
    expect(rounded({ monthly_trend: theirs.monthly_trend } as FiveMetrics)).toEqual(rounded({ monthly_trend: ours.monthly_trend } as FiveMetrics));
  });
  it('the repurchase rate equals ours', () => {
    expect(theirs.repurchase_rate).toBeCloseTo(ours.repurchase_rate!, 12);
  });
  it('RFM per member (raw values, quintile scores by rank, group) equals ours', () => {
    expect(theirs.rfm_members).toHaveLength(ours.rfm_members.length);
    expect(rounded({ rfm_members: theirs.rfm_members } as FiveMetrics)).toEqual(rounded({ rfm_members: ours.rfm_members } as FiveMetrics));
  });
  it('cohort retention (every cohort × month offset) equals ours', () => {
    expect(rounded({ cohort_retention: theirs.cohort_retention } as FiveMetrics)).toEqual(rounded({ cohort_retention: ours.cohort_retention } as FiveMetrics));
  });
  it('lifecycle counts and shares equal ours', () => {
    expect(rounded({ lifecycle_stages: theirs.lifecycle_stages } as FiveMetrics)).toEqual(rounded({ lifecycle_stages: ours.lifecycle_stages } as FiveMetrics));
  });
});
