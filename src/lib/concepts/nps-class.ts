/**
 * NPS classes (Reichheld): promoters answer 9–10, passives 7–8, detractors 0–6 on the 0–10 scale.
 * The cut-offs, the SQL that applies them and the names live here only; every NPS metric, the
 * member-list target and the labels read this module.
 */
import type { Lang } from '../format.ts';
import { raw, type SqlStatement } from '../sql.ts';

export type NpsClass = 'promoter' | 'passive' | 'detractor';
export const NPS_CLASSES: readonly NpsClass[] = ['promoter', 'passive', 'detractor'];

/** Narrows a class id read from the engine (the SQL returns only these). */
export const isNpsClass = (s: string | null): s is NpsClass => (NPS_CLASSES as readonly (string | null)[]).includes(s);

/** Lowest promoter score and highest detractor score. */
export const PROMOTER_MIN = 9;
export const DETRACTOR_MAX = 6;

export const NPS_CLASS_LABELS: Record<NpsClass, Record<Lang, string>> = {
  promoter: { zh: '推荐者', en: 'promoters' },
  passive: { zh: '中立者', en: 'passives' },
  detractor: { zh: '贬损者', en: 'detractors' },
};

/** SQL: is the `score` column a promoter / passive / detractor answer. */
export const isPromoter = (score = 'score'): SqlStatement => raw(`${score} >= ${PROMOTER_MIN}`);
export const isDetractor = (score = 'score'): SqlStatement => raw(`${score} <= ${DETRACTOR_MAX}`);
export const isPassive = (score = 'score'): SqlStatement => raw(`(${score} > ${DETRACTOR_MAX} AND ${score} < ${PROMOTER_MIN})`);

/** SQL: the class of a `score` column as 'promoter' | 'passive' | 'detractor'. */
export const npsClassOf = (score = 'score'): SqlStatement =>
  raw(`(CASE WHEN ${score} >= ${PROMOTER_MIN} THEN 'promoter' WHEN ${score} > ${DETRACTOR_MAX} THEN 'passive' ELSE 'detractor' END)`);

/** SQL aggregate: NPS = 100 × (promoters − detractors) / answers, over the rows where `where` holds. */
export const npsAggregate = (where = 'TRUE', score = 'score'): SqlStatement =>
  raw(
    `(100.0 * (count(*) FILTER (WHERE ${where} AND ${score} >= ${PROMOTER_MIN}) - count(*) FILTER (WHERE ${where} AND ${score} <= ${DETRACTOR_MAX}))` +
      ` / nullif(count(*) FILTER (WHERE ${where}), 0))::DOUBLE`,
  );
