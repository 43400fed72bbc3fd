// Sankey builder on a small hand-made tier migration.
import { describe, expect, it } from 'vitest';
import { buildSankeyOption, nodeId } from '../../../src/lib/charts/sankey.ts';

const TIERS = ['none', '普通', '银卡', '金卡'];
const label = (k: string) => (k === 'none' ? '未入会' : k);
// 3 stay 普通, 1 普通→银卡, 2 not yet joined → 普通, a zero row that must be dropped, and an HTML-looking tier name.
const rows = [
  { from: '普通', to: '普通', members: 3 },
  { from: '普通', to: '银卡', members: 1 },
  { from: 'none', to: '普通', members: 2 },
  { from: '银卡', to: '金卡', members: 0 },
  { from: '<img src=x>', to: '银卡', members: 1 },
];

describe('buildSankeyOption', () => {
  const option = buildSankeyOption(rows, TIERS, label, 'zh') as any;
  const series = option.series[0];
  it('one node per (side, key) with links, in the given order, unknown keys last; empty links dropped', () => {
    expect(series.type).toBe('sankey');
    expect(series.layoutIterations).toBe(0);
    expect(series.data.map((n: any) => n.name)).toEqual([
      nodeId('from', 'none'),
      nodeId('from', '普通'),
      nodeId('from', '<img src=x>'),
      nodeId('to', '普通'),
      nodeId('to', '银卡'),
    ]);
    expect(series.links).toEqual([
      { source: nodeId('from', '普通'), target: nodeId('to', '普通'), value: 3 },
      { source: nodeId('from', '普通'), target: nodeId('to', '银卡'), value: 1 },
      { source: nodeId('from', 'none'), target: nodeId('to', '普通'), value: 2 },
      { source: nodeId('from', '<img src=x>'), target: nodeId('to', '银卡'), value: 1 },
    ]);
  });
  it('the same key has the same colour on both sides; labels show the display name', () => {
    const colour = (name: string) => series.data.find((n: any) => n.name === name).itemStyle.color;
    expect(colour(nodeId('from', '普通'))).toBe(colour(nodeId('to', '普通')));
    expect(colour(nodeId('from', '普通'))).not.toBe(colour(nodeId('to', '银卡')));
    expect(series.label.formatter({ name: nodeId('from', 'none') })).toBe('未入会');
  });
  it('tooltips escape HTML in keys', () => {
    const edge = option.tooltip.formatter({ dataType: 'edge', value: 1, data: { source: nodeId('from', '<img src=x>'), target: nodeId('to', '银卡') } });
    expect(edge).toBe('&lt;img src=x&gt; → 银卡: 1');
    expect(option.tooltip.formatter({ dataType: 'node', name: nodeId('from', '<img src=x>'), value: 1 })).not.toContain('<img');
  });
});

describe('buildSankeyOption colours', () => {
  it('a pinned colour wins over the palette', () => {
    const o = buildSankeyOption([{ from: 'a', to: 'b', members: 1 }], ['a', 'b'], (k) => k, 'en', { a: '#123456' }) as any;
    expect(o.series[0].data[0].itemStyle.color).toBe('#123456');
  });
});
