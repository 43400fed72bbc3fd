import { expect, it } from 'vitest';
import { describeParams } from '../../../src/lib/view/params-text.ts';

it('states the period with an inclusive last day and the filters in force', () => {
  const lines = describeParams({ from: '2026-08-03', to: '2026-11-01', stores: ['社区店'], membership: 'member' }, 'zh');
  expect(lines).toContain('时间: 2026/08/03 ~ 2026/10/31');
  expect(lines).toContain('门店: 社区店');
  expect(lines).toContain('客户: 仅会员');
  expect(describeParams({ from: '2026-08-03', to: '2026-11-01' }, 'en')).toEqual(expect.arrayContaining(['Stores: all', 'Period: 3 Aug 2026 ~ 31 Oct 2026']));
});

it('count zero amount: states which orders count as purchases, in both languages', () => {
  const p = { from: '2026-08-03', to: '2026-11-01' };
  expect(describeParams(p, 'zh')).toContain('消费口径: 金额大于 0 的非退款订单');
  expect(describeParams({ ...p, countZeroAmount: true }, 'zh')).toContain('消费口径: 金额大于等于 0 的非退款订单（含 0 元订单）');
  expect(describeParams({ ...p, countZeroAmount: true }, 'en')).toContain('A purchase is: a non-refund order with an amount of 0 or more (zero-amount orders included)');
});
