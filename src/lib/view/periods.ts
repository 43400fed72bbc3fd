/**
 * Period presets (近7天 … 去年). Exports are snapshots, so presets count back from the data's
 * last day rather than from the wall clock: a file exported last month still opens on data.
 */
import { addDays, addMonths } from '../metrics/params.ts';

export const PERIOD_PRESETS = ['last7', 'last30', 'last90', 'this_month', 'last_month', 'this_quarter', 'this_year', 'last_year'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export interface Period {
  from: string;
  to: string;
}

const monthStart = (iso: string) => `${iso.slice(0, 7)}-01`;

/** [from, to) for a preset, where `lastDay` is the last day with data (inclusive). */
export function presetPeriod(preset: PeriodPreset, lastDay: string): Period {
  const end = addDays(lastDay, 1);
  const year = Number(lastDay.slice(0, 4));
  switch (preset) {
    case 'last7':
      return { from: addDays(end, -7), to: end };
    case 'last30':
      return { from: addDays(end, -30), to: end };
    case 'last90':
      return { from: addDays(end, -90), to: end };
    case 'this_month':
      return { from: monthStart(lastDay), to: end };
    case 'last_month':
      return { from: addMonths(monthStart(lastDay), -1), to: monthStart(lastDay) };
    case 'this_quarter': {
      const q = Math.floor((Number(lastDay.slice(5, 7)) - 1) / 3) * 3 + 1;
      return { from: `${year}-${String(q).padStart(2, '0')}-01`, to: end };
    }
    case 'this_year':
      return { from: `${year}-01-01`, to: end };
    case 'last_year':
      return { from: `${year - 1}-01-01`, to: `${year}-01-01` };
  }
}
