import { describe, expect, it } from 'vitest';
import { memberListHref, memberListParams, parseMemberTarget, type MemberTarget } from '../../../src/lib/view/member-links.ts';
import { DEFAULT_VIEW, parseHash } from '../../../src/lib/view/view-state.ts';

describe('member list links', () => {
  const targets: MemberTarget[] = [
    { list: 'rfm', scheme: 'cn8', group: '重要挽留' },
    { list: 'tier', tier: '钻石' },
    { list: 'lifecycle', stage: 'at_risk' },
    { list: 'nps_class', npsClass: 'detractor' },
    { list: 'top_tier_detractors' },
    { list: 'value_at_risk' },
  ];
  it.each(targets)('round-trips %o and keeps the filters', (target) => {
    const view = parseHash(memberListHref({ ...DEFAULT_VIEW, stores: ['社区店'] }, target));
    expect(view.panel).toBe('members');
    expect(view.stores).toEqual(['社区店']);
    expect(parseMemberTarget(view.opts)).toEqual(target);
  });
  it('falls back to all members on a malformed target', () => {
    expect(parseMemberTarget({ list: 'lifecycle', stage: 'zombie' })).toEqual({ list: 'all' });
    expect(parseMemberTarget({})).toEqual({ list: 'all' });
  });
});

describe('campaign lapsed list and its response window', () => {
  it('the link carries the window; parsing keeps a valid one; the list runs with it', () => {
    const target = parseMemberTarget({ list: 'campaign_lapsed', campaign: 'C1', days: '14' });
    expect(target).toEqual({ list: 'campaign_lapsed', campaign: 'C1', days: 14 });
    expect(parseMemberTarget({ list: 'campaign_lapsed', campaign: 'C1', days: '9999' })).toEqual({ list: 'campaign_lapsed', campaign: 'C1', days: 30 });
    expect(parseMemberTarget({ list: 'campaign_lapsed', campaign: 'C1' })).toEqual({ list: 'campaign_lapsed', campaign: 'C1' });
    const p = { from: '2024-03-01', to: '2024-04-01' };
    expect(memberListParams(target, p)).toEqual({ ...p, responseDays: 14 });
    expect(memberListParams({ list: 'all' }, p)).toBe(p);
    expect(memberListParams(target, null)).toBeNull();
  });
});
