/**
 * Presentation mode: a slide is one chart card of a story panel; arrow keys step through the
 * current panel's slides, then on to the next panel (wrapping), and back again.
 */
import type { Panel } from './view-state.ts';

export const STORY_PANELS: readonly Panel[] = ['compass', 'repurchase', 'satisfaction', 'tiers', 'churn', 'segments', 'value'];

/** +1, −1 or 0 for a key: → / PageDown / Space forward, ← / PageUp back. */
export function stepOf(key: string): -1 | 0 | 1 {
  return key === 'ArrowRight' || key === 'PageDown' || key === ' ' ? 1 : key === 'ArrowLeft' || key === 'PageUp' ? -1 : 0;
}

/** The panel one step away among `panels` (wrapping), or null when `key` is not a stepping key. */
export function stepPanel(current: Panel, key: string, panels: readonly Panel[] = STORY_PANELS): Panel | null {
  const step = stepOf(key);
  if (!step) return null;
  if (panels.length === 0) return null;
  const i = panels.indexOf(current);
  const n = panels.length;
  return panels[(((i < 0 ? 0 : i + step) % n) + n) % n];
}

/** A position in the deck; `slide` −1 means "the panel's last slide" (its count is known only once it renders). */
export interface SlidePosition {
  panel: Panel;
  slide: number;
}

/**
 * The slide one key press away. Inside a panel of `count` slides the index moves; past either
 * end the neighbouring panel opens on its first (forward) or last (backward) slide. Null for
 * other keys.
 */
export function stepSlide(at: SlidePosition, key: string, count: number, panels: readonly Panel[] = STORY_PANELS): SlidePosition | null {
  const step = stepOf(key);
  if (!step) return null;
  const slide = at.slide < 0 ? Math.max(count - 1, 0) : Math.min(at.slide, Math.max(count - 1, 0));
  const next = slide + step;
  if (next >= 0 && next < count) return { panel: at.panel, slide: next };
  const panel = stepPanel(at.panel, key, panels);
  return panel ? { panel, slide: step > 0 ? 0 : -1 } : null;
}

/** The index a `slide` position stands for in a panel of `count` slides (−1 → last). */
export const slideIndex = (slide: number, count: number): number => (slide < 0 ? Math.max(count - 1, 0) : Math.min(slide, Math.max(count - 1, 0)));
