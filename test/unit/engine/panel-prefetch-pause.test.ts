// workers/panel-prefetch.ts in the tab (session 12): DuckDB-WASM runs each statement synchronously, so
// the prefetch's loop only ever awaits microtasks and the worker takes no message (a click's call, a
// cancel) until a task ends. Before each statement the prefetch ends its task (`pause`); a click that
// arrives as a message (a timer here, like a worker's message event) is then seen before the next
// statement, and the prefetch gives way after at most the statement that was running.
import { describe, expect, it } from 'vitest';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { prefetchPanelAnswers, type PanelPrefetchDeps } from '../../../workers/panel-prefetch.ts';

const P = { from: '2024-04-01', to: '2024-07-01' } as MetricParams;
const ASKED = [
  { ids: ['a', 'b'], params: P },
  { ids: ['c', 'd'], params: P },
];

/** Deps whose statements answer in microtasks only (as a synchronous WASM statement does); a click arrives as a task after the first statement starts. */
function tabLike(overrides: Partial<PanelPrefetchDeps> = {}) {
  const ran: string[] = [];
  let clicked = false;
  const deps: PanelPrefetchDeps = {
    held: () => false,
    answer: async (id) => {
      ran.push(id);
      if (ran.length === 1) setTimeout(() => (clicked = true), 0); // the click's message, queued while the statement runs
      await Promise.resolve();
      return true;
    },
    busy: () => clicked,
    replaced: () => false,
    checkpoint: () => undefined,
    ...overrides,
  };
  return { deps, ran };
}

describe('prefetchPanelAnswers between statements', () => {
  it('takes in a click that came while a statement ran and gives way before the next one', async () => {
    const { deps, ran } = tabLike();
    expect(await prefetchPanelAnswers(ASKED, deps)).toBe('yielded');
    expect(ran).toEqual(['a']);
  });

  it('without a task boundary the same loop would have run every statement (what the pause prevents)', async () => {
    const { deps, ran } = tabLike({ pause: () => Promise.resolve() });
    expect(await prefetchPanelAnswers(ASKED, deps)).toBe('done');
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
  });

  it('pauses only before statements it runs: held answers are skipped without a pause', async () => {
    let pauses = 0;
    const { deps, ran } = tabLike({ held: (id) => id !== 'd', busy: () => false, pause: async () => void pauses++ });
    expect(await prefetchPanelAnswers(ASKED, deps)).toBe('done');
    expect([ran, pauses]).toEqual([['d'], 1]);
  });

  it('a swap taken in during the pause ends it before the statement', async () => {
    let swapped = false;
    const { deps, ran } = tabLike({ replaced: () => swapped, busy: () => false, pause: async () => void (swapped = true) });
    expect(await prefetchPanelAnswers(ASKED, deps)).toBe('replaced');
    expect(ran).toEqual([]);
  });
});
