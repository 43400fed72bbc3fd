/**
 * The satisfaction panel's "NPS by segment": which segmentations there are, how each reads from
 * the URL, which vocabulary column a segment is, and how a segment id reads (unknown/unscored
 * buckets, channels, RFM groups by name).
 */
import type { Lang } from '../format.ts';
import { defineStrings } from '../i18n.ts';
import type { ColumnName } from '../metrics/columns.ts';
import { ELEVEN_GROUPS } from '../metrics/rfm-schemes.ts';

export const NPS_SEGMENTATIONS = ['store', 'tier', 'channel', 'rfm'] as const;
export type NpsSegmentation = (typeof NPS_SEGMENTATIONS)[number];

/** The segmentation in the view's options (`o.by`), store by default. */
export const segmentationOf = (opt: string | undefined): NpsSegmentation =>
  (NPS_SEGMENTATIONS as readonly (string | undefined)[]).includes(opt) ? (opt as NpsSegmentation) : 'store';

/** The vocabulary column a segment is (the segment table's heading). */
export const SEGMENT_COLUMN: Record<NpsSegmentation, ColumnName> = { store: 'store', tier: 'tier', channel: 'sales_channel', rfm: 'group' };

/** The metric that segments this way (RFM groups come from their own metric). */
export const segmentMetricOf = (by: NpsSegmentation) => (by === 'rfm' ? 'nps_by_rfm' : 'nps_by');

const s = defineStrings({
  online: { zh: '线上', en: 'Online' },
  offline: { zh: '线下', en: 'Offline' },
  unknown: { zh: '未知', en: 'Unknown' },
  unscored: { zh: '未评分', en: 'Not scored' },
});

export function segmentLabel(seg: string, by: NpsSegmentation, lang: Lang): string {
  if (seg === '(unknown)') return s('unknown', lang);
  if (seg === '(unscored)') return s('unscored', lang);
  if (by === 'channel' && (seg === 'online' || seg === 'offline')) return s(seg, lang);
  if (by === 'rfm') return ELEVEN_GROUPS.find((g) => g.id === seg)?.label[lang] ?? seg;
  return seg;
}
