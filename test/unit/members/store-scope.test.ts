// Store-scoped lists hold the store's own members (home store) by default, "shopped here" on request
// (test/fixtures/store-scope/README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerableTarget, type MemberTarget, parseMemberTarget, memberListHref } from '../../../src/lib/view/member-links.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { DEFAULT_VIEW, parseHash } from '../../../src/lib/view/view-state.ts';
import { ipcToRows } from '../../../workers/engine.ts';
import { loadFixture, openHarness, type Harness } from '../metrics/harness.ts';

const P: MetricParams = { from: '2024-06-01', to: '2024-07-01' };
const A: MetricParams = { ...P, stores: ['店A'] };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  await loadFixture(h.engine, 'store-scope');
});
afterAll(() => h.close());

const rows = async (target: MemberTarget, p: MetricParams) => ipcToRows(await h.engine.memberList(target, p));
const ids = async (target: MemberTarget, p: MetricParams) => (await rows(target, p)).map((r) => r.member_id as string).sort();

describe('store scope of member lists', () => {
  it("regression: a store's list holds only members whose home store it is (b1 of 店B shopped at 店A and leaked in)", async () => {
    expect(await ids({ list: 'all' }, A)).toEqual(['a1']);
    expect((await rows({ list: 'all' }, A)).every((r) => r.home_store === '店A')).toBe(true);
    expect(await ids({ list: 'lifecycle', stage: 'new' }, A)).toEqual(['a1']); // first purchase at 店A on 06-03: new
  });
  it('"shopped here in the period" is the alternative, and equals the buyers KPI', async () => {
    expect(await ids({ list: 'all', scope: 'shopped' }, A)).toEqual(['a1', 'b1', 'x1']);
    expect(await h.scalar('buyers', A)).toBe(3);
  });
  it('without a store filter the scope changes nothing', async () => {
    expect(await ids({ list: 'all' }, P)).toEqual(['a1', 'b1', 'b2', 'x1']);
    expect(await ids({ list: 'all', scope: 'shopped' }, P)).toEqual(['a1', 'b1', 'b2', 'x1']);
  });
  it('data without any home store (an orders-only import) says so, and its store list is everyone who bought there', async () => {
    expect((await h.engine.dataset()).homeStores).toBe(true);
    await h.engine.bulk((d) => d.exec('UPDATE members SET home_store = NULL'));
    try {
      expect((await h.engine.dataset()).homeStores).toBe(false);
      const asked: MemberTarget = { list: 'all' };
      const answered = answerableTarget(asked, false);
      expect(answered).toEqual({ list: 'all', scope: 'shopped' }); // what the page shows and exports
      // The list's SQL answers the home-store question with exactly that list.
      expect(await ids(asked, A)).toEqual(await ids(answered, A));
      expect(await ids(answered, A)).toEqual(['a1', 'b1', 'x1']);
    } finally {
      await loadFixture(h.engine, 'store-scope');
    }
    expect(answerableTarget({ list: 'all' }, true)).toEqual({ list: 'all' });
    expect(answerableTarget({ list: 'all', scope: 'shopped' }, false)).toEqual({ list: 'all', scope: 'shopped' });
  });
  it('the scope travels in the link and back', () => {
    const href = memberListHref({ ...DEFAULT_VIEW, stores: ['店A'] }, { list: 'all', scope: 'shopped' });
    expect(parseMemberTarget(parseHash(href).opts)).toEqual({ list: 'all', scope: 'shopped' });
    expect(parseMemberTarget(parseHash(memberListHref(DEFAULT_VIEW, { list: 'lifecycle', stage: 'dormant' })).opts)).toEqual({ list: 'lifecycle', stage: 'dormant' });
  });
});
