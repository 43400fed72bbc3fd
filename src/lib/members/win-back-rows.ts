/** Display rows of the members-to-win-back list (warning + dormant): phones masked unless the user chose to see them. */
import type { MetricRow } from '../metrics/index.ts';
import { maskPhone } from './mask.ts';

export type WinBackRow = MetricRow<'members_at_risk'>;

/** The rows as shown: phone masked (the member list's rule) when `masked`; a missing phone shows as —. */
export const winBackDisplayRows = (rows: readonly WinBackRow[], masked: boolean): WinBackRow[] =>
  rows.map((r) => ({ ...r, phone: (masked ? maskPhone(r.phone) : r.phone) || '—' }));
