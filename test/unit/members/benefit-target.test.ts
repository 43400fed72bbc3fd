// The member list "received benefit X and did not come back", on the hand-worked metrics-benefits fixture (README).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../../workers/engine.ts';
import type { MemberTarget } from '../../../src/lib/view/member-links.ts';
import { memberListParams, parseMemberTarget } from '../../../src/lib/view/member-links.ts';
import { describeTarget } from '../../../src/lib/members/describe.ts';
import { loadFixture, openHarness, type Harness } from '../metrics/harness.ts';

const P = { from: '2024-03-01', to: '2024-04-01' };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  await loadFixture(h.engine, 'metrics-benefits');
});
afterAll(() => h?.close());

async function lapsed(benefit: string, days?: number, filters: { stores?: string[] } = {}): Promise<string[]> {
  const target: MemberTarget = { list: 'benefit_lapsed', benefit, ...(days ? { days } : {}) };
  const rows = ipcToRows(await h.engine.memberList(target, memberListParams(target, { ...P, ...filters })!));
  return rows.map((r) => r.member_id as string).sort();
}

describe('benefit_lapsed member list (fixture)', () => {
  it('lists recipients with no purchase within the response window after their first issue in the period', async () => {
    expect(await lapsed('生日礼')).toEqual([]);
    expect(await lapsed('生日礼', 14)).toEqual(['b3']);
    expect(await lapsed('优惠券')).toEqual(['b4']);
    expect(await lapsed('会员日')).toEqual(['b1']); // a refund on the day is not a purchase
  });

  it('the store filter reads the home store, as every list', async () => {
    expect(await lapsed('优惠券', undefined, { stores: ['旗舰店'] })).toEqual([]);
    expect(await lapsed('优惠券', undefined, { stores: ['社区店'] })).toEqual(['b4']);
  });

  it('travels in the URL with its window and reads in both languages', () => {
    expect(parseMemberTarget({ list: 'benefit_lapsed', benefit: '生日礼', days: '14' })).toEqual({ list: 'benefit_lapsed', benefit: '生日礼', days: 14 });
    expect(parseMemberTarget({ list: 'benefit_lapsed' })).toEqual({ list: 'all' });
    expect(describeTarget({ list: 'benefit_lapsed', benefit: '生日礼', days: 14 }, 'zh')).toBe('收到权益后未回来消费：生日礼（14 天内）');
    expect(describeTarget({ list: 'benefit_lapsed', benefit: '生日礼' }, 'en')).toBe('Received the benefit and did not come back: 生日礼 (within 30 days)');
  });
});
