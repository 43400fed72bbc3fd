/** SQL building blocks shared by metric definitions: the filtered order set and what a purchase is. */
import { inList, raw, sql, type SqlStatement } from '../sql.ts';
import type { MetricParams } from './params.ts';
import { TABLES } from '../schema.ts';
import { unitSum } from './money.ts';

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

/** An order fact's columns, as orderFactsSelect gives them: the canonical order columns, then order_date and tier (a table declared before it is filled). */
export const ORDER_FACTS_COLUMNS: readonly { name: string; type: string }[] = [...TABLES.orders, { name: 'order_date', type: 'DATE' }, { name: 'tier', type: 'VARCHAR' }];

/** An order fact's columns after the canonical ones (ORDER_FACTS_COLUMNS), from an order's `time` and its member's `tier`. */
export const orderFactsDerived = (time: string, tier: string): string => `${time}::DATE AS order_date, ${tier} AS tier`;

/** What an order fact is, the one definition: `orders` (canonical order columns) joined with `members`, unsorted. */
export const orderFactsSelect = (orders: string, members: string): string =>
  `SELECT ${TABLES.orders.map((c) => `o."${c.name}"`).join(', ')}, ${orderFactsDerived('o.order_time', 'm.tier')}
  FROM ${orders} o LEFT JOIN ${members} m ON m.member_id = o.member_id`;

/**
 * Every filter key of an order fact and its day, summed: per `order_date`, store, channel, member
 * tier and membership (`is_member`), the net amount of all orders (`amount_units`: exact, in money
 * units of 1/10,000 yuan, money.ts; refunds included) and the purchases under either purchase definition (`purchases`, `purchases_with_zero`). Built next to
 * the order facts at every swap (workers/order-facts.ts): about days × stores × channels × tiers rows
 * whatever the number of orders (11k for 1M orders), so the sums a filter click asks for (sales,
 * orders, AOV, the trend's months) read it instead of scanning the orders. Measured at 1M and not
 * kept: a member × day grain (with store and channel) holds 0.9 rows per order, no smaller than the
 * facts, so the metrics that count members read the facts.
 */
export const STORE_DAYS = 'store_days';

/** What a store-day row is, the one definition: the order facts `facts` summed per day and filter key. */
export const storeDaysSelect = (facts: string): string =>
  `SELECT o.order_date, o.store, o.channel, o.tier, o.member_id IS NOT NULL AS is_member, ${unitSum('o.amount').text} AS amount_units,
    count(*) FILTER (WHERE ${purchaseCondition(false).text})::BIGINT AS purchases,
    count(*) FILTER (WHERE ${purchaseCondition(true).text})::BIGINT AS purchases_with_zero
  FROM ${facts} o GROUP BY ALL`;

/** The filters of scopedOrders (store, channel, tier, membership) on a table with those columns, aliased `o`. */
function filterKeys(p: MetricParams, memberColumn: 'member' | 'flag'): SqlStatement {
  const [member, nonmember] = memberColumn === 'flag' ? ['o.is_member', 'NOT o.is_member'] : ['o.member_id IS NOT NULL', 'o.member_id IS NULL'];
  const membership = p.membership === 'member' ? raw(member) : p.membership === 'nonmember' ? raw(nonmember) : raw('TRUE');
  return sql`${inList(raw('o.store'), p.stores)} AND ${inList(raw('o.channel'), p.channels)}
      AND ${inList(raw('o.tier'), p.tiers)} AND ${membership}`;
}

/**
 * The store-day rows of the orders scopedOrders(p, from, to) would return: `order_date`, the
 * filter keys, `amount_units` (their net amount in money units, exact: money.ts) and `purchases` (their purchase orders under
 * p.countZeroAmount). The same filters on the same orders: periods are whole days (checkParams),
 * so `order_time` in [from, to) is `order_date` in [from, to).
 */
export function scopedDays(p: MetricParams, from: string = p.from, to: string = p.to): SqlStatement {
  return sql`SELECT o.order_date, o.store, o.channel, o.tier, o.is_member, o.amount_units,
      ${raw(p.countZeroAmount ? 'o.purchases_with_zero' : 'o.purchases')} AS purchases
    FROM ${raw(STORE_DAYS)} o
    WHERE o.order_date >= ${from}::DATE AND o.order_date < ${to}::DATE AND ${filterKeys(p, 'flag')}`;
}

/**
 * Orders in scope for the filters (store, channel, tier, membership) in [from, to), with
 * `order_date` and the member's `tier` added. Period bounds are explicit so comparison and
 * look-back windows reuse the same filters.
 */
export function scopedOrders(p: MetricParams, from: string = p.from, to: string = p.to): SqlStatement {
  return sql`SELECT o.*, ${purchaseCondition(p.countZeroAmount)} AS is_purchase
    FROM ${raw(ORDER_FACTS)} o
    WHERE o.order_time >= ${from}::TIMESTAMP AND o.order_time < ${to}::TIMESTAMP AND ${filterKeys(p, 'member')}`;
}
