// One-line takeaways for the compass, segments, value and churn slides, on hand-made rows.
import { describe, expect, it } from 'vitest';
import { compassTakeaway, groupShareTakeaway, valueConcentrationTakeaway, winBackTakeaway } from '../../../src/lib/view/takeaway.ts';

describe('slide takeaways', () => {
  it('compass: the lowest index of any store, with its value and benchmark', () => {
    const rows = [
      { store: '旗舰店', kpi: 'aov', label: '客单价', unit: 'yuan' as const, score: 95, value: 140, benchmark: 147 },
      { store: '社区店', kpi: 'repurchase_rate', label: '复购率', unit: 'ratio' as const, score: 74, value: 0.38, benchmark: 0.514 },
      { store: '商场店', kpi: 'nps', label: 'NPS', unit: 'score' as const, score: 120, value: 40, benchmark: 33 },
    ];
    expect(compassTakeaway(rows, 'zh')).toBe('社区店最弱：复购率 38%，基准 51%');
    expect(compassTakeaway(rows, 'en')).toBe('Weakest: 社区店, 复购率 38% against a benchmark of 51%');
    expect(compassTakeaway([rows[2]], 'zh')).toBeNull();
  });
  it('segments: the largest group and its share (300 of 1,000 = 30%)', () => {
    expect(
      groupShareTakeaway(
        [
          { label: '重要挽留客户', members: 300 },
          { label: '一般维持客户', members: 700 - 400 },
          { label: '新客户', members: 400 },
        ],
        'zh',
      ),
    ).toBe('最大的分组是新客户：400 位会员，占 40%');
    expect(groupShareTakeaway([{ label: 'a', members: 0 }], 'zh')).toBeNull();
  });
  it('value: the top 20 % of ten members (2) bring 10 + 9 of 55 = 35 %', () => {
    expect(valueConcentrationTakeaway([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null], 'zh')).toBe('预测价值最高的 20% 会员贡献 35% 的未来消费');
    expect(valueConcentrationTakeaway([1, 2], 'en')).toBeNull();
  });
  it('churn: warning + dormant over everyone staged (30 + 20 of 200 = 25 %)', () => {
    const stages = [
      { stage: 'new', members: 50 },
      { stage: 'active', members: 60 },
      { stage: 'at_risk', members: 30 },
      { stage: 'dormant', members: 20 },
      { stage: 'churned', members: 40 },
    ];
    expect(winBackTakeaway(stages, { atRisk: '预警', dormant: '沉睡' }, 'zh')).toBe('预警和沉睡会员 50 位，占 25%：回访名单从这里开始');
  });
});
