// The playbook and the 短板 ranking: every KPI is covered, every action targets a member list that
// round-trips through the link format, and the demo's story shows up as each store's 短板.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compassChanges, PLAYBOOK } from '../../../src/lib/compass/playbook.ts';
import type { ChangeAction, PaysVerdict } from '../../../src/lib/campaigns/what-to-change.ts';
import { weakPoints } from '../../../src/lib/compass/weak-points.ts';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { memberListHref, parseMemberTarget } from '../../../src/lib/view/member-links.ts';
import { normaliseAgainstBenchmark, type CompassRow } from '../../../src/lib/metrics/compass.ts';
import { ELEVEN_GROUPS, CN8_GROUPS } from '../../../src/lib/metrics/rfm-schemes.ts';
import { COMPASS_KPIS } from '../../../src/lib/metrics/store-compass.ts';
import { presetPeriod } from '../../../src/lib/view/periods.ts';
import { DEFAULT_VIEW, parseHash } from '../../../src/lib/view/view-state.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine } from '../../../workers/engine.ts';

describe('PLAYBOOK', () => {
  it('has 2–3 actions in both languages for every compass KPI, and nothing else', () => {
    expect(Object.keys(PLAYBOOK).sort()).toEqual(COMPASS_KPIS.map((k) => k.id).sort());
    for (const [kpi, entry] of Object.entries(PLAYBOOK)) {
      expect(entry.meaning.zh.length, kpi).toBeGreaterThan(4);
      expect(entry.meaning.en.length, kpi).toBeGreaterThan(4);
      expect(entry.actions.length, kpi).toBeGreaterThanOrEqual(2);
      expect(entry.actions.length, kpi).toBeLessThanOrEqual(3);
      expect(new Set(entry.actions.map((a) => a.id)).size, kpi).toBe(entry.actions.length);
      for (const a of entry.actions) {
        expect(a.label.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(a.label.en).not.toMatch(/[\u4e00-\u9fff]/); // English really is English
      }
    }
  });
  it('aims every action at a real member list: the link parses back to the same target, RFM groups exist', () => {
    const eleven = new Set(ELEVEN_GROUPS.map((g) => g.id));
    const cn8 = new Set(CN8_GROUPS.map((g) => g.id));
    for (const entry of Object.values(PLAYBOOK)) {
      for (const a of entry.actions) {
        expect(a.target.list, a.id).not.toBe('all');
        const view = parseHash(memberListHref({ ...DEFAULT_VIEW, stores: ['社区店'] }, a.target));
        expect(view.panel).toBe('members');
        expect(view.stores).toEqual(['社区店']); // filters travel along
        expect(parseMemberTarget(view.opts), a.id).toEqual(a.target);
        if (a.target.list === 'rfm') expect((a.target.scheme === 'cn8' ? cn8 : eleven).has(a.target.group), a.id).toBe(true);
      }
    }
  });
});

describe('weakPoints', () => {
  // index = 100 × value ÷ median (NPS from −100): A is the median store on every axis
  const rows: CompassRow[] = [
    { store: 'A', repurchase_rate: 0.5, return_to_store_rate: 0.5, aov: 100, nps: 0 },
    { store: 'B', repurchase_rate: 0.25, return_to_store_rate: 0.4, aov: 90, nps: 50 },
    { store: 'C', repurchase_rate: 0.6, return_to_store_rate: 0.6, aov: 110, nps: -20 },
  ];
  const kpis = ['repurchase_rate', 'return_to_store_rate', 'aov', 'nps'] as const;
  const compass = normaliseAgainstBenchmark(rows, {}, kpis);

  it('ranks the axes under 100, lowest first, with value and benchmark', () => {
    expect(weakPoints(compass, 'B')).toEqual([
      { kpi: 'repurchase_rate', score: 50, value: 0.25, benchmark: 0.5 },
      { kpi: 'return_to_store_rate', score: 80, value: 0.4, benchmark: 0.5 },
      { kpi: 'aov', score: 90, value: 90, benchmark: 100 },
    ]); // NPS 50 → 150 is no 短板
  });
  it('limits the count, skips the median store, knows no unknown store', () => {
    expect(weakPoints(compass, 'B', 2).map((w) => w.kpi)).toEqual(['repurchase_rate', 'return_to_store_rate']);
    expect(weakPoints(compass, 'A')).toEqual([]);
    expect(weakPoints(compass, 'C')).toEqual([{ kpi: 'nps', score: 80, value: -20, benchmark: 0 }]); // 100 × 80 ÷ 100
    expect(weakPoints(compass, 'Z')).toEqual([]);
  });
  it('uses targets instead of the median and ignores axes without a score', () => {
    const withTarget = normaliseAgainstBenchmark([...rows, { store: 'D', repurchase_rate: null, aov: 100 }], { aov: 200 }, kpis);
    expect(weakPoints(withTarget, 'A').map((w) => [w.kpi, w.score])).toEqual([['aov', 50]]);
    expect(weakPoints(withTarget, 'D').map((w) => w.kpi)).toEqual(['aov']); // repurchase NULL: not ranked
  });
});

describe('the demo story as 短板 (native DuckDB)', () => {
  let compassOf: (preset: 'last90' | 'last_year' | 'this_year') => Promise<ReturnType<typeof normaliseAgainstBenchmark>>;
  let close: () => void;
  beforeAll(async () => {
    const driver = await openNativeDriver();
    const engine = await createEngine(driver);
    const info = await engine.loadDemo();
    close = driver.close;
    compassOf = async (preset) => normaliseAgainstBenchmark(ipcToRows(await engine.runMetric('store_compass', presetPeriod(preset, info.lastOrderDate!))) as CompassRow[]);
  }, 60_000);
  afterAll(() => close?.());

  it('社区店: repurchase and return; 商场店: conversion (default 90 days and this year)', async () => {
    for (const preset of ['last90', 'this_year'] as const) {
      const c = await compassOf(preset);
      const community = weakPoints(c, '社区店').map((w) => w.kpi);
      expect(community, preset).toContain('repurchase_rate');
      expect(community, preset).toContain('return_to_store_rate');
      expect(weakPoints(c, '商场店')[0].kpi, preset).toBe('conversion_rate'); // its weakest axis
    }
  });
});

describe('compassChanges (the weak points’ “what to change”)', () => {
  const action = (verdict: PaysVerdict, id: string): ChangeAction => ({
    id: `${verdict}:${id}`,
    verdict,
    label: { zh: id, en: id },
    target: { list: 'lifecycle', stage: 'dormant' },
  });

  it('shows the decided actions first — does not pay back, then pays back — each in the ranking’s order, two at most', () => {
    const ranked = [action('pays', 'A'), action('unclear', 'B'), action('loses', 'C'), action('pays', 'D'), action('loses', 'E')];
    expect(compassChanges(ranked).map((a) => a.id)).toEqual(['loses:C', 'loses:E']);
    expect(compassChanges(ranked, 4).map((a) => a.id)).toEqual(['loses:C', 'loses:E', 'pays:A', 'pays:D']);
    expect(compassChanges([action('unclear', 'B'), action('pays', 'A')]).map((a) => a.id)).toEqual(['pays:A', 'unclear:B']);
    expect(compassChanges([])).toEqual([]);
  });

  it('returns the actions themselves (same label and member-list target as the benefits panel’s card)', () => {
    const ranked = [action('loses', 'C')];
    expect(compassChanges(ranked)[0]).toBe(ranked[0]);
  });
});
