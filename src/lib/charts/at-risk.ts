/** Display rows for the "members at risk" list: phones masked unless the user chose to see them. */

/** 138****1234: keeps the first 3 and last 4 digits; short or empty values become '—' or stars. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '—';
  const p = phone.trim();
  if (p.length <= 7) return '*'.repeat(p.length);
  return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`;
}

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

/** The rows as shown: phone masked when `masked`. */
export const atRiskDisplayRows = (rows: readonly AtRiskRow[], masked: boolean): AtRiskRow[] =>
  rows.map((r) => ({ ...r, phone: masked ? maskPhone(r.phone) : (r.phone ?? '—') }));
