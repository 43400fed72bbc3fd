// Slide takeaways are written from the rows: hand-worked medians and gaps.
import { describe, expect, it } from 'vitest';
import { dipTakeaway, footfallTakeaway, leadLagTakeaway, storeGapTakeaway, tierShareTakeaway } from '../../../src/lib/view/takeaway.ts';

describe('storeGapTakeaway', () => {
  const rows = [
    { store: '旗舰店', value: 0.69 },
    { store: '社区店', value: 0.38 },
    { store: '商场店', value: 0.51 },
  ];
  it('names the store furthest below the median, in percentage points for ratios', () => {
    // median of 0.38, 0.51, 0.69 = 0.51; 0.38 − 0.51 = −13 pp
    expect(storeGapTakeaway(rows, '复购率', 'ratio', 'zh')).toBe('社区店复购率 38%，低于中位数 13 个百分点');
    expect(storeGapTakeaway(rows, 'repurchase rate', 'ratio', 'en')).toBe('社区店: repurchase rate 38%, 13 percentage points below the median');
  });
  it('when lower is better, the store furthest above the median (counts keep their format)', () => {
    // median of 100, 340, 120 = 120; 340 − 120 = 220
    const lost = [
      { store: 'A', value: 100 },
      { store: 'B', value: 340 },
      { store: 'C', value: 120 },
    ];
    expect(storeGapTakeaway(lost, '流失会员', 'count', 'zh', false)).toBe('B流失会员 340，高于中位数 220');
  });
  it('says nothing with one store, without values, or when all stores are equal', () => {
    expect(storeGapTakeaway([{ store: 'A', value: 0.5 }], 'x', 'ratio', 'zh')).toBeNull();
    expect(
      storeGapTakeaway(
        [
          { store: 'A', value: null },
          { store: 'B', value: 0.4 },
        ],
        'x',
        'ratio',
        'zh',
      ),
    ).toBeNull();
    expect(
      storeGapTakeaway(
        [
          { store: 'A', value: 0.4 },
          { store: 'B', value: 0.4 },
        ],
        'x',
        'ratio',
        'zh',
      ),
    ).toBeNull();
    // regression: "商场店 NPS 28，低于中位数 0 分" — a gap that rounds to nothing is not a takeaway
    expect(
      storeGapTakeaway(
        [
          { store: 'A', value: 27.8 },
          { store: 'B', value: 28.1 },
          { store: 'C', value: 38.2 },
        ],
        'NPS',
        'score',
        'zh',
      ),
    ).toBeNull();
  });
  it('NPS gaps are in points', () => {
    // median of −90, 40, 30 = 30; −90 − 30 = −120
    const nps = [
      { store: '社区店', value: -90 },
      { store: '旗舰店', value: 40 },
      { store: '商场店', value: 30 },
    ];
    expect(storeGapTakeaway(nps, 'NPS', 'score', 'zh')).toBe('社区店NPS -90，低于中位数 120 分');
  });
});

describe('footfallTakeaway', () => {
  it('the busiest store and its conversion against the median conversion, months weighted by visitors', () => {
    const rows = [
      // 商场店: Jan 31 days × 1,500 = 46,500 visitors, 3,000 orders; Feb 28 days × 1,711 = 47,908, 4,184 orders
      { store: '商场店', visitors: 46_500, daily_visitors: 1500, conversion: 3000 / 46_500 },
      { store: '商场店', visitors: 47_908, daily_visitors: 1711, conversion: 4184 / 47_908 },
      { store: '旗舰店', visitors: 14_570, daily_visitors: 470, conversion: 0.31 },
      { store: '社区店', visitors: 6_510, daily_visitors: 210, conversion: 0.3 },
    ];
    // 商场店: 94,408 visitors ÷ 59 days = 1,600.1 a day; 7,184 ÷ 94,408 = 7.6 %; median conversion of
    // 7.6 %, 31 %, 30 % = 30 %, so 22.4 points below → "22"
    expect(footfallTakeaway(rows, 'zh')).toBe('商场店日均客流 1,600（最多），转化率 8%，低于中位数 22 个百分点');
    expect(footfallTakeaway(rows.slice(0, 2), 'en')).toBeNull(); // one store only
  });
});

describe('leadLagTakeaway', () => {
  const nps = [
    { month: '2025-10', value: 20 },
    { month: '2025-12', value: -90 },
    { month: '2026-01', value: -40 },
  ];
  const lost = [
    { month: '2025-11', value: 500 }, // before the dip bottom: not the answer
    { month: '2026-01', value: 120 },
    { month: '2026-03', value: 340 },
    { month: '2026-04', value: 300 },
  ];
  it('the NPS bottom month, then the biggest loss after it and the lag in months', () => {
    expect(leadLagTakeaway('社区店', nps, lost, 'zh')).toBe('社区店 NPS 在 2025-12 跌到 -90，3 个月后（2026-03）流失会员达到 340 人');
    expect(leadLagTakeaway('社区店', nps, lost, 'en')).toBe('社区店: NPS fell to -90 in 2025-12; 3 months later (2026-03) 340 members were lost');
  });
  it('null when no losses follow the dip', () => {
    expect(leadLagTakeaway('A', nps, lost.slice(0, 1), 'zh')).toBeNull();
  });
});

describe('tierShareTakeaway', () => {
  it('the tier with the highest sales share per member share', () => {
    // members 58 + 29 + 10 + 3 = 100; sales shares per member share: 0.30/0.58, 0.30/0.29, 0.25/0.10, 0.15/0.03 = 5 (钻石)
    const rows = [
      { tier: '普通', members: 58, sales_share: 0.3 },
      { tier: '银卡', members: 29, sales_share: 0.3 },
      { tier: '金卡', members: 10, sales_share: 0.25 },
      { tier: '钻石', members: 3, sales_share: 0.15 },
    ];
    expect(tierShareTakeaway(rows, (t) => t, 'zh')).toBe('钻石会员占 3%，贡献了 15% 的销售额');
    expect(tierShareTakeaway(rows, (t) => (t === '钻石' ? 'Diamond' : t), 'en')).toBe('Diamond: 3% of members bring 15% of sales');
    expect(tierShareTakeaway(rows.slice(0, 1), (t) => t, 'zh')).toBeNull();
  });
});

describe('dipTakeaway', () => {
  it('the lowest store-month against all stores in that month', () => {
    const rows = [
      { month: '2025-11', store: null, value: 10 },
      { month: '2025-11', store: '社区店', value: -60 },
      { month: '2025-12', store: null, value: 5 },
      { month: '2025-12', store: '社区店', value: -81 }, // lowest: 5 − (−81) = 86 below
      { month: '2025-12', store: '旗舰店', value: 40 },
    ];
    expect(dipTakeaway(rows, ' NPS ', 'zh')).toBe('社区店 NPS 在 2025-12 跌到 -81，比当月全部门店低 86 分');
    expect(dipTakeaway(rows, 'NPS', 'en')).toBe('社区店: NPS fell to -81 in 2025-12, 86 points below all stores that month');
    expect(
      dipTakeaway(
        rows.filter((r) => r.store === null),
        'NPS',
        'zh',
      ),
    ).toBeNull();
  });
});
