/**
 * Member purchases: a seasonal Poisson process per member between joining and lapsing, a
 * birthday-month uplift, the churn-wave members' last visit, refunds, and the points ledger
 * (earn ~1 point per ¥, redeem at 100 points = ¥1, year-end expiry of last year's points).
 */
import { basketItems, discountCents, grossCents, isOnline, orderSecond, REFUND_SHARE, refundOf } from './basket.ts';
import { EARN, EXPIRE, type LedgerBuffer, type OrderBuffer, R_EXPIRE, R_PURCHASE, R_REDEEM, R_REFUND, REDEEM } from './buffers.ts';
import { DAYS, MONTHS, dayIndex, type Calendar } from './calendar.ts';
import type { Members } from './members.ts';
import type { Rng } from '../../src/lib/rng.ts';
import { sampleDay, weightBetween, type Season } from './season.ts';
import { CROSS_STORE_SHARE } from './stores.ts';

/** Extra purchase intensity in the birthday month (birthday coupons work). */
export const BIRTHDAY_UPLIFT = 0.8;
export const DAYS_PER_MONTH = 30.44;
/** Points earned in calendar year Y expire at the end of Y+1: only 2024's points expire in the window. */
const EXPIRY_DAY = dayIndex(2025, 12, 31);
const FIRST_DAY_2025 = dayIndex(2025, 1, 1);
const REDEEM_SHARE = 0.2;

/** Purchase days of member m, sorted. */
function purchaseDays(rng: Rng, cal: Calendar, season: Season, members: Members, m: number): number[] {
  const join = members.joinDay[m];
  const wave = members.waveDay[m];
  const lo = Math.max(join, 0);
  const hi = Math.min(wave >= 0 ? wave : members.churnDay[m], DAYS);
  const days: number[] = [];
  if (hi > lo) {
    if (join >= 0) days.push(join); // people sign up at the till
    const rate = members.rate[m] / DAYS_PER_MONTH;
    const n = rng.poisson(rate * weightBetween(season, lo, hi));
    for (let k = 0; k < n; k++) days.push(sampleDay(season, rng, lo, hi));
    for (let mi = 0; mi < MONTHS; mi++) {
      const start = cal.monthStart[mi];
      if (cal.monthOfYear[start] !== members.birthMonth[m]) continue;
      const a = Math.max(lo, start);
      const b = Math.min(hi, cal.monthStart[mi + 1]);
      const extra = rng.poisson(rate * BIRTHDAY_UPLIFT * weightBetween(season, a, b));
      for (let k = 0; k < extra; k++) days.push(sampleDay(season, rng, a, b));
    }
  }
  if (wave >= 0) days.push(wave); // the last visit before leaving
  return days.sort((a, b) => a - b);
}

/**
 * Appends every member purchase to `purchases` (member by member, chronological within a
 * member), their refunds to `refunds` and points to `ledger`. Returns, per member, the first
 * index of their purchases (length count + 1).
 */
export function generateMemberOrders(rng: Rng, cal: Calendar, season: Season, members: Members, purchases: OrderBuffer, refunds: OrderBuffer, ledger: LedgerBuffer): Int32Array {
  const start = new Int32Array(members.count + 1);
  for (let m = 0; m < members.count; m++) {
    start[m] = purchases.size;
    const home = members.home[m];
    const spend = members.spend[m];
    let balance = 0;
    let earned2024 = 0;
    let spentBeforeExpiry = 0;
    let expired = false;
    const expire = () => {
      expired = true;
      const amount = Math.min(balance, earned2024 - spentBeforeExpiry);
      if (amount <= 0) return;
      balance -= amount;
      ledger.push(m, EXPIRY_DAY, 86399, -amount, EXPIRE, R_EXPIRE);
    };

    for (const day of purchaseDays(rng, cal, season, members, m)) {
      if (!expired && day > EXPIRY_DAY) expire();
      const online = isOnline(rng, season, day, true);
      const store = online || rng.next() >= CROSS_STORE_SHARE ? home : (home + 1 + rng.int(2)) % 3;
      const sec = orderSecond(rng, online);
      const items = basketItems(rng, store);
      const gross = grossCents(rng, items, spend);
      const discount = discountCents(rng, season, day, gross, cal.monthOfYear[day] === members.birthMonth[m]);
      let used = 0;
      if (balance >= 1000 && rng.next() < REDEEM_SHARE) {
        used = Math.min(Math.floor(balance / 100), Math.floor((gross - discount) * 0.003)) * 100; // ≤ 30 % of the bill
        if (used > 0) {
          balance -= used;
          if (day <= EXPIRY_DAY) spentBeforeExpiry += used;
          ledger.push(m, day, sec, -used, REDEEM, R_REDEEM);
        }
      }
      const cents = gross - discount - used; // 100 points = ¥1 = 100 cents
      purchases.push(day, sec, m, store, online ? 1 : 0, cents, items, discount, used);
      const earn = Math.floor(cents / 100);
      if (earn > 0) {
        balance += earn;
        if (day < FIRST_DAY_2025) earned2024 += earn;
        ledger.push(m, day, sec, earn, EARN, R_PURCHASE);
      }
      if (rng.next() < REFUND_SHARE) {
        const refundDay = day + 1 + rng.int(14);
        if (refundDay < DAYS) {
          const [back, itemsBack] = refundOf(rng, cents, items);
          const refundSec = orderSecond(rng, online);
          refunds.push(refundDay, refundSec, m, store, online ? 1 : 0, back, itemsBack, 0, 0);
          const reversal = Math.min(Math.floor(-back / 100), earn);
          if (reversal > 0) {
            balance -= reversal;
            if (refundDay <= EXPIRY_DAY) spentBeforeExpiry += reversal;
            ledger.push(m, refundDay, refundSec, -reversal, EARN, R_REFUND);
          }
        }
      }
    }
    if (!expired && earned2024 > 0) expire();
  }
  start[members.count] = purchases.size;
  return start;
}
