// One name per concept: the lifecycle stages' names (absolute days since the last purchase) are used
// by nothing else, so "流失 0" here and "已流失 18" there can no longer be two different counts.
import { describe, expect, it } from 'vitest';
import { STAGE_LABELS, stageLabel } from '../../../src/lib/concepts/lifecycle-stage.ts';
import { describeTarget } from '../../../src/lib/members/describe.ts';
import { METRICS } from '../../../src/lib/metrics/index.ts';
import { CN8_GROUPS, ELEVEN_GROUPS } from '../../../src/lib/metrics/rfm-schemes.ts';

const STATE_STAGES = ['at_risk', 'dormant', 'churned'] as const;
const rfmLabels = [...ELEVEN_GROUPS, ...CN8_GROUPS].map((g) => g.label);

describe('vocabulary', () => {
  it('regression: no RFM group is named with a lifecycle stage word (RFM "lost" was 已流失 beside the stage 流失)', () => {
    for (const stage of STATE_STAGES) {
      const { zh, en } = STAGE_LABELS[stage];
      for (const label of rfmLabels) {
        expect(label.zh, `${label.zh} vs ${zh}`).not.toContain(zh);
        expect(label.en.toLowerCase(), `${label.en} vs ${en}`).not.toContain(en.toLowerCase());
      }
    }
  });
  it('"at risk" names one concept only: value at risk (the stage is "Warning", its members plus dormant are "to win back")', () => {
    const atRisk = [...rfmLabels, ...Object.values(STAGE_LABELS), ...METRICS.map((m) => m.label)].filter((l) => /at risk/i.test(l.en));
    expect(atRisk).toEqual([]);
    expect(stageLabel('at_risk', 'en')).toBe('Warning');
    expect(METRICS.find((m) => m.id === 'members_at_risk')!.label).toEqual({ zh: '高价值待挽回会员（预警 + 沉睡）', en: 'Valuable members to win back (warning + dormant)' });
  });
  it('stage names come from one place: the member-list header uses the same words as the charts', () => {
    for (const stage of ['new', 'active', 'at_risk', 'dormant', 'churned'] as const) {
      expect(describeTarget({ list: 'lifecycle', stage }, 'zh')).toBe(`生命周期：${STAGE_LABELS[stage].zh}`);
      expect(describeTarget({ list: 'lifecycle', stage }, 'en')).toBe(`Lifecycle: ${STAGE_LABELS[stage].en}`);
    }
  });
  it('metric and RFM group names are unique in each language', () => {
    for (const lang of ['zh', 'en'] as const) {
      const names = [...METRICS.map((m) => m.label[lang]), ...ELEVEN_GROUPS.map((g) => g.label[lang])];
      expect(new Set(names).size, lang).toBe(names.length);
    }
  });
});
