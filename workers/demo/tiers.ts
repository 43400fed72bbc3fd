/**
 * Tier history consistent with each member's final tier: new members start at 普通, older ones
 * somewhere at or below their final tier; upgrades happen right after a purchase, and a few
 * members are upgraded one tier too far and downgraded at a quarterly review (so any 90-day
 * period, like the default 近90天, holds a review and shows downgrades).
 */
import { TIERS } from '../../src/lib/schema.ts';
import type { OrderBuffer } from './buffers.ts';
import { dayIndex } from './calendar.ts';
import type { Members } from './members.ts';
import type { Rng } from '../../src/lib/rng.ts';

/** Quarterly tier reviews (00:00 on these days). */
export const REVIEW_DAYS = [1, 4, 7, 10].flatMap((month) => [dayIndex(2025, month, 1), dayIndex(2026, month, 1)]).sort((a, b) => a - b);
const DOWNGRADE_SHARE = 0.12;

/** Tier change rows as parallel arrays (tiers as indices into TIERS). */
export interface TierChanges {
  member: number[];
  day: number[];
  sec: number[];
  from: number[];
  to: number[];
}

/** Draws `count` distinct indices in [0, n), sorted (count ≤ n, both small). */
function distinctSorted(rng: Rng, n: number, count: number): number[] {
  const picked = new Set<number>();
  while (picked.size < count) picked.add(rng.int(n));
  return [...picked].sort((a, b) => a - b);
}

/** Tier changes of every member, derived from their purchases in `purchases`. */
export function generateTierChanges(rng: Rng, members: Members, purchases: OrderBuffer, start: Int32Array): TierChanges {
  const out: TierChanges = { member: [], day: [], sec: [], from: [], to: [] };
  const add = (m: number, day: number, sec: number, from: number, to: number) => {
    out.member.push(m);
    out.day.push(day);
    out.sec.push(sec);
    out.from.push(from);
    out.to.push(to);
  };
  for (let m = 0; m < members.count; m++) {
    const final = members.tier[m];
    const first = start[m];
    let count = start[m + 1] - first;
    const fresh = members.joinDay[m] >= 0;
    const startTier = fresh ? 0 : rng.next() < 0.6 ? final : rng.int(final + 1);
    let top = final;
    let review = -1;
    if (final < TIERS.length - 1 && count >= 2 && rng.next() < DOWNGRADE_SHARE) {
      const firstDay = purchases.day[first];
      // Any later review, not only the first one, so every quarter shows downgrades.
      const later = REVIEW_DAYS.filter((d) => d > firstDay + 30);
      review = later.length ? later[rng.int(later.length)] : -1;
      if (review >= 0) {
        let before = 0;
        while (before < count && purchases.day[first + before] < review) before++;
        count = before; // the upgrade must come before the review that undoes it
        top = final + 1;
      }
    }
    const steps = top - startTier;
    if (steps > 0 && count > 0) {
      const at = steps > count ? [count - 1] : distinctSorted(rng, count, steps);
      // Purchases are sorted by day only: order the upgrade moments by time, strictly increasing.
      const times = at.map((k) => purchases.day[first + k] * 86400 + Math.min(purchases.sec[first + k] + 60, 86399)).sort((a, b) => a - b);
      let tier = startTier;
      for (let j = 0; j < times.length; j++) {
        if (j > 0 && times[j] <= times[j - 1]) times[j] = times[j - 1] + 1;
        const next = j === times.length - 1 ? top : tier + 1;
        add(m, Math.floor(times[j] / 86400), times[j] % 86400, tier, next);
        tier = next;
      }
      if (top > final) add(m, review, 0, top, final);
    }
  }
  return out;
}
