/**
 * The demo's WeChat communities (社群): one group per store. Who joins is partly selection — frequent
 * buyers join more (P ∝ purchase rate) — and partly what a community seems to do: members still active
 * 90 days after joining are drawn 1.5× as often (a stand-in for an effect; the orders are not changed).
 * A naive member-vs-non-member retention gap therefore overstates any effect; the panel says so.
 */
import { isoOfDay, dayIndex } from './calendar.ts';
import type { Members } from './members.ts';
import type { Rng } from '../../src/lib/rng.ts';

export const COMMUNITY_GROUPS = ['旗舰店会员群', '社区店宝妈群', '商场店福利群'] as const;
/** Joins happen in 2025-03 … 2025-10 (pre- and post-periods for comparisons both fit the data). */
const JOIN_FROM = dayIndex(2025, 3, 1);
const JOIN_SPAN = dayIndex(2025, 11, 1) - JOIN_FROM;
/** Mean purchase rate of members (per month); a member at it joins with BASE_JOIN. */
const BASE_JOIN = 0.08;
/** Selection: join probability ∝ rate / MEAN_RATE, capped. */
const MEAN_RATE = 0.5;
/** Members still active 90 days after joining are this much likelier to be in a group. */
export const ACTIVE_JOIN_FACTOR = 1.5;

export function communityRows(rng: Rng, members: Members, times: Float64Array[]): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (let m = 0; m < members.count; m++) {
    const join = JOIN_FROM + rng.int(JOIN_SPAN);
    if (members.joinDay[m] >= join) continue;
    const from = join * 86400;
    const activeAfter = times[m].some((t) => t >= from + 90 * 86400);
    const p = Math.min(0.6, BASE_JOIN * (members.rate[m] / MEAN_RATE) * (activeAfter ? ACTIVE_JOIN_FACTOR : 1));
    if (rng.next() >= p) continue;
    const left = rng.next() < 0.2 ? join + 30 + rng.int(300) : -1;
    rows.push([members.id[m], COMMUNITY_GROUPS[members.home[m]], isoOfDay(join), left >= 0 && left < dayIndex(2026, 10, 31) ? isoOfDay(left) : null]);
  }
  return rows;
}
