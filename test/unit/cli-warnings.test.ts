// `store-compass report` names what the data cannot answer instead of printing silent zeros.
import { describe, expect, it } from 'vitest';
import { main, type ReportWarning } from '../../scripts/cli/main.ts';
import { findMetric } from '../../src/lib/metrics/index.ts';

const FILE = 'test/fixtures/no-channel/orders.csv'; // orders only: store column, no channel column (README)

const report = (...args: string[]) =>
  main(['report', FILE, '--from', '2024-01-01', '--to', '2024-02-01', ...args]) as Promise<{ warnings: ReportWarning[]; metrics: Record<string, unknown> }>;

describe('store-compass report warnings', () => {
  it('regression: --channel online on a file without a channel column is named in warnings (it returned zeros silently)', async () => {
    const out = await report('--channel', 'online');
    expect(out.metrics.sales).toBe(0);
    expect((await report()).metrics.sales).toBe(200);
    const w = out.warnings.filter((x) => x.code.startsWith('filter_'));
    expect(w).toEqual([expect.objectContaining({ code: 'filter_no_column', filter: 'channels', value: 'online' })]);
    expect(w[0].message).toMatch(/no channel/);
  });
  it('a store the data never has is named', async () => {
    const out = await report('--store', '浦东店');
    expect(out.warnings.filter((x) => x.code.startsWith('filter_'))).toEqual([expect.objectContaining({ code: 'filter_unknown_value', filter: 'stores', value: '浦东店' })]);
  });
  it('no filter warning for a store that exists; empty tables are named once each with the metrics that read them', async () => {
    const out = await report('--store', '社区店');
    expect(out.warnings.filter((x) => x.code.startsWith('filter_'))).toEqual([]);
    const missing = out.warnings.filter((x) => x.code === 'missing_table');
    expect(missing.map((x) => x.table).sort()).toEqual(['benefits', 'campaigns', 'communities', 'footfall', 'members', 'points', 'surveys', 'tier_changes']);
    expect(missing.find((x) => x.table === 'surveys')!.metrics).toContain('nps');
    const footfall = missing.find((x) => x.table === 'footfall')!.metrics!;
    expect(footfall).toEqual(expect.arrayContaining(['conversion_rate', 'store_compass']));
    expect(footfall.every((id) => findMetric(id)!.needs.includes('footfall'))).toBe(true);
    expect(missing.flatMap((x) => (x.table === 'members' ? [] : x.metrics!))).not.toContain('sales');
  });
});
