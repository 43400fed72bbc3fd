import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, parseHash, toHash, viewParams } from '../../../src/lib/view/view-state.ts';

describe('view state in the URL hash', () => {
  it('round-trips a filtered view', () => {
    const view = {
      ...DEFAULT_VIEW,
      basis: 'orders' as const,
      zeroAmount: true,
      lifecycle: [60, 150, 300] as [number, number, number],
      present: true,
      opts: { scheme: 'cn8', group: '重要价值' },
      panel: 'segments' as const,
      preset: 'last30' as const,
      stores: ['社区店'],
      membership: 'member' as const,
      lang: 'en' as const,
      comparison: 'year_ago' as const,
    };
    expect(parseHash(toHash(view))).toEqual(view);
  });
  it('keeps custom periods and drops the defaults from the link', () => {
    expect(toHash(DEFAULT_VIEW)).toBe(`#${DEFAULT_VIEW.panel}`);
    const custom = parseHash('#compass?from=2024-01-01&to=2024-02-01');
    expect(custom).toMatchObject({ preset: 'custom', from: '2024-01-01', to: '2024-02-01' });
  });
  it('falls back to defaults on nonsense instead of breaking the page', () => {
    expect(parseHash('#nowhere?preset=forever&from=2024-02-01&to=2024-01-01&member=alien')).toEqual(DEFAULT_VIEW);
    // lifecycle limits must be three increasing positive whole numbers
    expect(parseHash('#compass?lc=180,90,365').lifecycle).toEqual([90, 180, 365]);
    expect(parseHash('#compass?lc=30,60').lifecycle).toEqual([90, 180, 365]);
    expect(parseHash('#compass?lc=30,60,120').lifecycle).toEqual([30, 60, 120]);
    expect(parseHash('')).toEqual(DEFAULT_VIEW);
  });
  it('count zero amount: the purchase-definition switch is kept in the link as zero=1 and off by default', () => {
    expect(DEFAULT_VIEW.zeroAmount).toBe(false);
    expect(toHash({ ...DEFAULT_VIEW, zeroAmount: true })).toBe(`#${DEFAULT_VIEW.panel}?zero=1`);
    expect(parseHash('#compass?zero=1').zeroAmount).toBe(true);
    expect(parseHash('#compass?zero=yes').zeroAmount).toBe(false);
  });

  it('viewParams: a filtered URL gives the catalogue parameters, lifecycle thresholds named', () => {
    const view = parseHash('#compass?store=社区店&channel=小程序&tier=金卡&member=member&basis=orders&zero=1&lc=60,150,300');
    expect(viewParams(view, { from: '2026-01-01', to: '2026-04-01' })).toEqual({
      from: '2026-01-01',
      to: '2026-04-01',
      stores: ['社区店'],
      channels: ['小程序'],
      tiers: ['金卡'],
      membership: 'member',
      repurchaseBasis: 'orders',
      countZeroAmount: true,
      lifecycle: { active: 60, atRisk: 150, dormant: 300 },
    });
  });
});
