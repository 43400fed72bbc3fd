// Every count that appears in two places agrees under the same period and filters: the KPI strip's
// buyers and the "buyers in the period" list, each lifecycle stage's tile and its list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { loadDemo, type LoadedDemo } from '../demo/load-demo.ts';

let demo: LoadedDemo;
beforeAll(async () => {
  demo = await loadDemo();
});
afterAll(() => demo?.close());

const scalar = async (id: string, p: MetricParams) => ipcToRows(await demo.engine.runMetric(id, p))[0].value as number;
const listSize = async (target: Parameters<LoadedDemo['engine']['memberList']>[0], p: MetricParams) => ipcToRows(await demo.engine.memberList(target, p)).length;

const PERIODS: MetricParams[] = [
  { from: '2026-08-03', to: '2026-11-01' }, // 近90天 of the demo (last order 2026-10-31)
  { from: '2026-10-15', to: '2026-10-16' }, // one day
  { from: '2026-02-15', to: '2026-07-20' }, // mid-month to mid-month
  { from: '2026-08-03', to: '2026-11-01', stores: ['社区店'] },
  { from: '2026-08-03', to: '2026-11-01', channels: ['online'], tiers: ['金卡'] },
];

describe('counts that appear in two places agree', () => {
  it.each(PERIODS)("regression: the buyers list has exactly the KPI strip's 消费会员数 (%o)", async (p) => {
    const buyers = await scalar('buyers', p);
    expect(buyers).toBeGreaterThan(0);
    // Under a store filter the KPI counts everyone who bought there: the list's "shopped here" scope.
    expect(await listSize({ list: 'all', scope: p.stores ? 'shopped' : undefined }, p)).toBe(buyers);
  });
  it.each(PERIODS.slice(0, 2))('each lifecycle stage list has the members its tile counts (%o)', async (p) => {
    const stages = ipcToRows(await demo.engine.runMetric('lifecycle_stages', p)) as { stage: 'new' | 'active' | 'at_risk' | 'dormant' | 'churned'; members: number }[];
    expect(stages.length).toBe(5);
    for (const s of stages) expect(await listSize({ list: 'lifecycle', stage: s.stage }, p), s.stage).toBe(s.members);
  });
});
