// Session 12: one rule for every prefetch's statement (engine.ts backgroundStatement). A real call that
// comes while a prefetch's statement runs interrupts it; the prefetch resolves 'yielded' (no error), keeps
// nothing of the interrupted statement, and the call is answered with its own numbers. Checked for the
// three prefetches the page starts when the view rests: store roll-ups, panels and channels.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { KPI_STRIP } from '../../../src/lib/metrics/index.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { TEST_DUCKDB } from '../../test-duckdb.ts';
import { holdStatements, type HeldStatements } from './held-statements.ts';
import { JAN, threeOrdersCsv } from './three-orders.ts';

let driver: NativeDriver;
let engine: Engine;
let held: HeldStatements;

beforeEach(async () => {
  driver = await openNativeDriver(':memory:', TEST_DUCKDB);
  held = holdStatements(driver);
  engine = await createEngine(driver, { prefetchQuietMs: 0 });
  await engine.loadCsvTable('orders', threeOrdersCsv());
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
