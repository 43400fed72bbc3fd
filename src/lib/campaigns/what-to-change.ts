/**
 * What to change (§7 → playbook): one action per ranked campaign or benefit, read from its interval
 * of incremental margin per ¥1 of cost — never stronger than the interval allows — each aimed at a
 * member list. Whole interval below 1: it mostly pays for purchases that would have happened anyway,
 * so stop giving it to everyone and aim it at dormant members. Whole interval above 1: it pays back;
 * follow up the recipients it did not bring back. Otherwise: cannot tell yet; keep a control group.
 */
import type { Localized } from '../metrics/define.ts';
import type { MemberTarget } from '../view/member-links.ts';
import type { RankedItem } from './ranking.ts';

export type PaysVerdict = 'pays' | 'loses' | 'unclear';

export interface ChangeAction {
  /** `<verdict>:<ranked id>`, stable for tests and data attributes. */
  id: string;
  verdict: PaysVerdict;
  label: Localized;
  target: MemberTarget;
}

export const paysVerdictOf = (r: Pick<RankedItem, 'lower' | 'upper'>): PaysVerdict => (r.lower > 1 ? 'pays' : r.upper < 1 ? 'loses' : 'unclear');

const BENEFIT = 'benefit:';

/** The members who received it and did not buy within the response window. */
function lapsedTarget(r: RankedItem, days: number): MemberTarget {
  return r.source === 'benefit'
    ? { list: 'benefit_lapsed', benefit: r.id.slice(BENEFIT.length), days, action: 'benefit_lapsed_follow_up' }
    : { list: 'campaign_lapsed', campaign: r.id, days, action: 'campaign_lapsed_follow_up' };
}

export function whatToChange(ranked: readonly RankedItem[], days: number): ChangeAction[] {
  return ranked.map((r) => {
    const verdict = paysVerdictOf(r);
    const per = r.estimate.toFixed(2);
    const id = `${verdict}:${r.id}`;
    if (verdict === 'loses')
      return {
        id,
        verdict,
        label: {
          zh: `${r.name}：每 ¥1 成本只带回 ¥${per} 毛利，多为补贴本就会发生的消费——停止普发，改为只给沉睡会员`,
          en: `${r.name}: ¥${per} of margin per ¥1 of cost, mostly paying for purchases that would have happened anyway — stop giving it to everyone; aim it at dormant members`,
        },
        target: { list: 'lifecycle', stage: 'dormant', action: 'retarget_dormant' },
      };
    if (verdict === 'pays')
      return {
        id,
        verdict,
        label: {
          zh: `${r.name}：每 ¥1 成本带回 ¥${per} 毛利，确定回本——继续做，并跟进收到后仍未回来的会员`,
          en: `${r.name}: ¥${per} of margin per ¥1 of cost, surely pays back — keep it, and follow up the recipients who did not come back`,
        },
        target: lapsedTarget(r, days),
      };
    return {
      id,
      verdict,
      label: {
        zh: `${r.name}：是否回本还无法确定——下次保留 10% 对照组再测；先看收到后未回来的会员`,
        en: `${r.name}: cannot tell yet whether it pays back — keep a 10% control group next time; see who received it and did not come back`,
      },
      target: lapsedTarget(r, days),
    };
  });
}
