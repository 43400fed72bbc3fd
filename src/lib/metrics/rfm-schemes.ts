/**
 * RFM naming schemes as data: the SQL CASE and docs/metrics.md are both generated from these tables.
 * Scores r, f, m are 1–5 quintiles (5 = best); raw values are recency days, visits and net spend.
 */
import { join, raw, sql, type SqlStatement } from '../sql.ts';
import type { Localized } from './define.ts';

export interface RfmGroup {
  readonly id: string;
  readonly label: Localized;
}

/**
 * The 11-group R × FM map, FM = ⌈(f + m) / 2⌉. Segment names are the widely used 11 RFM segments
 * (Putler, "RFM analysis for successful customer segmentation"); the cell layout follows the
 * R × F segment map popularised in RFM tutorials (hibernating [1-2][1-2], at risk [1-2][3-4],
 * can't lose [1-2]5, about to sleep 3[1-2], need attention 33, loyal [3-4][4-5], promising 41,
 * new 51, potential loyalist [4-5][2-3], champions 5[4-5]) with F replaced by FM, and one choice
 * of ours for the 11th group: "lost" = R 1, FM 1–2 (split from hibernating, which keeps R 2).
 * Display names that would clash with the lifecycle stages (预警 / 沉睡 / 流失: absolute days since
 * the last purchase) are renamed — these groups are relative ranks among the window's buyers:
 * at risk → 高值久未回购, lost → 低值久未回购, about to sleep → 渐冷客户.
 */
export const ELEVEN_GROUPS: readonly RfmGroup[] = [
  { id: 'champions', label: { zh: '冠军客户', en: 'Champions' } },
  { id: 'loyal', label: { zh: '忠诚客户', en: 'Loyal' } },
  { id: 'potential_loyalist', label: { zh: '潜力客户', en: 'Potential loyalist' } },
  { id: 'new', label: { zh: '新客户', en: 'New' } },
  { id: 'promising', label: { zh: '有望客户', en: 'Promising' } },
  { id: 'need_attention', label: { zh: '需关注', en: 'Need attention' } },
  { id: 'about_to_sleep', label: { zh: '渐冷客户', en: 'About to sleep' } },
  { id: 'at_risk', label: { zh: '高值久未回购', en: 'Lapsed big spenders' } },
  { id: 'cannot_lose', label: { zh: '不能失去', en: 'Cannot lose' } },
  { id: 'hibernating', label: { zh: '休眠', en: 'Hibernating' } },
  { id: 'lost', label: { zh: '低值久未回购', en: 'Lapsed low spenders' } },
];

/** ELEVEN_GRID[5 − r][fm − 1] is the group of a member with recency score r and FM score fm. */
export const ELEVEN_GRID: readonly (readonly string[])[] = [
  /* r=5 */ ['new', 'potential_loyalist', 'potential_loyalist', 'champions', 'champions'],
  /* r=4 */ ['promising', 'potential_loyalist', 'potential_loyalist', 'loyal', 'loyal'],
  /* r=3 */ ['about_to_sleep', 'about_to_sleep', 'need_attention', 'loyal', 'loyal'],
  /* r=2 */ ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cannot_lose'],
  /* r=1 */ ['lost', 'lost', 'at_risk', 'at_risk', 'cannot_lose'],
];

/**
 * The Chinese 8-class RFM model (八类客户价值模型, common in CRM texts and retail BI tools):
 * each of R, F, M is "high" or "low" against the mean over the scored buyers. High R means
 * recency below the mean (bought more recently); high F / M means strictly above the mean.
 * Importance follows M; value / retain / develop / win back follow (R, F).
 */
export const CN8_GROUPS: readonly (RfmGroup & { readonly r: boolean; readonly f: boolean; readonly m: boolean })[] = [
  { id: 'important_value', label: { zh: '重要价值客户', en: 'Important value' }, r: true, f: true, m: true },
  { id: 'important_retain', label: { zh: '重要保持客户', en: 'Important retain' }, r: false, f: true, m: true },
  { id: 'important_develop', label: { zh: '重要发展客户', en: 'Important develop' }, r: true, f: false, m: true },
  { id: 'important_winback', label: { zh: '重要挽留客户', en: 'Important win back' }, r: false, f: false, m: true },
  { id: 'general_value', label: { zh: '一般价值客户', en: 'General value' }, r: true, f: true, m: false },
  { id: 'general_retain', label: { zh: '一般保持客户', en: 'General retain' }, r: false, f: true, m: false },
  { id: 'general_develop', label: { zh: '一般发展客户', en: 'General develop' }, r: true, f: false, m: false },
  { id: 'general_winback', label: { zh: '一般挽留客户', en: 'General win back' }, r: false, f: false, m: false },
];

export type RfmScheme = 'eleven' | 'cn8';

/** Groups of a scheme, in display order. */
export const rfmGroups = (scheme: RfmScheme): readonly RfmGroup[] => (scheme === 'cn8' ? CN8_GROUPS : ELEVEN_GROUPS);

/** The group in JS (reference for tests and docs): scores 1–5 or high/low flags. */
export function elevenGroup(r: number, f: number, m: number): string {
  return ELEVEN_GRID[5 - r][Math.ceil((f + m) / 2) - 1];
}

/**
 * CASE expression naming the group of a row that has `r, f, m` scores and, for cn8,
 * `r_high, f_high, m_high` booleans.
 */
export function groupCase(scheme: RfmScheme): SqlStatement {
  if (scheme === 'cn8') {
    // Flags as literals: our own constants, and boolean parameters are not bound alike by every DuckDB client.
    const flag = (high: boolean, column: string) => raw(high ? column : `NOT ${column}`);
    const whens = CN8_GROUPS.map((g) => sql`WHEN ${flag(g.r, 'r_high')} AND ${flag(g.f, 'f_high')} AND ${flag(g.m, 'm_high')} THEN ${g.id}`);
    return sql`CASE ${join(whens, ' ')} END`;
  }
  const whens = ELEVEN_GRID.flatMap((row, i) => row.map((id, j) => sql`WHEN r = ${5 - i} AND (f + m + 1) // 2 = ${j + 1} THEN ${id}`));
  return sql`CASE ${join(whens, ' ')} END`;
}
