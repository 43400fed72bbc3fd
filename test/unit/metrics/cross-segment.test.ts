// Headline vs breakdown: the rule and the cross-store share that explain it (fixture worked in its README).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byKey, loadFixture, openHarness, type Harness } from './harness.ts';

const P = { from: '2024-01-01', to: '2024-02-01' };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  await loadFixture(h.engine, 'cross-store');
});
afterAll(() => h?.close());

describe('multi_segment_buyers', () => {
  it('regression: every store is below the overall repurchase rate, and the cross-store share says why', async () => {
    expect(await h.scalar('repurchase_rate', P)).toBeCloseTo(2 / 3, 12);
    const stores = byKey(
      (await h.table('repurchase_by_segment', P)).filter((r) => r.dimension === 'store'),
      'key',
    );
    expect(stores['店A'].repurchase_rate).toBe(0);
    expect(stores['店B'].repurchase_rate).toBe(0.5);
    const multi = byKey(await h.table('multi_segment_buyers', P), 'dimension');
    expect(multi.store).toEqual({ dimension: 'store', buyers: 3, multi_buyers: 1, multi_share: 1 / 3 });
    expect(multi.channel).toEqual({ dimension: 'channel', buyers: 3, multi_buyers: 1, multi_share: 1 / 3 });
  });
  it('follows the filters: within one store nobody shops in two stores', async () => {
    const multi = byKey(await h.table('multi_segment_buyers', { ...P, stores: ['店B'] }), 'dimension');
    expect(multi.store).toMatchObject({ buyers: 2, multi_buyers: 0, multi_share: 0 });
  });
});
