// The column vocabulary and tableOf: every table metric's columns are labelled in both languages,
// a metric-valued column takes the metric's own label, and a panel's table is one call.
import { describe, expect, it } from 'vitest';
import { getMetric, METRICS } from '../../../src/lib/metrics/index.ts';
import { columnOf, tableOf } from '../../../src/lib/metrics/table.ts';

describe('column vocabulary', () => {
  it('every column of every table metric has a label in zh and en (none falls back to its raw name)', () => {
    for (const m of METRICS) {
      for (const c of m.columns ?? []) {
        for (const lang of ['zh', 'en'] as const) expect(columnOf(c, lang).label, `${m.id}.${c} ${lang}`).not.toBe(c);
      }
    }
  });
  it('a column that is a metric carries that metric’s label and unit: one home for 复购率', () => {
    expect(columnOf('repurchase_rate', 'zh')).toEqual({ key: 'repurchase_rate', label: getMetric('repurchase_rate').label.zh, unit: 'ratio' });
    expect(columnOf('month', 'en')).toEqual({ key: 'month', label: 'Month', unit: undefined });
  });
});

describe('tableOf', () => {
  it('labels, units and cells from the definition; chosen columns and a display mapping', () => {
    const rows = [{ stage: 'at_risk', members: 30, share: 0.25 }];
    const t = tableOf(getMetric('lifecycle_stages'), rows, 'zh', { display: { stage: (v) => (v === 'at_risk' ? '预警' : v) } });
    expect(t.columns).toEqual([
      { key: 'stage', label: '生命周期阶段', unit: undefined },
      { key: 'members', label: '会员数', unit: 'count' },
      { key: 'share', label: '占比', unit: 'ratio' },
    ]);
    expect(t.rows).toEqual([{ stage: '预警', members: 30, share: 0.25 }]);
    expect(tableOf(getMetric('lifecycle_stages'), rows, 'en', { columns: ['members'] })).toEqual({
      columns: [{ key: 'members', label: 'Members', unit: 'count' }],
      rows: [{ members: 30 }],
    });
  });
});

describe('tableOf headAs', () => {
  it('a generic segment column is headed as the vocabulary column it holds (store, tier), its key and cells unchanged', () => {
    const rows = [{ segment: '金卡', responses: 12, promoters: 6, passives: 3, detractors: 3, nps: 25 }];
    const byTier = tableOf(getMetric('nps_by'), rows, 'zh', { columns: ['segment', 'nps'], headAs: { segment: 'tier' } });
    expect(byTier.columns).toEqual([
      { key: 'segment', label: '等级', unit: undefined },
      { key: 'nps', label: getMetric('nps').label.zh, unit: 'score' },
    ]);
    expect(byTier.rows).toEqual([{ segment: '金卡', nps: 25 }]);
    expect(tableOf(getMetric('nps_by'), rows, 'en', { columns: ['segment'], headAs: { segment: 'store' } }).columns[0].label).toBe('Store');
  });
});
