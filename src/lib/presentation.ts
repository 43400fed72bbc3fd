/** Presentation mode: arrow keys step through the story panels in order. */
import type { Panel } from './view-state.ts';

export const STORY_PANELS: readonly Panel[] = ['compass', 'repurchase', 'satisfaction', 'tiers', 'churn', 'segments', 'value'];

/** The panel one step away among `panels` (wrapping), or null when `key` is not a stepping key. */
export function stepPanel(current: Panel, key: string, panels: readonly Panel[] = STORY_PANELS): Panel | null {
  const step = key === 'ArrowRight' || key === 'PageDown' ? 1 : key === 'ArrowLeft' || key === 'PageUp' ? -1 : 0;
  if (!step) return null;
  if (panels.length === 0) return null;
  const i = panels.indexOf(current);
  const n = panels.length;
  return panels[(((i < 0 ? 0 : i + step) % n) + n) % n];
}
