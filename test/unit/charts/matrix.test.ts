import { describe, expect, it } from 'vitest';
import { buildCohortOption, buildMigrationOption } from '../../../src/lib/charts/cohort-heatmap.ts';
import { buildRfmTreemapOption, GROUP_COLORS } from '../../../src/lib/charts/rfm.ts';
import { ELEVEN_GROUPS, CN8_GROUPS } from '../../../src/lib/metrics/rfm-schemes.ts';

describe('buildCohortOption', () => {
  const rows = [
    { cohort: '2024-01', month_offset: 0, cohort_size: 4, retention: 1 },
    { cohort: '2024-01', month_offset: 1, cohort_size: 4, retention: 0.25 },
    { cohort: '2024-02', month_offset: 0, cohort_size: 2, retention: 1 },
  ];
  it('cohorts down (with size), months since across, cells [offset, cohort index, retention] labelled in %', () => {
    const o = buildCohortOption(rows, { offset: 'k', cohort: 'c' }, 'zh') as any;
    expect(o.yAxis.data).toEqual(['2024-01', '2024-02']);
    expect(o.yAxis.axisLabel.formatter('2024-01')).toBe('2024-01 (4)');
    expect(o.xAxis.data).toEqual(['0', '1']);
    expect(o.series[0].data).toEqual([
      [0, 0, 1],
      [1, 0, 0.25],
      [0, 1, 1],
    ]);
    expect(o.series[0].label.formatter({ value: [1, 0, 0.25] })).toBe('25%');
    expect(o.visualMap.max).toBe(0.25); // month 0 (always 100 %) does not flatten the scale
  });
});

describe('buildMigrationOption', () => {
  it('orders both axes by the scheme, unknown groups last, cells [to, from, members]', () => {
    const rows = [
      { from_group: 'none', to_group: 'new', members: 3 },
      { from_group: 'loyal', to_group: 'champions', members: 5 },
    ];
    const o = buildMigrationOption(rows, ['champions', 'loyal', 'new', 'none'], (id) => id.toUpperCase(), { from: 'F', to: 'T' }) as any;
    expect(o.xAxis.data).toEqual(['CHAMPIONS', 'LOYAL', 'NEW', 'NONE']);
    expect(o.series[0].data).toEqual([
      [2, 3, 3],
      [0, 1, 5],
    ]);
    expect(o.visualMap.max).toBe(5);
  });
});

describe('buildRfmTreemapOption', () => {
  it('one node per non-empty group in scheme order, id = group, labelled with count and share', () => {
    const rows = [
      { group: 'lost', members: 2, share: 0.2, monetary: 10 },
      { group: 'champions', members: 8, share: 0.8, monetary: 900 },
      { group: 'new', members: 0, share: 0, monetary: 0 },
    ];
    const o = buildRfmTreemapOption(
      rows,
      ELEVEN_GROUPS.map((g) => g.id),
      (id) => `<${id}>`,
      'en',
    ) as any;
    const data = o.series[0].data;
    expect(data.map((d: any) => [d.id, d.value])).toEqual([
      ['champions', 8],
      ['lost', 2],
    ]);
    expect(data[0].name).toBe('<champions>\n8 · 80.0%');
    expect(o.tooltip.renderMode).toBe('richText');
  });
  it('has a colour for every group of both schemes', () => {
    for (const g of [...ELEVEN_GROUPS, ...CN8_GROUPS]) expect(GROUP_COLORS[g.id], g.id).toBeDefined();
  });
});
