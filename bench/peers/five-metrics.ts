/**
 * The five core metrics the scale bench's peers compute (issue 14): monthly sales, repurchase rate,
 * RFM scores, cohort retention and lifecycle counts — our catalogue ids, the shape of their rows,
 * and the one parameter set every side runs (default definitions, the synthetic year as the period).
 * The peers (arquero.ts, sqljs.ts) re-implement our definitions from src/lib/metrics/*.ts plainly;
 * test/unit/bench/peers.test.ts checks they return what our catalogue returns.
 */
import type { MetricParams } from '../../src/lib/metrics/params.ts';
import { addDays, DEFAULT_LIFECYCLE, DEFAULT_LOOKBACK_DAYS } from '../../src/lib/metrics/params.ts';
import { HEADER, YEAR } from '../synthetic-orders.ts';

/** Our catalogue's ids for the five metrics, in the order the peers compute them. */
export const FIVE_IDS = ['monthly_trend', 'repurchase_rate', 'rfm_members', 'cohort_retention', 'lifecycle_stages'] as const;

/** The whole synthetic year, no filters, default definitions (purchase days, 365-day RFM window, 90/180/365 lifecycle). */
export const PEER_PARAMS: MetricParams = { from: `${YEAR}-01-01`, to: `${YEAR + 1}-01-01` };

export interface FiveMetrics {
  monthly_trend: { month: string; sales: number; orders: number; buyers: number }[];
  repurchase_rate: number | null;
  rfm_members: { member_id: string; recency: number; frequency: number; monetary: number; r: number; f: number; m: number; group: string }[];
  cohort_retention: { cohort: string; month_offset: number; cohort_size: number; members: number; retention: number; revenue: number }[];
  lifecycle_stages: { stage: string; members: number; share: number | null }[];
}

/** A peer: load the synthetic export's text once (the import), then compute the five metrics (the work timed against ours). */
export interface Peer {
  name: 'arquero' | 'sqljs';
  load(csvText: string): Promise<{ rows: number }>;
  compute(p: MetricParams): Promise<FiveMetrics>;
  close(): void;
}

/** The synthetic export's Chinese headers → the names the peers use (the same as our canonical orders columns). */
export const COLUMNS: Record<string, string> = Object.fromEntries(
  HEADER.split(',').map((h, i) => [h, ['order_id', 'order_time', 'member_id', 'store', 'channel', 'amount', 'item_count'][i]]),
);

/** The dates every peer derives from the params, written once: period, RFM window, snapshot, lifecycle cut-offs. */
export function peerDates(p: MetricParams) {
  const end = p.to; // snapshot end (no asOf): the period's end, exclusive
  const l = DEFAULT_LIFECYCLE;
  const [y, m] = addDays(p.to, -1).split('-').map(Number);
  return {
    from: p.from,
    to: p.to,
    end,
    rfmStart: addDays(end, -DEFAULT_LOOKBACK_DAYS),
    /** Lifecycle: a last (or first) purchase on/after these days is within active / atRisk / dormant days. */
    activeSince: addDays(end, -l.active),
    atRiskSince: addDays(end, -l.atRisk),
    dormantSince: addDays(end, -l.dormant),
    /** year × 12 + month of the period's last day: the cohort grid's last month. */
    lastMonth: y * 12 + m,
    /** Calendar months overlapping [from, to), as YYYY-MM. */
    months: monthsBetween(p.from, p.to),
  };
}

/** `YYYY-MM-DD` or `YYYY-MM` → year × 12 + month (the cohort month index). */
export const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7));

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const last = monthIndex(addDays(to, -1));
  for (let i = monthIndex(from); i <= last; i++) out.push(`${Math.floor((i - 1) / 12)}-${String(((i - 1) % 12) + 1).padStart(2, '0')}`);
  return out;
}

/** Whole days between two ISO days (b − a). */
export const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

/** Quintile score by rank, our rule: 1 + ⌊5 × (rank − 1) ÷ n⌋ with SQL rank() (ties share the lowest rank). */
export const quintile = (rank: number, n: number) => 1 + Math.floor((5 * (rank - 1)) / n);

/** Our catalogue's decoded rows for FIVE_IDS (engine.runMetrics + ipcToRows) in the peers' shape. */
export function oursAsFive(rows: Record<string, Record<string, unknown>[]>): FiveMetrics {
  return {
    monthly_trend: rows.monthly_trend as unknown as FiveMetrics['monthly_trend'],
    repurchase_rate: rows.repurchase_rate[0].value as number | null,
    rfm_members: rows.rfm_members as unknown as FiveMetrics['rfm_members'],
    cohort_retention: rows.cohort_retention as unknown as FiveMetrics['cohort_retention'],
    lifecycle_stages: rows.lifecycle_stages as unknown as FiveMetrics['lifecycle_stages'],
  };
}
