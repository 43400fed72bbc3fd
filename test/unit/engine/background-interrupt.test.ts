// Session 12: one rule for every prefetch's statement (engine.ts backgroundStatement). A real call that
// comes while a prefetch's statement runs interrupts it; the prefetch resolves 'yielded' (no error), keeps
// nothing of the interrupted statement, and the call is answered with its own numbers. Checked for the
// three prefetches the page starts when the view rests: store roll-ups, panels and channels.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { KPI_STRIP } from '../../../src/lib/metrics/index.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { CanonicalCsvWriter } from '../../../workers/canonical-csv.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { TEST_DUCKDB } from '../../test-duckdb.ts';
import { holdStatements, type HeldStatements } from './held-statements.ts';

const JAN: MetricParams = { from: '2026-01-01', to: '2026-02-01', stores: [], channels: [], tiers: [], membership: 'all' };

// Worked by hand: January sales 100 + 50 + 30 = 180; store A 150, channel online 150.
const ORDERS: [string, string, string, string, string, number][] = [
  ['o1', '2026-01-05', 'm1', 'A', 'online', 100],
  ['o2', '2026-01-06', 'm1', 'A', 'online', 50],
  ['o3', '2026-01-07', 'm2', 'B', 'offline', 30],
];
const csv = () => {
  const w = new CanonicalCsvWriter('orders');
  for (const [id, day, member, store, channel, amount] of ORDERS) w.push([id, `${day} 10:00:00`, member, store, channel, amount, 1, null, null, false]);
  return w.toString();
};

let driver: NativeDriver;
let engine: Engine;
let held: HeldStatements;

beforeEach(async () => {
  driver = await openNativeDriver(':memory:', TEST_DUCKDB);
  held = holdStatements(driver);
  engine = await createEngine(driver, { prefetchQuietMs: 0 });
  await engine.loadCsvTable('orders', csv());
}, 120_000);
afterEach(() => driver?.close());

const sales = async (params: MetricParams) => ipcToRows((await engine.runMetrics(['sales'], params)).sales)[0].value;

describe('a real call interrupts any prefetch statement running, and the prefetch gives way', () => {
  const cases: [string, () => Promise<string>, MetricParams, number][] = [
    ['store roll-ups', () => engine.prefetchStoreRollups([{ ids: KPI_STRIP, params: JAN }]), { ...JAN, stores: ['A'] }, 150],
    ['panels', () => engine.prefetchPanels([{ ids: ['sales'], params: JAN }]), JAN, 180],
    ['channels', () => engine.prefetchChannels([{ ids: ['sales'], params: JAN }]), { ...JAN, channels: ['online'] }, 150],
  ];
  it.each(cases)('%s', async (_, prefetch, clickParams, want) => {
    const running = held.holdNext();
    const background = prefetch();
    await running; // the prefetch's statement is running
    const click = sales(clickParams);
    expect(await background).toBe('yielded');
    expect(held.interrupts()).toBe(1);
    expect(await click).toBe(want);
    // Nothing of the interrupted statement was kept: the panel's own question runs its SQL when asked.
    if (clickParams === JAN) return;
    const q0 = held.queries();
    expect(await sales(JAN)).toBe(180);
    expect(held.queries() - q0).toBe(1);
  });
});
