/**
 * Daily visitors per store, every day: offline orders divided by the store's conversion with
 * day-to-day noise, so 商场店 has by far the most visitors and the lowest conversion.
 */
import { CanonicalCsvWriter } from '../canonical-csv.ts';
import type { OrderBuffer } from './buffers.ts';
import { DAYS, type Calendar } from './calendar.ts';
import type { Rng } from '../../src/lib/rng.ts';
import { PROFILES, STORES } from './stores.ts';

/** Footfall CSV (date, then store order) from the offline purchases in `purchases`. */
export function generateFootfall(rng: Rng, cal: Calendar, purchases: OrderBuffer): string {
  const stores = STORES.length;
  const offline = new Int32Array(DAYS * stores);
  for (let i = 0; i < purchases.size; i++) if (purchases.online[i] === 0) offline[purchases.day[i] * stores + purchases.store[i]]++;
  const writer = new CanonicalCsvWriter('footfall');
  for (let day = 0; day < DAYS; day++) {
    const weekend = cal.weekday[day] === 0 || cal.weekday[day] === 6;
    for (let s = 0; s < stores; s++) {
      const orders = offline[day * stores + s];
      // Weekends bring more browsers per buyer; a few people always walk in, even on holidays.
      const conversion = PROFILES[s].conversion * (weekend ? 0.9 : 1.04) * Math.exp(0.08 * rng.normal());
      const visitors = Math.max(orders, Math.round(orders / conversion) + 5 + rng.int(20));
      writer.push([STORES[s], cal.date[day], visitors]);
    }
  }
  return writer.toString();
}
