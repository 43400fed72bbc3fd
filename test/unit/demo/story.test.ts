// The story a trainer tells from the demo (workers/demo/README.md), recomputed with the
// independent SQL in story-queries.ts on native DuckDB — not through the metric catalogue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo, type LoadedDemo } from './load-demo.ts';
import { birthdaySpend, downgrades, footfallByStore, monthlyChurn, monthlyCsat, monthlyNps, monthlySales, repurchaseByStore, returnByStore } from './story-queries.ts';

let d: LoadedDemo;
beforeAll(async () => {
  d = await loadDemo();
});
afterAll(() => d?.close());

const OTHERS = ['旗舰店', '商场店'];
/** 'YYYY-MM' → months since year 0, so month gaps are plain subtraction. */
const monthNumber = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe('demo story', () => {
  it('社区店 has the lowest repurchase rate over the last 12 months', async () => {
    const r = await repurchaseByStore(d.q, '2025-11-01', '2026-11-01');
    for (const s of OTHERS) expect(r['社区店'], s).toBeLessThan(r[s] - 0.03);
  });

  it('社区店 has the lowest return-to-store rate (previous 6 months → last 6 months)', async () => {
    const r = await returnByStore(d.q, '2025-11-01', '2026-05-01', '2026-11-01');
    for (const s of OTHERS) expect(r['社区店'], s).toBeLessThan(r[s] - 0.05);
  });

  it('商场店 has by far the most visitors and the lowest conversion', async () => {
    const f = await footfallByStore(d.q);
    for (const s of ['旗舰店', '社区店']) {
      expect(f['商场店'].visitors, s).toBeGreaterThan(2 * f[s].visitors);
      expect(f['商场店'].conversion, s).toBeLessThan(f[s].conversion / 2);
    }
  });

  it('社区店 NPS dips months before its churn wave', async () => {
    const nps = await monthlyNps(d.q, '社区店');
    const churn = await monthlyChurn(d.q, '社区店', d.demo.endDate);
    const flagshipChurn = await monthlyChurn(d.q, '旗舰店', d.demo.endDate);
    const months = [...nps.keys()];
    expect(months).toHaveLength(24); // surveys about 社区店 every month
    const normal = median([...nps.values()]);
    const [dipMonth, dipNps] = [...nps].reduce((lo, e) => (e[1] < lo[1] ? e : lo));
    expect(dipNps).toBeLessThan(normal - 40); // a dip, not noise (monthly noise is ~±15 points)
    const dipStart = months.find((m) => nps.get(m)! < normal - 25)!;

    const before = [...churn].filter(([m]) => monthNumber(m) <= monthNumber(dipMonth)).map(([, n]) => n);
    const baseline = median(before);
    const rise = [...churn].find(([m, n]) => monthNumber(m) > monthNumber(dipStart) && n >= 2 * baseline);
    expect(rise, 'churn rises at some point').toBeDefined();
    const [riseMonth, riseCount] = rise!;
    expect(monthNumber(riseMonth) - monthNumber(dipMonth)).toBeGreaterThanOrEqual(2);
    expect(monthNumber(riseMonth) - monthNumber(dipStart)).toBeGreaterThanOrEqual(3);
    // Before the rise, churn is ordinary; at the rise 社区店 loses more members than the bigger flagship.
    for (const [m, n] of churn) if (monthNumber(m) < monthNumber(riseMonth)) expect(n, m).toBeLessThan(2 * baseline);
    expect(riseCount).toBeGreaterThan(flagshipChurn.get(riseMonth)!);
  });

  it('社区店 CSAT answers exist every month and sink with its NPS dip (the CSAT tile is never empty)', async () => {
    const csat = await monthlyCsat(d.q, '社区店');
    expect(csat.size).toBe(24);
    const normal = median([...csat.values()]);
    expect(normal).toBeGreaterThan(0.6);
    expect(csat.get('2025-12')!).toBeLessThan(normal - 0.3); // the NPS bottom month
    const flagship = await monthlyCsat(d.q, '旗舰店');
    expect(flagship.get('2025-12')!).toBeGreaterThan(normal - 0.15);
  });

  it('tier downgrades happen at every quarterly review, including inside the default last-90-days period', async () => {
    for (const review of ['2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01', '2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01']) {
      expect(await downgrades(d.q, review, `${review} 00:00:01`), review).toBeGreaterThan(20);
    }
    expect(await downgrades(d.q, '2026-08-02', '2026-11-01')).toBeGreaterThan(20); // 近90天 from 2026-10-31
  });

  it('monthly sales peak at 双11, 618 and before 春节', async () => {
    const s = await monthlySales(d.q);
    const peak = (m: string, ...neighbours: string[]) => {
      for (const n of neighbours) expect(s.get(m)!, `${m} vs ${n}`).toBeGreaterThan(1.15 * s.get(n)!);
    };
    peak('2024-11', '2024-12'); // 双11
    peak('2025-11', '2025-10', '2025-12');
    peak('2025-06', '2025-05', '2025-07'); // 618
    peak('2026-06', '2026-05', '2026-07');
    peak('2025-01', '2024-12', '2025-02'); // 春节 2025-01-29: New-Year shopping in January
    peak('2026-02', '2025-12', '2026-03'); // 春节 2026-02-17: shopping from late January
  });

  it('members spend more in their birthday month than in an average other month', async () => {
    const b = await birthdaySpend(d.q, '2024-11-01');
    expect(b.birthday).toBeGreaterThan(1.3 * b.other);
  });
});
