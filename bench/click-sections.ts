/**
 * What a filter click waited for (bench/click-dev.ts, session 12): the engine's sections as a build with
 * a throwaway log line prints them (`[sec] <request id>[ P] start <ms mod 10^6 of timeOrigin + now> q <ms
 * queued> run <ms>`, " P" for a prefetch's section), and those that ran while a click waited for its strip.
 */
export interface Section {
  id: string;
  prefetch: boolean;
  /** Page clock, ms mod 10^6 of performance.timeOrigin + now (the worker's timeOrigin differs from the page's: both are wall-clock based). */
  start: number;
  run: number;
}

/** A `[sec]` console line as a section; null for any other line. */
export function parseSection(text: string): Section | null {
  const sec = /^\[sec\] (\S+)( P)? start (\d+) q \d+ run (\d+)/.exec(text);
  return sec ? { id: sec[1], prefetch: !!sec[2], start: Number(sec[3]), run: Number(sec[4]) } : null;
}

/** The sections that ran while a click starting at `t0` waited `ms`: each one's ms within the wait (≥ 20), longest first; "(before)" = started before the click. */
export function waitedFor(sections: readonly Section[], t0: number, ms: number): string {
  const within = sections
    .map((s) => ({ ...s, overlap: Math.min(s.start + s.run, t0 + ms) - Math.max(s.start, t0) }))
    .filter((s) => s.overlap >= 20)
    .sort((a, b) => b.overlap - a.overlap);
  return within.map((s) => `${s.id}${s.prefetch ? ' P' : ''} ${Math.round(s.overlap)}${s.start < t0 ? ' (before)' : ''}`).join(', ') || 'none logged';
}
