/** Members who buy in more than one store (or channel): why every store's repurchase rate can sit below the whole's. */
import { raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import type { MetricParams } from './params.ts';
import { scopedOrders } from './scope.ts';

function multiSegment(p: MetricParams, dimension: 'store' | 'channel'): SqlStatement {
  const col = raw(dimension);
  return sql`SELECT ${dimension} AS dimension, count(*)::DOUBLE AS buyers, count(*) FILTER (WHERE n >= 2)::DOUBLE AS multi_buyers,
      (count(*) FILTER (WHERE n >= 2) / nullif(count(*), 0))::DOUBLE AS multi_share
    FROM (SELECT member_id, count(DISTINCT ${col}) AS n FROM (${scopedOrders(p)})
          WHERE is_purchase AND member_id IS NOT NULL AND ${col} IS NOT NULL GROUP BY member_id)`;
}

/** 跨店/跨渠道消费会员 — buyers of the period with purchases in two or more stores (channels), and their share. */
export const multiSegmentBuyers = defineMetric({
  id: 'multi_segment_buyers',
  label: { zh: '跨店/跨渠道消费会员', en: 'Buyers in several stores or channels' },
  formula: {
    zh: '期内在两家及以上门店（两个及以上渠道）消费的会员 ÷ 在有门店（渠道）记录的订单中消费的会员',
    en: 'buyers with purchases in two or more stores (channels) in the period ÷ buyers with a store (channel) on their orders',
  },
  notes: {
    zh: '分门店、分渠道的复购率只数会员在该门店（渠道）内的消费：在两家店各消费一天的会员，整体算复购，在每家店各算一次首购。因此跨店消费的会员越多，各门店的复购率越可能都低于整体复购率——这不是计算错误。',
    en: 'Repurchase by store or channel counts a member’s purchases in that store (channel) only: a member who buys on one day in each of two stores repurchases overall but is a one-time buyer in each store. The more members buy in several stores, the more likely every store sits below the overall rate — this is not an error.',
  },
  unit: 'ratio',
  shape: 'table',
  columns: ['dimension', 'buyers', 'multi_buyers', 'multi_share'],
  needs: ['orders', 'members'],
  sql: (p) => sql`${multiSegment(p, 'store')} UNION ALL ${multiSegment(p, 'channel')} ORDER BY dimension DESC`,
});
