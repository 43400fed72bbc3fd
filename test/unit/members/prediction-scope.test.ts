// P(alive), "probably gone" and value at risk follow the store/tier/channel filters like every other
// panel (issue 9.3): the fit is the whole store's, the members shown are those in the filters' scope,
// and the scope is the value-at-risk list's (so the tile and the list cannot disagree on who counts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLikelyGone } from '../../../src/lib/concepts/likely-gone.ts';
import { narrowsModelScope } from '../../../src/lib/members/targets.ts';
import { presetPeriod } from '../../../src/lib/view/periods.ts';
import { raw } from '../../../src/lib/sql.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, ipcToRows, type Engine } from '../../../workers/engine.ts';

let engine: Engine;
let close: () => void;
let period: MetricParams;

beforeAll(async () => {
  const driver = await openNativeDriver();
  close = driver.close;
  engine = await createEngine(driver);
  await engine.loadDemo();
  period = presetPeriod('last90', (await engine.dataset()).lastOrderDate!);
}, 120_000);
afterAll(() => close());

const ids = async (stmt: string) => new Set((await engine.rows(raw(stmt))).map((r) => r.member_id as string));

describe('model predictions under filters', () => {
  it('without filters every fitted member comes back; with a store filter only that store’s own members who shopped under it', async () => {
    const all = await engine.predict({}, undefined, period);
    const rowsAll = ipcToRows(all.predictions!);
    expect(rowsAll.length).toBe(all.fit!.members);
    const scoped = { ...period, stores: ['社区店'] };
    const r = await engine.predict({}, undefined, scoped);
    expect(r.fit!.members).toBe(all.fit!.members); // same fit: the whole store base
    const rows = ipcToRows(r.predictions!);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(rowsAll.length);
    const home = await ids(`SELECT member_id FROM members WHERE home_store = '社区店'`);
    const shopped = await ids(`SELECT DISTINCT member_id FROM orders WHERE store = '社区店' AND member_id IS NOT NULL`);
    for (const row of rows) {
      expect(home.has(row.member_id as string)).toBe(true);
      expect(shopped.has(row.member_id as string)).toBe(true);
    }
    // the same members' numbers as in the unfiltered answer (same fit)
    const byId = new Map(rowsAll.map((x) => [x.member_id, x.p_alive]));
    for (const row of rows.slice(0, 50)) expect(row.p_alive).toBe(byId.get(row.member_id));
  });

  it('every member on the value-at-risk list is a scoped "probably gone" member with spend in the look-back window', async () => {
    for (const scope of [{ ...period, stores: ['商场店'] }, { ...period, channels: ['online'] }, period]) {
      const r = await engine.predict({}, undefined, scope);
      const gone = new Set(
        ipcToRows(r.predictions!)
          .filter((x) => isLikelyGone(x.p_alive as number))
          .map((x) => x.member_id as string),
      );
      const list = ipcToRows(await engine.memberList({ list: 'value_at_risk' }, scope));
      expect(list.length).toBeGreaterThan(0);
      for (const m of list) expect(gone.has(m.member_id as string)).toBe(true);
      const spent = list.filter((m) => (m.spend as number) > 0).length;
      expect(spent).toBe(list.length);
      expect(list.length).toBeLessThanOrEqual(gone.size);
    }
  });
});

describe('narrowsModelScope', () => {
  it('store, tier or channel filters narrow the model view; period and definitions do not', () => {
    expect(narrowsModelScope({ from: '2024-01-01', to: '2024-02-01', countZeroAmount: true })).toBe(false);
    expect(narrowsModelScope({ from: '2024-01-01', to: '2024-02-01', tiers: ['钻石'] })).toBe(true);
    expect(narrowsModelScope(null)).toBe(false);
  });
});

describe('model comparison on the demo', () => {
  it('a model skipped on the full data (Pareto/NBD above the in-tab history limit) is not compared on the holdout either', async () => {
    const r = await engine.predict({});
    const pareto = r.fit!.models.pareto_nbd;
    expect(pareto.reason).toMatch(/^skipped: \d+ distinct purchase histories/);
    const row = r.holdout.models.find((m) => m.model === 'pareto_nbd')!;
    expect(row.totalError).toBeNull();
    expect(r.choice!.chosen).not.toBe('pareto_nbd');
    // the choice among the two compared models follows the rule
    const [bg, mbg] = ['bgnbd', 'mbgnbd'].map((m) => r.holdout.models.find((x) => x.model === m)!);
    const least = Math.min(bg.totalError!, mbg.totalError!);
    const tie = Math.abs(bg.totalError! - mbg.totalError!) <= 0.02 * bg.total!.actual;
    expect(r.choice!.chosen).toBe(tie || mbg.totalError === least ? 'mbgnbd' : 'bgnbd');
  });
});
