// The data-series summary a chart card carries: points and sums read from every item shape ECharts takes.
import { describe, expect, it } from 'vitest';
import { seriesSummary } from '../../../src/lib/charts/series-summary.ts';

describe('seriesSummary', () => {
  it('bars, [x, y] lines, {value} items and a heat map’s [x, y, v]; nulls are not points', () => {
    const option = {
      series: [
        { name: '销售额', type: 'bar', data: [1, 2, null, 4] },
        {
          name: 'rate',
          type: 'line',
          data: [
            ['2024-01', 0.5],
            ['2024-02', 0.25],
          ],
        },
        {
          type: 'pie',
          data: [
            { name: 'a', value: 3 },
            { name: 'b', value: 7 },
          ],
        },
        {
          name: 'heat',
          type: 'heatmap',
          data: [
            [0, 0, 10],
            [1, 0, 5],
          ],
        },
        { name: 'flows', type: 'sankey', links: [{ source: 'a', target: 'b', value: 6 }] },
      ],
    };
    expect(seriesSummary(option)).toEqual([
      { name: '销售额', type: 'bar', points: 3, sum: 7 },
      { name: 'rate', type: 'line', points: 2, sum: 0.75 },
      { name: 'series 3', type: 'pie', points: 2, sum: 10 },
      { name: 'heat', type: 'heatmap', points: 2, sum: 15 },
      { name: 'flows', type: 'sankey', points: 1, sum: 6 },
    ]);
  });
  it('an option with axes but no series summarises to nothing', () => {
    expect(seriesSummary({ xAxis: { type: 'category' }, yAxis: {} })).toEqual([]);
    expect(seriesSummary({ series: { type: 'bar', data: [] } })).toEqual([{ name: 'series 1', type: 'bar', points: 0, sum: 0 }]);
  });
});
