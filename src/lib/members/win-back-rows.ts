/** Display rows of the members-to-win-back list (warning + dormant): phones masked unless the user chose to see them. */
import { maskPhone } from './mask.ts';

export interface WinBackRow {
  member_id: string;
  phone: string | null;
  tier: string | null;
  stage: string;
  last_date: string;
  days_since: number;
  purchase_days: number;
  spend: number;
}

/** The rows as shown: phone masked (the member list's rule) when `masked`; a missing phone shows as —. */
export const winBackDisplayRows = (rows: readonly WinBackRow[], masked: boolean): WinBackRow[] =>
  rows.map((r) => ({ ...r, phone: (masked ? maskPhone(r.phone) : r.phone) || '—' }));
