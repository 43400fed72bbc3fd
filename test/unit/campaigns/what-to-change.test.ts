// Guards the "what to change" actions fed by the ranking: the verdict never claims more than the
// interval of margin per ¥ allows, and each action opens the member list it names.
import { describe, expect, it } from 'vitest';
import { paysVerdictOf, whatToChange } from '../../../src/lib/campaigns/what-to-change.ts';
import type { RankedItem } from '../../../src/lib/campaigns/ranking.ts';

const item = (id: string, source: RankedItem['source'], estimate: number, lower: number, upper: number): RankedItem => ({
  id,
  name: source === 'benefit' ? `${id.slice('benefit:'.length)}（估计）` : id,
  source,
  estimate,
  lower,
  upper,
});

describe('whatToChange', () => {
  it('an interval wholly below 1 retargets to dormant members; wholly above 1 follows up the lapsed; an interval spanning 1 cannot tell', () => {
    const ranked = [item('C1', 'campaign', 3.7, 1.4, 6.1), item('benefit:会员日', 'benefit', 0.31, 0.05, 0.6), item('C2', 'campaign', 1.2, 0.4, 2.0)];
    const actions = whatToChange(ranked, 14);
    expect(actions.map((a) => a.verdict)).toEqual(['pays', 'loses', 'unclear']);
    expect(actions[0].target).toEqual({ list: 'campaign_lapsed', campaign: 'C1', days: 14, action: 'campaign_lapsed_follow_up' });
    expect(actions[1].target).toEqual({ list: 'lifecycle', stage: 'dormant', action: 'retarget_dormant' });
    expect(actions[1].label.zh).toContain('会员日（估计）：每 ¥1 成本只带回 ¥0.31 毛利');
    expect(actions[2].target).toEqual({ list: 'campaign_lapsed', campaign: 'C2', days: 14, action: 'campaign_lapsed_follow_up' });
    expect(whatToChange([item('benefit:生日礼', 'benefit', 2, 0.9, 3)], 30)[0].target).toEqual({
      list: 'benefit_lapsed',
      benefit: '生日礼',
      days: 30,
      action: 'benefit_lapsed_follow_up',
    });
  });

  it('an interval touching 1 on either side is not called either way', () => {
    expect(paysVerdictOf({ lower: 1, upper: 2 })).toBe('unclear');
    expect(paysVerdictOf({ lower: 0.5, upper: 1 })).toBe('unclear');
    expect(paysVerdictOf({ lower: 1.01, upper: 2 })).toBe('pays');
    expect(paysVerdictOf({ lower: 0.2, upper: 0.99 })).toBe('loses');
  });
});
