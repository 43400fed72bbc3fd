// Regressions: small RFM treemap tiles first cut their label to "305 · 2…", then, wrapped by width, stood one
// character per line ("2 / . / 6 / %"). A tile under 3 % now shows its name only, cut with "…"; larger tiles
// keep count and share and wrap by width; the tooltip always has all three.
import { expect, it } from 'vitest';
import { buildRfmTreemapOption, SMALL_TILE_SHARE } from '../../../src/lib/charts/rfm.ts';

type Node = { name: string; label: { overflow?: string; ellipsis?: string } };
type Option = { tooltip: { formatter: (p: { data: unknown }) => string }; series: { label: { overflow: string }; data: Node[] }[] };

const rows = [
  { group: 'loyal', members: 2327, share: 0.199 },
  { group: 'cannot_lose', members: 285, share: 0.024 },
];
const names: Record<string, string> = { loyal: '忠诚客户', cannot_lose: '不能失去' };
const option = () => buildRfmTreemapOption(rows as never, ['loyal', 'cannot_lose'], (id) => names[id], 'zh') as unknown as Option;

it('a tile of 3 % or more shows name, count and share, wrapped by width', () => {
  const [loyal] = option().series[0].data;
  expect(option().series[0].label.overflow).toBe('break');
  expect(loyal.name).toBe('忠诚客户\n2,327 · 19.9%');
  expect(loyal.label.overflow).toBeUndefined();
});

it('a tile under 3 % shows its name only, cut with an ellipsis rather than broken into characters', () => {
  expect(0.024).toBeLessThan(SMALL_TILE_SHARE);
  const [, small] = option().series[0].data;
  expect(small.name).toBe('不能失去');
  expect(small.label).toMatchObject({ overflow: 'truncate', ellipsis: '…' });
});

it('the tooltip gives every tile its name, count and share', () => {
  const o = option();
  expect(o.series[0].data.map((d) => o.tooltip.formatter({ data: d }))).toEqual(['忠诚客户\n2,327 · 19.9%', '不能失去\n285 · 2.4%']);
});
