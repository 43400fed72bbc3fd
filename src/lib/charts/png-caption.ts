/** The caption an exported chart PNG carries, so a picture pasted into a slide still says what and when. */
import type { Lang } from '../format.ts';
import type { MetricParams } from '../metrics/params.ts';
import { describeParams } from '../view/params-text.ts';

/** Title line, then period and filters (stores, channels, tiers, customers) in one line. */
export function pngCaption(title: string, params: MetricParams | null, lang: Lang): [string, string] {
  return [title, describeParams(params, lang).slice(0, 5).join(' · ')];
}

/** Greedy line breaking by measured width; CJK text has no spaces, so it breaks between any characters. */
export function wrapText(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of [...text]) {
    if (line && measure(line + ch) > maxWidth) {
      lines.push(line);
      line = ch.trimStart();
    } else line += ch;
  }
  if (line) lines.push(line);
  return lines;
}
