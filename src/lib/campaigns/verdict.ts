/**
 * A plain verdict on an effect's interval that never claims more than the interval supports:
 * effective only when the whole interval is above zero, ineffective when it is entirely at or below zero,
 * otherwise undecided (the data cannot tell).
 */
import type { Interval } from './intervals.ts';

export type Verdict = 'effective' | 'undecided' | 'ineffective';

export const VERDICT_LABEL: Record<Verdict, { zh: string; en: string }> = {
  effective: { zh: '显著有效', en: 'Clearly effective' },
  undecided: { zh: '无法确定', en: 'Cannot tell' },
  ineffective: { zh: '无效', en: 'Not effective' },
};

export function verdictOf(effect: Interval): Verdict {
  if (effect.lower > 0) return 'effective';
  if (effect.upper <= 0) return 'ineffective';
  return 'undecided';
}
