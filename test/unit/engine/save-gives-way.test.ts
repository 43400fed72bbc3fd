// Session 16 (issue 14, churn's first paint straight after an import): the background save's export is background
// work. At the import report the page asks the slow panels' questions at once (eager); the save's pieces, each its
// own engine call, used to be real calls: each interrupted the prefetch's running statement and made it give way
// before the next one, and in the tab (a piece's COPY and its gzip never wait on a task) the page's asking again was
// taken in only after the whole table. The prefetch made no progress while the save ran (4–7 s of the report's
// 10 s at 1M), and churn's first visit ran its own SQL (1.3–1.5 s). Now the pieces queue in turn with the prefetches
// and the worker ends its task before each piece; a user's call still goes before the next piece.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
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

const value = (ipc: Uint8Array) => ipcToRows(ipc)[0].value;

describe("the save's export is background work", () => {
  it('does not interrupt the panels asked at the import report, nor make them give way: they end first, then the pieces', async () => {
    const order: string[] = [];
    const copy = driver.copyToCsv.bind(driver);
    driver.copyToCsv = (select, header) => (order.push('piece'), copy(select, header));
    let go!: () => void;
    const running = held.holdNext((release) => (go = release));
    const prefetch = engine.prefetchPanels([{ ids: ['sales', 'orders'], params: JAN }], { eager: true }).then((o) => (order.push(`prefetch ${o}`), o));
    await running; // the prefetch's first statement runs
    const pieces: Uint8Array[] = [];
    const save = engine.exportTableCsv('orders', swap, async (p) => void pieces.push(p), 2);
    await new Promise((r) => setTimeout(r, 20)); // the save's first call is queued meanwhile
    go();
    expect(await prefetch).toBe('done');
    expect(await save).toBe(true);
    expect(held.interrupts()).toBe(0);
    expect(order).toEqual(['prefetch done', 'piece', 'piece']); // 3 orders in pieces of 2 rows
    // Both answers were kept whole: the panel's visit runs no SQL.
    const q0 = held.queries();
    const answers = await engine.runMetrics(['sales', 'orders'], JAN);
    expect([value(answers.sales), value(answers.orders)]).toEqual([180, 3]);
    expect(held.queries()).toBe(q0);
  });

  it("ends the worker's task before each piece: a message that came during a piece is taken in before the next", async () => {
    // In the tab the COPY is synchronous (drivers/wasm.ts) and the gzip a stream: no task boundary of their own.
    const order: string[] = [];
    driver.copyToCsv = async (select) => (order.push('piece'), new TextEncoder().encode(`${select.length}\n`));
    let first = true;
    const done = await engine.exportTableCsv(
      'orders',
      swap,
      async () => {
        if (first) setTimeout(() => order.push('message'), 0); // the page's call arriving while the first piece is written
        first = false;
      },
      1,
    );
    expect(done).toBe(true);
    expect(order).toEqual(['piece', 'message', 'piece', 'piece']);
  });

  it("still lets a user's call go before the next piece", async () => {
    const order: string[] = [];
    const copy = driver.copyToCsv.bind(driver);
    driver.copyToCsv = (select, header) => (order.push('piece'), copy(select, header));
    const query = driver.query.bind(driver);
    driver.query = (stmt) => (stmt.text.includes('rowid') || order.push('click'), query(stmt)); // the click's SQL, not the save's span
    let click: Promise<Record<string, Uint8Array>> | undefined;
    const done = await engine.exportTableCsv(
      'orders',
      swap,
      async () => {
        click ??= engine.runMetrics(['sales'], JAN);
      },
      1,
    );
    expect(done).toBe(true);
    expect(value((await click!).sales)).toBe(180);
    expect(order).toEqual(['piece', 'click', 'piece', 'piece']);
  });
});
