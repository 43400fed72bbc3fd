// Filters the data cannot honour are named, never answered with silent zeros.
import { describe, expect, it } from 'vitest';
import { filterWarnings, filterWarningText, missingTables } from '../../../src/lib/view/filter-warnings.ts';
import { getMetric } from '../../../src/lib/metrics/index.ts';

const data = { stores: ['旗舰店', '社区店'], channels: [], tiers: ['普通', '金卡'] };

describe('filterWarnings', () => {
  it('no warning when every filter value exists in the data', () => {
    expect(filterWarnings({ stores: ['社区店'], tiers: ['金卡'] }, data)).toEqual([]);
  });
  it('regression: a channel filter on data without a channel column is named (it matched nothing silently)', () => {
    expect(filterWarnings({ channels: ['online'] }, data)).toEqual([{ filter: 'channels', value: 'online', reason: 'no_column' }]);
  });
  it('a value the data never has is named, per value', () => {
    expect(filterWarnings({ stores: ['社区店', '浦东店'], tiers: ['钻石'] }, data)).toEqual([
      { filter: 'stores', value: '浦东店', reason: 'unknown_value' },
      { filter: 'tiers', value: '钻石', reason: 'unknown_value' },
    ]);
  });
  it('says it in one language at a time', () => {
    const [w] = filterWarnings({ channels: ['online'] }, data);
    expect(filterWarningText(w, 'zh')).toMatch(/^数据中没有渠道信息/);
    expect(filterWarningText(w, 'zh').replace('“online”', '')).not.toMatch(/[A-Za-z]/); // only the user's own value is not translated
    expect(filterWarningText(w, 'en')).toMatch(/^The data has no channel/);
    expect(filterWarningText(w, 'en')).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('missingTables', () => {
  it('names the empty tables a metric needs', () => {
    const nps = getMetric('nps');
    const counts = { orders: 10, members: 5, surveys: 0, points: 0, tier_changes: 0, footfall: 0, benefits: 0, campaigns: 0, communities: 0 };
    expect(missingTables(nps, counts)).toEqual(nps.needs.filter((t) => t !== 'orders' && t !== 'members'));
    expect(missingTables(getMetric('sales'), counts)).toEqual([]);
  });
});
