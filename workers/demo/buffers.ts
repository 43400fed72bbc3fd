/**
 * Growable column buffers for the two big tables (orders, points ledger): typed arrays instead
 * of one object per row, so a quarter of a million orders stay cheap to build and sort.
 */

const grow = <T extends Int32Array | Int16Array | Uint8Array>(a: T, size: number): T => {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
};

/** Orders as columns; money in cents (fen) so sums stay exact. */
export class OrderBuffer {
  size = 0;
  day: Int16Array;
  sec: Int32Array;
  /** Member index, -1 for a walk-in. */
  member: Int32Array;
  store: Uint8Array;
  /** 0 offline, 1 online. */
  online: Uint8Array;
  /** Net paid in cents; negative for refunds. */
  cents: Int32Array;
  items: Int16Array;
  discount: Int32Array;
  points: Int32Array;

  constructor(capacity: number) {
    this.day = new Int16Array(capacity);
    this.sec = new Int32Array(capacity);
    this.member = new Int32Array(capacity);
    this.store = new Uint8Array(capacity);
    this.online = new Uint8Array(capacity);
    this.cents = new Int32Array(capacity);
    this.items = new Int16Array(capacity);
    this.discount = new Int32Array(capacity);
    this.points = new Int32Array(capacity);
  }

  /** Appends one order and returns its index. */
  push(day: number, sec: number, member: number, store: number, online: number, cents: number, items: number, discount: number, points: number): number {
    if (this.size === this.day.length) this.resize(this.size * 2);
    const i = this.size++;
    this.day[i] = day;
    this.sec[i] = sec;
    this.member[i] = member;
    this.store[i] = store;
    this.online[i] = online;
    this.cents[i] = cents;
    this.items[i] = items;
    this.discount[i] = discount;
    this.points[i] = points;
    return i;
  }

  private resize(n: number): void {
    this.day = grow(this.day, n);
    this.sec = grow(this.sec, n);
    this.member = grow(this.member, n);
    this.store = grow(this.store, n);
    this.online = grow(this.online, n);
    this.cents = grow(this.cents, n);
    this.items = grow(this.items, n);
    this.discount = grow(this.discount, n);
    this.points = grow(this.points, n);
  }
}

/** Points ledger kinds, as written to the points table. */
export const POINT_KINDS = ['earn', 'redeem', 'expire'] as const;
/** Ledger reasons (zh, as a store's CRM would export them). */
export const POINT_REASONS = ['消费积分', '积分抵现', '退款扣回', '年度积分清零'] as const;
export const EARN = 0,
  REDEEM = 1,
  EXPIRE = 2;
export const R_PURCHASE = 0,
  R_REDEEM = 1,
  R_REFUND = 2,
  R_EXPIRE = 3;

/** Points ledger rows as columns. */
export class LedgerBuffer {
  size = 0;
  member: Int32Array;
  day: Int16Array;
  sec: Int32Array;
  points: Int32Array;
  kind: Uint8Array;
  reason: Uint8Array;

  constructor(capacity: number) {
    this.member = new Int32Array(capacity);
    this.day = new Int16Array(capacity);
    this.sec = new Int32Array(capacity);
    this.points = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.reason = new Uint8Array(capacity);
  }

  /** Appends one ledger row (points signed: earn +, redeem/expire/reversal −). */
  push(member: number, day: number, sec: number, points: number, kind: number, reason: number): void {
    if (this.size === this.member.length) {
      const n = this.size * 2;
      this.member = grow(this.member, n);
      this.day = grow(this.day, n);
      this.sec = grow(this.sec, n);
      this.points = grow(this.points, n);
      this.kind = grow(this.kind, n);
      this.reason = grow(this.reason, n);
    }
    const i = this.size++;
    this.member[i] = member;
    this.day[i] = day;
    this.sec[i] = sec;
    this.points[i] = points;
    this.kind[i] = kind;
    this.reason[i] = reason;
  }
}
