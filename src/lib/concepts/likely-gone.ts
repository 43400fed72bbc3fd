/**
 * "Probably gone" (大概率不再光顾): the model's verdict that a member is more likely gone than not,
 * P(alive) < 0.5. One threshold and one name for the model view's tile, the value-at-risk list and
 * the next-visit rule — kept apart from the lifecycle stages (流失/Churned counts days since the
 * last purchase, not the model).
 */
import type { Lang } from '../format.ts';

/** Below this P(alive) a member is probably gone: counted as such, listed under value at risk, given no next visit. */
export const LIKELY_GONE_P_ALIVE = 0.5;

export const LIKELY_GONE_LABEL: Record<Lang, string> = {
  zh: `大概率不再光顾（仍活跃概率 < ${LIKELY_GONE_P_ALIVE * 100}%）`,
  en: `Probably gone (P(alive) < ${LIKELY_GONE_P_ALIVE * 100}%)`,
};

export const isLikelyGone = (pAlive: number): boolean => pAlive < LIKELY_GONE_P_ALIVE;
