import { expect, it } from 'vitest';
import { describeParams } from '../../../src/lib/params-text.ts';

it('states the period with an inclusive last day and the filters in force', () => {
  const lines = describeParams({ from: '2026-08-03', to: '2026-11-01', stores: ['社区店'], membership: 'member' }, 'zh');
  expect(lines).toContain('时间: 2026/08/03 ~ 2026/10/31');
  expect(lines).toContain('门店: 社区店');
  expect(lines).toContain('客户: 仅会员');
  expect(describeParams({ from: '2026-08-03', to: '2026-11-01' }, 'en')).toEqual(expect.arrayContaining(['Stores: all', 'Period: 3 Aug 2026 ~ 31 Oct 2026']));
});
