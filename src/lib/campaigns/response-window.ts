/** The campaign response window in days, from the URL option `o.rw` (or a typed value): 1–365, else the default. */
import { DEFAULT_RESPONSE_DAYS } from '../metrics/params.ts';

export function responseWindowOf(raw: string | undefined): number {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isInteger(n) && n >= 1 && n <= 365 ? n : DEFAULT_RESPONSE_DAYS;
}
