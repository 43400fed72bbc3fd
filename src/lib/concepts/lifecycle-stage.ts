/**
 * Lifecycle stages (recency-based, as of a snapshot): their ids, display order and the one name each
 * has in every panel, list, export and doc. "预警 / Warning" is this stage only; members in 预警 or
 * 沉睡 together are "待挽回 / to win back"; the model's (1 − P(alive)) × spend is "风险价值 / value at risk".
 */
import type { MetricVariant } from '../metrics/define.ts';
import { DEFAULT_LIFECYCLE } from '../metrics/params.ts';
import type { Lang } from '../format.ts';

export type Stage = 'new' | 'active' | 'at_risk' | 'dormant' | 'churned';

/** Narrows a stage id read from the engine (the SQL returns only these). */
export const isStage = (s: string | null): s is Stage => s === 'new' || s === 'active' || s === 'at_risk' || s === 'dormant' || s === 'churned';

/** Stage ids in display order, plus 'none' (no purchase yet) for flows. */
export const STAGE_ORDER = ['none', 'new', 'active', 'at_risk', 'dormant', 'churned'] as const;

export const STAGE_LABELS: Readonly<Record<(typeof STAGE_ORDER)[number], Record<Lang, string>>> = {
  none: { zh: '期初未消费', en: 'No purchase yet' },
  new: { zh: '新客', en: 'New' },
  active: { zh: '活跃', en: 'Active' },
  at_risk: { zh: '预警', en: 'Warning' },
  dormant: { zh: '沉睡', en: 'Dormant' },
  churned: { zh: '流失', en: 'Churned' },
};

/** Display name of a stage (or 'none'); unknown keys are shown as they are. */
export const stageLabel = (stage: string, lang: Lang): string => (Object.hasOwn(STAGE_LABELS, stage) ? STAGE_LABELS[stage as keyof typeof STAGE_LABELS][lang] : stage);

/** The switchable lifecycle thresholds, as every lifecycle-based metric documents them (defaults from DEFAULT_LIFECYCLE). */
export const LIFECYCLE_VARIANT: MetricVariant = {
  param: 'lifecycle',
  options: ['{active, atRisk, dormant} days'],
  default: `${DEFAULT_LIFECYCLE.active} / ${DEFAULT_LIFECYCLE.atRisk} / ${DEFAULT_LIFECYCLE.dormant}`,
};
