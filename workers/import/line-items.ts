/**
 * Line-item files (one row per product line; the order id repeats) → one order per id:
 * amount = Σ line amount (the file's line total when it has one, else quantity × unit price),
 * item_count = Σ quantity, order_time = earliest line, member/store/channel from the first line
 * that has one. An order is a refund (is_refund, amount ≤ 0) when its id marks a cancellation
 * (UCI: InvoiceNo "C536379"), its total is negative, or all its quantities are negative.
 * Lines with a negative unit price (UCI "Adjust bad debt") are rejected: they are not sales.
 */
import { CanonicalCsvWriter } from '../canonical-csv.ts';
import { cellAt, columnIndexes, idText, INT_MAX, INT_MIN, rangeReason, unreadableReason } from './fields.ts';
import { normaliseChannel } from './labels.ts';
import type { RowLoop } from './row-loop.ts';
import type { ColumnMapping } from '../../src/lib/engine/import-types.ts';
import type { Converted } from './table-rows.ts';
import { parseDateTime, parseNumber } from './values.ts';

interface Order {
  id: string;
  time: string;
  member: string | null;
  store: string | null;
  channel: string | null;
  amount: number;
  quantity: number;
  anyPositive: boolean;
  conflict: boolean;
}

const FIELDS = ['order_id', 'order_time', 'member_id', 'store', 'channel', 'quantity', 'unit_price', 'amount'];
/** A cancellation invoice id: C followed by digits (UCI Online Retail). */
const CANCELLED = /^[Cc]\d/;
// Float sums of prices like 2.55 × 6 carry noise in the 12th digit; money needs 4 decimals at most.
const round4 = (x: number) => Math.round(x * 1e4) / 1e4 + 0;

export async function convertLineItems(loop: RowLoop, headers: readonly string[], mapping: ColumnMapping): Promise<Converted> {
  const idx = columnIndexes(headers, mapping, FIELDS);
  const header = (f: string) => mapping[f] ?? f;
  const orders = new Map<string, Order>();
  const bad = (i: number, f: string, v: string, type: 'TIMESTAMP' | 'DOUBLE') =>
    loop.reject(i, header(f), v, v === '' ? `缺少必填值 / missing required value (${f})` : unreadableReason(type));

  await loop.run((cells, i) => {
    const id = idText(cellAt(cells, idx.order_id));
    if (id === '') return (loop.reject(i, header('order_id'), '', '缺少必填值 / missing required value (order_id)'), false);
    const timeText = cellAt(cells, idx.order_time);
    const time = parseDateTime(timeText);
    if (time === null) return (bad(i, 'order_time', timeText, 'TIMESTAMP'), false);
    const qText = cellAt(cells, idx.quantity);
    const quantity = parseNumber(qText);
    if (quantity === null) return (bad(i, 'quantity', qText, 'DOUBLE'), false);
    const qRange = rangeReason('INTEGER', quantity) ?? rangeReason('DOUBLE', quantity);
    if (qRange) return (loop.reject(i, header('quantity'), qText, qRange), false);
    let amount: number | null;
    if (idx.amount >= 0 && cellAt(cells, idx.amount) !== '') {
      amount = parseNumber(cellAt(cells, idx.amount));
      if (amount === null) return (bad(i, 'amount', cellAt(cells, idx.amount), 'DOUBLE'), false);
      const aRange = rangeReason('DOUBLE', amount);
      if (aRange) return (loop.reject(i, header('amount'), cellAt(cells, idx.amount), aRange), false);
    } else {
      const pText = cellAt(cells, idx.unit_price);
      const price = parseNumber(pText);
      if (price === null) return (bad(i, 'unit_price', pText, 'DOUBLE'), false);
      const pRange = rangeReason('DOUBLE', price) ?? rangeReason('DOUBLE', quantity * price);
      if (pRange) return (loop.reject(i, header('unit_price'), pText, pRange), false);
      if (price < 0) return (loop.reject(i, header('unit_price'), pText, '单价为负（非销售调整）/ negative unit price (an adjustment, not a sale)'), false);
      amount = quantity * price;
    }
    const member = idText(cellAt(cells, idx.member_id)) || null;
    const store = cellAt(cells, idx.store) || null;
    const channelText = cellAt(cells, idx.channel);
    const channel = channelText === '' ? null : (normaliseChannel(channelText) ?? channelText);
    const o = orders.get(id);
    if (!o) {
      orders.set(id, { id, time, member, store, channel, amount, quantity, anyPositive: quantity > 0, conflict: false });
    } else {
      o.amount += amount;
      o.quantity += quantity;
      o.anyPositive ||= quantity > 0;
      if (time < o.time) o.time = time;
      if (member !== null && o.member !== null && member !== o.member) o.conflict = true;
      o.member ??= member;
      o.store ??= store;
      o.channel ??= channel;
    }
    return true;
  });

  const writer = new CanonicalCsvWriter('orders');
  let refunds = 0;
  let conflicts = 0;
  let overflowing = 0;
  for (const o of orders.values()) {
    const amount = round4(o.amount);
    const refund = CANCELLED.test(o.id) || amount < 0 || !o.anyPositive;
    if (refund) refunds++;
    if (o.conflict) conflicts++;
    // Each line is in range, an order of thousands of huge lines may not be: its count is left empty.
    const items = Math.round(o.quantity);
    if (items < INT_MIN || items > INT_MAX) overflowing++;
    writer.push([o.id, o.time, o.member, o.store, o.channel, refund ? -Math.abs(amount) : amount, items < INT_MIN || items > INT_MAX ? null : items, null, null, refund]);
  }
  const warnings = [
    `${loop.rowsLoaded} 行明细汇总为 ${orders.size} 笔订单（其中退款/取消 ${refunds} 笔）/ ${loop.rowsLoaded} line items aggregated into ${orders.size} orders (${refunds} refunds/cancellations)`,
  ];
  if (overflowing > 0) warnings.push(`${overflowing} 笔订单的件数合计超出整数范围，已留空 / ${overflowing} orders have an item count beyond the whole-number range; left empty`);
  if (conflicts > 0) warnings.push(`${conflicts} 笔订单的明细会员号不一致，取第一个 / ${conflicts} orders have lines with different member ids; the first is used`);
  return { csv: writer.toString(), outputRows: writer.rowCount, duplicateOrderIds: [], warnings };
}
