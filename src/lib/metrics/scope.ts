/** SQL building blocks shared by metric definitions: the filtered order set and what a purchase is. */
import { inList, raw, sql, type SqlStatement } from '../sql.ts';
import type { MetricParams } from './params.ts';
import { TABLES } from '../schema.ts';

/**
 * What a purchase is, the one definition: an order that is not flagged as a refund with a positive
 * amount, or (with `countZeroAmount`) an amount ≥ 0 — free goods, orders paid fully with points.
 */
export const purchaseCondition = (countZeroAmount = false): SqlStatement =>
  raw(countZeroAmount ? '(o.amount >= 0 AND NOT coalesce(o.is_refund, FALSE))' : '(o.amount > 0 AND NOT coalesce(o.is_refund, FALSE))');

/** The default purchase definition (positive amount, not a refund). */
export const IS_PURCHASE = purchaseCondition(false);

/**
 * Every order with its `order_date` and the member's current `tier`: the one table that holds the
 * orders (the engine builds it sorted by order time at every swap of orders or members, and
 * `orders` is a view of its order columns), so the many metrics of a refresh do not each join
 * members again, and a period's orders sit in a few contiguous row groups (DuckDB skips the rest
 * by their min/max). scopedOrders reads it exactly as it would read the join.
 */
export const ORDER_FACTS = 'order_facts';

/** What an order fact is, the one definition: `orders` (canonical order columns) joined with `members`, unsorted. */
export const orderFactsSelect = (orders: string, members: string): string =>
  `SELECT ${TABLES.orders.map((c) => `o."${c.name}"`).join(', ')}, o.order_time::DATE AS order_date, m.tier AS tier
  FROM ${orders} o LEFT JOIN ${members} m ON m.member_id = o.member_id`;

/**
 * Orders in scope for the filters (store, channel, tier, membership) in [from, to), with
 * `order_date` and the member's `tier` added. Period bounds are explicit so comparison and
 * look-back windows reuse the same filters.
 */
export function scopedOrders(p: MetricParams, from: string = p.from, to: string = p.to): SqlStatement {
  const membership = p.membership === 'member' ? raw('o.member_id IS NOT NULL') : p.membership === 'nonmember' ? raw('o.member_id IS NULL') : raw('TRUE');
  return sql`SELECT o.*, ${purchaseCondition(p.countZeroAmount)} AS is_purchase
    FROM ${raw(ORDER_FACTS)} o
    WHERE o.order_time >= ${from}::TIMESTAMP AND o.order_time < ${to}::TIMESTAMP
      AND ${inList(raw('o.store'), p.stores)} AND ${inList(raw('o.channel'), p.channels)}
      AND ${inList(raw('o.tier'), p.tiers)} AND ${membership}`;
}
