// Regression: small RFM treemap tiles cut their label to "305 · 2…"; labels now wrap by width.
import { expect, it } from 'vitest';
import { buildRfmTreemapOption } from '../../../src/lib/charts/rfm.ts';

it('treemap labels wrap instead of being truncated, and keep count and share', () => {
  const o = buildRfmTreemapOption([{ group: 'cannot_lose', members: 305, share: 0.026 }] as never, ['cannot_lose'], () => '不能失去', 'zh') as {
    series: { label: { overflow: string }; data: { name: string }[] }[];
  };
  expect(o.series[0].label.overflow).toBe('break');
  expect(o.series[0].data[0].name).toBe('不能失去\n305 · 2.6%');
});
