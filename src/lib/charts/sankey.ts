/** Pure builder: (from, to, members) rows → an ECharts Sankey (start snapshot on the left, end on the right). */
import type { EChartsCoreOption } from 'echarts/core';
import { formatValue, type Lang } from '../format.ts';
import { FONT_FAMILY, PALETTE } from './theme.ts';
import { esc } from './tooltip.ts';

export interface FlowRow {
  from: string;
  to: string;
  members: number;
}

interface SankeyNode {
  name: string;
  key: string;
  side: 'from' | 'to';
  itemStyle: { color: string };
  label: { position: 'right' | 'left' };
}

/** Node id of a key on one side: the same tier at the start and at the end are two nodes. */
export const nodeId = (side: 'from' | 'to', key: string): string => `${side}\u0001${key}`;

/**
 * `order` lists the keys in display order (unknown keys go last); `labelOf` names a key for
 * people; `colours` pins a key's colour (e.g. the stage colours of the bar chart). Links with no
 * members are dropped; node order is kept (no layout iterations).
 */
export function buildSankeyOption(
  rows: readonly FlowRow[],
  order: readonly string[],
  labelOf: (key: string) => string,
  lang: Lang,
  colours: Readonly<Record<string, string>> = {},
): EChartsCoreOption {
  const flows = rows.filter((r) => r.members > 0);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  const keys = [...new Set(flows.flatMap((r) => [r.from, r.to]))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const colour = new Map(keys.map((k, i) => [k, colours[k] ?? PALETTE[(order.includes(k) ? rank(k) : i) % PALETTE.length]]));
  const nodes: SankeyNode[] = [];
  for (const side of ['from', 'to'] as const) {
    for (const key of keys) {
      if (flows.some((r) => (side === 'from' ? r.from : r.to) === key))
        nodes.push({ name: nodeId(side, key), key, side, itemStyle: { color: colour.get(key)! }, label: { position: side === 'from' ? 'right' : 'left' } });
    }
  }
  const display = new Map(nodes.map((n) => [n.name, labelOf(n.key)]));
  const count = (v: unknown) => formatValue(typeof v === 'number' ? v : null, 'count', lang);
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataType?: string; name?: string; value?: unknown; data?: { source?: string; target?: string } }) =>
        p.dataType === 'edge'
          ? `${esc(display.get(p.data?.source ?? ''))} → ${esc(display.get(p.data?.target ?? ''))}: ${esc(count(p.value))}`
          : `${esc(display.get(p.name ?? ''))}: ${esc(count(p.value))}`,
    },
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 8,
        top: 12,
        bottom: 12,
        nodeWidth: 14,
        nodeGap: 10,
        layoutIterations: 0,
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'gradient', opacity: 0.35 },
        label: { formatter: (p: { name: string }) => display.get(p.name) ?? '', fontSize: 12 },
        data: nodes,
        links: flows.map((r) => ({ source: nodeId('from', r.from), target: nodeId('to', r.to), value: r.members })),
      },
    ],
  };
}
