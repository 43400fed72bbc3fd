// Session 17 (tabsched, issue 14: the filter click at 1M). A click's answers were posted to the page only after the
// background section queued behind its calls had started: the section's first statement starts synchronously (in the
// tab a pending query's first poll, and the value fit asked ahead's parts 0.2–0.7 s at load 9), and the reply, a few
// promise hops further from the click's own section than the queue is from the next section, waited for it — logged:
// the click's calls ended 214 ms after the click, its replies reached the page at 404–469 ms, during a 520 ms section
// of the fit asked ahead. Now a prefetch's section starts in a task of its own: everything the calls before it
// resolved (the replies) goes first.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NativeDriver } from '../../../workers/drivers/native.ts';
import type { Engine } from '../../../workers/engine.ts';
import type { HeldStatements } from './held-statements.ts';
import { JAN, openThreeOrdersEngine } from './three-orders.ts';

let driver: NativeDriver;
let engine: Engine;
let held: HeldStatements;
let swap: number;

beforeEach(async () => {
  ({ driver, engine, held, swap } = await openThreeOrdersEngine());
}, 120_000);
afterEach(() => driver?.close());

/** `p` and then `hops` more promise reactions (a reply's way to the page through the worker's RPC layer). */
const after = <T>(p: Promise<T>, hops: number): Promise<T> =>
  hops
    ? after(
        p.then((v) => v),
        hops - 1,
      )
    : p;

describe("a background section queued behind a user's call", () => {
  it("starts only after the call's answer has reached its caller", async () => {
    let go!: () => void;
    const running = held.holdNext((release) => (go = release));
    let replied = false;
    const click = after(engine.runMetric('sales', JAN), 12).then(() => (replied = true));
    await running; // the click's statement runs
    // Background work queued behind it: the save's export (its first section reads the table's row span).
    const seen: boolean[] = [];
    const query = driver.query.bind(driver);
    driver.query = (stmt) => (seen.push(replied), query(stmt));
    const save = engine.exportTableCsv('orders', swap, async () => undefined, 2);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([]); // queued, not started
    go();
    await click;
    expect(await save).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toBe(true); // the click's answer was delivered before the save's first statement began
  });

  it('a panel prefetch queued behind a call still runs and keeps its answers', async () => {
    let go!: () => void;
    const running = held.holdNext((release) => (go = release));
    const click = engine.runMetric('sales', JAN);
    await running;
    const prefetch = engine.prefetchPanels([{ ids: ['orders'], params: JAN }], { eager: true });
    go();
    await click;
    expect(await prefetch).toBe('done');
    const q0 = held.queries();
    await engine.runMetric('orders', JAN);
    expect(held.queries()).toBe(q0); // answered from what the prefetch kept
  });
});
