// The satisfaction panel's segmentations: the URL option, the metric, the table heading and how ids read.
import { describe, expect, it } from 'vitest';
import { columnLabel } from '../../../src/lib/metrics/table.ts';
import { SEGMENT_COLUMN, segmentationOf, segmentLabel, segmentMetricOf } from '../../../src/lib/view/nps-segments.ts';

describe('NPS segments', () => {
  it('reads o.by, store when missing or unknown; RFM groups come from their own metric', () => {
    expect(segmentationOf('tier')).toBe('tier');
    expect(segmentationOf(undefined)).toBe('store');
    expect(segmentationOf('gender')).toBe('store');
    expect(segmentMetricOf('rfm')).toBe('nps_by_rfm');
    expect(segmentMetricOf('channel')).toBe('nps_by');
  });
  it('heads the segment column as the column it holds', () => {
    expect(columnLabel(SEGMENT_COLUMN.tier, 'zh')).toBe('等级');
    expect(columnLabel(SEGMENT_COLUMN.channel, 'en')).toBe('Channel');
  });
  it('names buckets, channels and RFM groups; a store reads as itself', () => {
    expect(segmentLabel('(unknown)', 'store', 'zh')).toBe('未知');
    expect(segmentLabel('(unscored)', 'rfm', 'en')).toBe('Not scored');
    expect(segmentLabel('online', 'channel', 'zh')).toBe('线上');
    expect(segmentLabel('online', 'store', 'zh')).toBe('online'); // a store may be called anything
    expect(segmentLabel('champions', 'rfm', 'en')).toBe('Champions');
    expect(segmentLabel('万达店', 'store', 'zh')).toBe('万达店');
  });
});
