/** Non-member (walk-in) orders: no member id, no points; most of them at the mall. */
import { basketItems, discountCents, grossCents, isOnline, orderSecond, REFUND_SHARE, refundOf } from './basket.ts';
import type { OrderBuffer } from './buffers.ts';
import { DAYS } from './calendar.ts';
import { cumulative, type Rng } from '../../src/lib/rng.ts';
import { sampleDay, type Season } from './season.ts';
import { PROFILES } from './stores.ts';

/** Share of all purchases made by non-members. */
export const WALK_IN_SHARE = 0.3;
/** Walk-ins buy slightly cheaper baskets than an average member. */
const WALK_IN_SPEND = 0.95;

/** Appends walk-in purchases so they make WALK_IN_SHARE of all purchases, and their refunds. */
export function generateWalkIns(rng: Rng, season: Season, memberPurchases: number, purchases: OrderBuffer, refunds: OrderBuffer): void {
  const count = Math.round((memberPurchases * WALK_IN_SHARE) / (1 - WALK_IN_SHARE));
  const shares = cumulative(PROFILES.map((p) => p.walkInShare));
  for (let k = 0; k < count; k++) {
    const day = sampleDay(season, rng, 0, DAYS);
    const store = rng.pick(shares);
    const online = isOnline(rng, season, day, false);
    const items = basketItems(rng, store);
    const gross = grossCents(rng, items, WALK_IN_SPEND);
    const discount = discountCents(rng, season, day, gross, false);
    const cents = gross - discount;
    purchases.push(day, orderSecond(rng, online), -1, store, online ? 1 : 0, cents, items, discount, 0);
    if (rng.next() < REFUND_SHARE) {
      const refundDay = day + 1 + rng.int(14);
      if (refundDay >= DAYS) continue;
      const [back, itemsBack] = refundOf(rng, cents, items);
      refunds.push(refundDay, orderSecond(rng, online), -1, store, online ? 1 : 0, back, itemsBack, 0, 0);
    }
  }
}
