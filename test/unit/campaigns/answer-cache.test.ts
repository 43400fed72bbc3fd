// The engine's cache of campaign and matched effects (workers/answer-cache.ts): one computation per
// question and dataset swap, so the compass's actions and the benefits panel share one bootstrap.
import { describe, expect, it } from 'vitest';
import { createAnswerCache } from '../../../workers/answer-cache.ts';

describe('answer cache', () => {
  it('answers the same question once per swap, a different question anew', async () => {
    const cache = createAnswerCache();
    let runs = 0;
    const compute = async () => ++runs;
    expect(await cache.remember(0, ['matched', { from: 'a' }], compute)).toBe(1);
    expect(await cache.remember(0, ['matched', { from: 'a' }], compute)).toBe(1);
    expect(await cache.remember(0, ['matched', { from: 'b' }], compute)).toBe(2);
    expect(runs).toBe(2);
  });

  it('forgets everything when the dataset is swapped', async () => {
    const cache = createAnswerCache();
    let runs = 0;
    const compute = async () => ++runs;
    await cache.remember(0, 'q', compute);
    expect(await cache.remember(1, 'q', compute)).toBe(2);
    expect(await cache.remember(0, 'q', compute)).toBe(3); // not the answer kept for swap 0 before
  });

  it('keeps no failed answer, and no answer to data swapped while it ran', async () => {
    const cache = createAnswerCache();
    await expect(cache.remember(0, 'q', () => Promise.reject(new Error('interrupted')))).rejects.toThrow('interrupted');
    expect(await cache.remember(0, 'q', async () => 'fresh')).toBe('fresh');
    let release: () => void = () => undefined;
    const slow = cache.remember(1, 'r', () => new Promise<string>((r) => (release = () => r('old data'))));
    await cache.remember(2, 'other', async () => 'x'); // swap 2 while 'r' of swap 1 runs
    release();
    expect(await slow).toBe('old data');
    expect(await cache.remember(2, 'r', async () => 'recomputed')).toBe('recomputed'); // not the old data's answer
  });

  it('holds at most `size` answers, dropping the oldest', async () => {
    const cache = createAnswerCache(2);
    let runs = 0;
    const compute = async () => ++runs;
    await cache.remember(0, 'a', compute);
    await cache.remember(0, 'b', compute);
    await cache.remember(0, 'c', compute);
    expect(await cache.remember(0, 'c', compute)).toBe(3);
    expect(await cache.remember(0, 'a', compute)).toBe(4);
  });
});
