/**
 * Editable compass targets: per KPI a number that replaces the median-of-stores benchmark. Kept in
 * localStorage (per browser, never uploaded); anything malformed in storage is ignored, not trusted.
 */
import { COMPASS_KPIS } from '../metrics/store-compass.ts';

export type Targets = Partial<Record<string, number>>;

export const TARGETS_STORAGE_KEY = 'store-compass.compass-targets';

const KPI_IDS = new Set<string>(COMPASS_KPIS.map((k) => k.id));

/** Keeps only known KPIs with finite numbers. */
export function sanitizeTargets(input: unknown): Targets {
  const out: Targets = {};
  if (!input || typeof input !== 'object') return out;
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) if (KPI_IDS.has(k) && typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}

/** Reads the saved targets; {} when none, unreadable or storage is unavailable. */
export function loadTargets(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Targets {
  try {
    return sanitizeTargets(JSON.parse(storage?.getItem(TARGETS_STORAGE_KEY) ?? '{}'));
  } catch {
    return {};
  }
}

/** Saves the targets (removes the entry when empty); storage errors (quota, privacy mode) are ignored. */
export function saveTargets(targets: Targets, storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined = globalThis.localStorage): void {
  const clean = sanitizeTargets(targets);
  try {
    if (Object.keys(clean).length === 0) storage?.removeItem(TARGETS_STORAGE_KEY);
    else storage?.setItem(TARGETS_STORAGE_KEY, JSON.stringify(clean));
  } catch {
    // the targets still apply for this session
  }
}

/** Ratios are edited in percent; other units as shown. */
export const isPercentKpi = (unit: string): boolean => unit === 'ratio';

/** Parses a form field into a target in metric units: '' → undefined (use the median); percent fields ÷ 100. */
export function parseTargetInput(text: string, unit: string): number | undefined | 'invalid' {
  const trimmed = text.trim().replace(/[%％,，]/g, '');
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  if (!Number.isFinite(n)) return 'invalid';
  return isPercentKpi(unit) ? n / 100 : n;
}

/** The form text of a target in metric units (percent for ratios, rounded for display). */
export function targetInputText(value: number | undefined, unit: string): string {
  if (value === undefined) return '';
  return isPercentKpi(unit) ? String(Math.round(value * 10000) / 100) : String(Math.round(value * 100) / 100);
}
