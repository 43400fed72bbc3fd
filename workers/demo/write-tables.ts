/**
 * Turns the column buffers into chronological canonical CSV: orders (purchases and refunds
 * merged, ids like SO202411010001 / RF…), the points ledger and the tier changes.
 */
import { CanonicalCsvWriter } from '../canonical-csv.ts';
import { TIERS } from '../../src/lib/schema.ts';
import { POINT_KINDS, POINT_REASONS, type LedgerBuffer, type OrderBuffer } from './buffers.ts';
import { clockOf, type Calendar } from './calendar.ts';
import type { Members } from './members.ts';
import { STORES } from './stores.ts';
import type { TierChanges } from './tiers.ts';

const INDEX_SPAN = 2 ** 21; // row index packed below the time: exact in a double up to 2^53

/** Row indices sorted by (day, second), ties in index order. */
function chronological(count: number, day: ArrayLike<number>, sec: ArrayLike<number>): Float64Array {
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = (day[i] * 86400 + sec[i]) * INDEX_SPAN + i;
  return keys.sort();
}

/** Orders CSV: purchases and refunds interleaved by time; a per-day sequence makes ids unique. */
export function writeOrders(cal: Calendar, members: Members, purchases: OrderBuffer, refunds: OrderBuffer): string {
  const p = purchases.size;
  const total = p + refunds.size;
  if (total >= INDEX_SPAN) throw new Error('demo: too many orders to sort');
  const day = new Int32Array(total);
  const sec = new Int32Array(total);
  day.set(purchases.day.subarray(0, p));
  day.set(refunds.day.subarray(0, refunds.size), p);
  sec.set(purchases.sec.subarray(0, p));
  sec.set(refunds.sec.subarray(0, refunds.size), p);
  const keys = chronological(total, day, sec);
  const writer = new CanonicalCsvWriter('orders');
  const ids = [cal.compact.map((c) => 'SO' + c), cal.compact.map((c) => 'RF' + c)];
  const stamp = cal.date.map((d) => d + ' ');
  let seqDay = -1;
  let seq = 0;
  for (let k = 0; k < total; k++) {
    const idx = keys[k] % INDEX_SPAN;
    const refund = idx >= p;
    const b = refund ? refunds : purchases;
    const i = refund ? idx - p : idx;
    const d = b.day[i];
    if (d !== seqDay) {
      seqDay = d;
      seq = 0;
    }
    seq++;
    const member = b.member[i];
    writer.push([
      ids[refund ? 1 : 0][d] + (seq < 10 ? '000' : seq < 100 ? '00' : seq < 1000 ? '0' : '') + seq,
      stamp[d] + clockOf(b.sec[i]),
      member >= 0 ? members.id[member] : null,
      STORES[b.store[i]],
      b.online[i] ? 'online' : 'offline',
      b.cents[i] / 100,
      b.items[i],
      b.discount[i] / 100,
      b.points[i],
      refund,
    ]);
  }
  return writer.toString();
}

/** Points ledger CSV in time order. */
export function writePoints(cal: Calendar, members: Members, ledger: LedgerBuffer): string {
  const keys = chronological(ledger.size, ledger.day, ledger.sec);
  const writer = new CanonicalCsvWriter('points');
  const stamp = cal.date.map((d) => d + ' ');
  for (let k = 0; k < keys.length; k++) {
    const i = keys[k] % INDEX_SPAN;
    const ts = stamp[ledger.day[i]] + clockOf(ledger.sec[i]);
    writer.push([members.id[ledger.member[i]], ts, ledger.points[i], POINT_KINDS[ledger.kind[i]], POINT_REASONS[ledger.reason[i]]]);
  }
  return writer.toString();
}

/** Tier changes CSV in time order. */
export function writeTierChanges(cal: Calendar, members: Members, changes: TierChanges): string {
  const keys = chronological(changes.member.length, changes.day, changes.sec);
  const writer = new CanonicalCsvWriter('tier_changes');
  for (let k = 0; k < keys.length; k++) {
    const i = keys[k] % INDEX_SPAN;
    const ts = `${cal.date[changes.day[i]]} ${clockOf(changes.sec[i])}`;
    writer.push([members.id[changes.member[i]], ts, TIERS[changes.from[i]], TIERS[changes.to[i]]]);
  }
  return writer.toString();
}
