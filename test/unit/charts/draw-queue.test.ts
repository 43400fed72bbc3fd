// Chart draws one per task (src/lib/charts/draw-queue.ts): what keeps a panel's several charts from
// becoming one long main-thread task.
import { describe, expect, it } from 'vitest';
import { queueDraw } from '../../../src/lib/charts/draw-queue.ts';

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('queueDraw', () => {
  it('runs nothing synchronously, then each draw in its own task, in order (microtasks run in between)', async () => {
    const seen: string[] = [];
    for (const name of ['a', 'b', 'c'])
      queueDraw(() => {
        seen.push(name);
        void Promise.resolve().then(() => seen.push(`${name} microtask`));
      });
    expect(seen).toEqual([]);
    await settle();
    expect(seen).toEqual(['a', 'a microtask', 'b', 'b microtask', 'c', 'c microtask']);
  });

  it('a dropped draw never runs; the others still do', async () => {
    const seen: string[] = [];
    queueDraw(() => seen.push('old'))();
    queueDraw(() => seen.push('new'));
    await settle();
    expect(seen).toEqual(['new']);
  });
});
