/**
 * What one purchase looks like: time of day, channel, basket size (连带率), gross value and
 * promotional discount. Shared by member and walk-in orders so both follow the same seasons.
 */
import { cumulative, type Rng } from '../../src/lib/rng.ts';
import type { Season } from './season.ts';
import { FLAGSHIP, MALL } from './stores.ts';

/** Offline trade by hour 09–21: lunch and after-work peaks. */
const SHOP_HOURS = cumulative([2, 4, 5, 7, 6, 5, 5, 6, 7, 9, 9, 6, 3]);
/** Online trade by hour 00–23: evening peak. */
const WEB_HOURS = cumulative([3, 2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 5, 4, 4, 4, 5, 6, 8, 9, 10, 9, 6]);
/** Mean price of one item in yuan before the member's spend multiplier. */
const ITEM_PRICE = 58;

/** Second of the day of an order (offline only during opening hours). */
export function orderSecond(rng: Rng, online: boolean): number {
  const hour = online ? rng.pick(WEB_HOURS) : 9 + rng.pick(SHOP_HOURS);
  return hour * 3600 + rng.int(3600);
}

/** Whether an order is placed online: promotions pull orders online. */
export function isOnline(rng: Rng, season: Season, day: number, member: boolean): boolean {
  const promo = season.kind[day] === 1;
  return rng.next() < (member ? (promo ? 0.5 : 0.2) : promo ? 0.12 : 0.05);
}

/** Items in a basket: the flagship sells bundles, the mall sells single items. */
export function basketItems(rng: Rng, store: number): number {
  const p = store === FLAGSHIP ? 0.56 : store === MALL ? 0.44 : 0.5;
  let items = 1;
  while (items < 12 && rng.next() < p) items++;
  return items;
}

/** Gross basket value in cents, rounded to 角 like a till does. */
export function grossCents(rng: Rng, items: number, spend: number): number {
  return Math.round(items * ITEM_PRICE * spend * Math.exp(0.45 * rng.normal()) * 10) * 10;
}

/** Discount in cents: promotions 10–20 %, a birthday coupon 10 %, otherwise an occasional 5 %. */
export function discountCents(rng: Rng, season: Season, day: number, gross: number, birthday: boolean): number {
  let rate = 0;
  if (season.kind[day] === 1) rate = 0.1 + 0.1 * rng.next();
  else if (birthday && rng.next() < 0.6) rate = 0.1;
  else if (rng.next() < 0.2) rate = 0.05;
  return Math.round(gross * rate * 0.1) * 10;
}

/** Refund share of purchases, and whether the whole basket comes back. */
export const REFUND_SHARE = 0.025;
const FULL_REFUND_SHARE = 0.7;

/** A refund of a purchase: [cents (negative), items (negative)] referencing its real value. */
export function refundOf(rng: Rng, cents: number, items: number): [number, number] {
  if (items === 1 || rng.next() < FULL_REFUND_SHARE) return [-cents, -items];
  const back = 1 + rng.int(items - 1);
  return [-Math.round((cents * back) / items / 10) * 10, -back];
}
