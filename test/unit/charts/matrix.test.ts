import { describe, expect, it } from 'vitest';
import { buildCohortOption, buildMigrationOption, HEATMAP_STEP } from '../../../src/lib/charts/cohort-heatmap.ts';
import { buildRfmTreemapOption, GROUP_COLORS } from '../../../src/lib/charts/rfm.ts';
import { buildPAliveHeatmapOption, FREQUENCY_BUCKETS, RECENCY_EDGES, type PAliveCell } from '../../../src/lib/charts/palive.ts';
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

// Issue 14 (session 13): the migration matrix's 144 labelled cells were one 50–100 ms CPU main-thread task
// at 1M orders. The heat maps are drawn progressively: the axes and at most HEATMAP_STEP cells in the
// setOption task, HEATMAP_STEP more in each following animation frame; every cell is still in the option.
describe('heat maps draw their cells in steps', () => {
  const ids = Array.from({ length: 12 }, (_, i) => `g${i}`);
  /** Every from × to pair: the 1M synthetic export's 12 × 12 migration matrix. */
  const migration = ids.flatMap((from, i) => ids.map((to, j) => ({ from_group: from, to_group: to, members: 12 * i + j + 1 })));
  /** Twelve cohorts, cohort k seen for 12 − k months: 78 cells, as the 1M export's last 12 months. */
  const cohorts = Array.from({ length: 12 }, (_, k) => `2025-${String(k + 1).padStart(2, '0')}`).flatMap((cohort, k) =>
    Array.from({ length: 12 - k }, (_, m) => ({ cohort, month_offset: m, cohort_size: 100, retention: m ? 1 / (m + 1) : 1 })),
  );
  /** Cells per draw task as ECharts' progressive pipeline cuts them: the setOption task, then one per frame. */
  const steps = (series: { data: unknown[]; progressive?: number; progressiveThreshold?: number }) => {
    const n = series.data.length;
    const on = !!series.progressive && n >= (series.progressiveThreshold ?? Infinity);
    const step = on ? series.progressive! : n;
    return Array.from({ length: Math.ceil(n / step) }, (_, k) => series.data.slice(k * step, (k + 1) * step));
  };

  it('the first task holds at most 24 labelled cells (HEATMAP_STEP), the later steps the rest, all of the data', () => {
    expect(HEATMAP_STEP).toBeLessThanOrEqual(24);
    const mig = (buildMigrationOption(migration, ids, (x) => x, { from: 'F', to: 'T' }) as any).series[0];
    const coh = (buildCohortOption(cohorts, { offset: 'k', cohort: 'c' }, 'en') as any).series[0];
    for (const [series, cells] of [
      [mig, 144],
      [coh, 78],
    ] as const) {
      expect(series.data).toHaveLength(cells);
      expect(series.label.show).toBe(true); // every cell keeps its number
      const parts = steps(series);
      expect(parts.length).toBe(Math.ceil(cells / HEATMAP_STEP));
      expect(parts.length).toBeGreaterThan(1);
      for (const p of parts) expect(p.length).toBeLessThanOrEqual(HEATMAP_STEP);
      expect(parts.flat()).toEqual(series.data);
    }
    // The cells themselves are unchanged: [to, from, members] row by row.
    expect(mig.data[0]).toEqual([0, 0, 1]);
    expect(mig.data[143]).toEqual([11, 11, 144]);
  });

  // Session 14: the value panel's P(alive) map (11 repeat-purchase buckets × 7 recency buckets, every cell
  // labelled) was the value panel's longest task at 1M (41–44 ms CPU, up to 77 ms wall quiet): stepped too.
  it('the P(alive) map, every cell filled (11 × 7 = 77): at most HEATMAP_STEP cells a task, all of the data', () => {
    const cells: PAliveCell[] = FREQUENCY_BUCKETS.flatMap((_, f) =>
      Array.from({ length: RECENCY_EDGES.length + 1 }, (_, r) => ({ f, r, members: f + r + 1, meanPAlive: 1 / (f + r + 1) })),
    );
    expect(cells).toHaveLength(77);
    const series = (buildPAliveHeatmapOption(cells, { x: 'x', y: 'y', value: 'v' }, 'en') as any).series[0];
    expect(series.data).toHaveLength(77);
    expect(series.label.show).toBe(true);
    const parts = steps(series);
    expect(parts).toHaveLength(Math.ceil(77 / HEATMAP_STEP));
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(HEATMAP_STEP);
    expect(parts.flat()).toEqual(series.data);
    expect(series.data[76]).toEqual([10, 6, 1 / 17, 17]);
  });

  it('a matrix of at most HEATMAP_STEP cells is drawn in one task', () => {
    const small = migration.filter((r) => ['g0', 'g1', 'g2', 'g3'].includes(r.from_group) && ['g0', 'g1', 'g2', 'g3'].includes(r.to_group));
    expect(small.length).toBeLessThanOrEqual(HEATMAP_STEP);
    const series = (buildMigrationOption(small, ids, (x) => x, { from: 'F', to: 'T' }) as any).series[0];
    expect(steps(series)).toHaveLength(1);
  });
});
