// A chart PNG names its chart, period and filters.
import { expect, it } from 'vitest';
import { pngCaption, wrapText } from '../../../src/lib/charts/png-caption.ts';

it('caption: title, then period and filters in the current language', () => {
  const [title, scope] = pngCaption('复购率', { from: '2026-08-02', to: '2026-11-01', stores: ['社区店'] }, 'zh');
  expect(title).toBe('复购率');
  expect(scope).toBe('时间: 2026/08/02 ~ 2026/10/31 · 门店: 社区店 · 渠道: 全部 · 等级: 全部 · 客户: 全部');
});

it('wrapText breaks at the measured width (one unit per character here)', () => {
  expect(wrapText('abcdefg', 3, (s) => s.length)).toEqual(['abc', 'def', 'g']);
  expect(wrapText('ab', 3, (s) => s.length)).toEqual(['ab']);
  expect(wrapText('', 3, (s) => s.length)).toEqual([]);
});
