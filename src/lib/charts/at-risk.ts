/** Display rows for the "members at risk" list: phones masked unless the user chose to see them. */
import { maskPhone } from '../members/mask.ts';


export interface AtRiskRow {
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
export const atRiskDisplayRows = (rows: readonly AtRiskRow[], masked: boolean): AtRiskRow[] =>
  rows.map((r) => ({ ...r, phone: (masked ? maskPhone(r.phone) : r.phone) || '—' }));
