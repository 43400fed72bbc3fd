/**
 * Campaigns with a random control group (营销触达与对照组): per-member outcomes in the response window,
 * per-campaign arm totals and channel effectiveness. The counts are SQL; the intervals, verdicts and the
 * ranking are computed from these rows by src/lib/campaigns/report.ts, in the CLI and in the browser alike.
 */
import { inList, raw, sql, type SqlStatement } from '../sql.ts';
import { defineMetric } from './define.ts';
import { unitSum, yuan, yuanPer } from './money.ts';
import { DEFAULT_RESPONSE_DAYS, type MetricParams } from './params.ts';
import { purchaseCondition } from './scope.ts';

/**
 * One row per (campaign, member) sent in [from, to): arm, what the contact cost (control members were
 * not contacted: 0), the cost of the benefits the campaign gave the member, and the member's purchases
 * (any store) in [sent, sent + responseDays days). The money columns as exact money units (`contact_units`,
 * `benefit_units`, `sales_units`: money.ts), summed over members as they are and turned into yuan at the end.
 */
function memberOutcomes(p: MetricParams): SqlStatement {
  const days = p.responseDays ?? DEFAULT_RESPONSE_DAYS;
  return sql`WITH c AS (
        SELECT campaign_id, member_id, min(coalesce(arm, 'treatment')) AS arm, min(sent_time) AS sent_time,
          min(campaign_name) AS campaign_name, min(channel) AS channel, coalesce(${unitSum('cost_per_contact')}, 0) AS contact_cost
        FROM campaigns WHERE sent_time >= ${p.from}::TIMESTAMP AND sent_time < ${p.to}::TIMESTAMP GROUP BY campaign_id, member_id),
      s AS (SELECT c.* FROM c LEFT JOIN members m ON m.member_id = c.member_id
        WHERE ${inList(raw('m.home_store'), p.stores)} AND ${inList(raw('m.tier'), p.tiers)}),
      o AS (SELECT o.member_id, o.order_time, o.amount FROM orders o WHERE ${purchaseCondition(p.countZeroAmount)} AND o.member_id IS NOT NULL),
      bc AS (SELECT campaign_id, member_id, ${unitSum('coalesce(cost, 0)')} AS benefit_cost FROM benefits WHERE campaign_id IS NOT NULL GROUP BY ALL)
    SELECT s.campaign_id, s.campaign_name, s.channel, s.arm, s.member_id,
      CASE WHEN s.arm = 'control' THEN 0 ELSE s.contact_cost END AS contact_units, coalesce(bc.benefit_cost, 0) AS benefit_units,
      count(o.member_id)::DOUBLE AS orders, coalesce(${unitSum('o.amount')}, 0) AS sales_units
    FROM s LEFT JOIN o ON o.member_id = s.member_id AND o.order_time >= s.sent_time
        AND o.order_time < s.sent_time + (${days}::INTEGER * INTERVAL 1 DAY)
      LEFT JOIN bc ON bc.campaign_id = s.campaign_id AND bc.member_id = s.member_id
    GROUP BY ALL`;
}

const WINDOW = {
  zh: '响应 = 触达（对照组为同批发送时间）后 N 天内有消费（任一门店，N 默认 30，可调）',
  en: 'response = a purchase (any store) within N days of the contact (control: the batch’s send time; N default 30, editable)',
};

const NOTES = {
  zh: '同一活动同一会员多行时取最早发送时间；分组以对照组优先。门店筛选按会员所属门店，等级按当前等级；渠道筛选不适用。区间与结论见权益与营销面板（Newcombe 区间、销售额自助法）。',
  en: 'Several rows of one member in one campaign: the earliest send time; control wins. The store filter uses the member’s home store, tiers the current tier; channel filters do not apply. Intervals and verdicts: see the Benefits & campaigns panel (Newcombe interval, bootstrap for sales).',
};

/** 活动会员结果 — per contacted or control member: purchases and sales in the response window. */
export const campaignMemberOutcomes = defineMetric({
  id: 'campaign_member_outcomes',
  label: { zh: '活动会员结果', en: 'Campaign member outcomes' },
  formula: {
    zh: `每个活动 × 会员一行：分组、触达成本、权益成本、${WINDOW.zh}的订单数与销售额`,
    en: `one row per campaign × member: arm, contact cost, benefit cost, orders and sales in the window; ${WINDOW.en}`,
  },
  unit: 'yuan',
  shape: 'table',
  columns: ['campaign_id', 'campaign_name', 'channel', 'arm', 'member_id', 'contact_cost', 'benefit_cost', 'orders', 'sales'],
  needs: ['campaigns', 'orders'],
  notes: NOTES,
  sql: (p) => sql`SELECT campaign_id, campaign_name, channel, arm, member_id, ${yuan(raw('contact_units'))} AS contact_cost,
      ${yuan(raw('benefit_units'))} AS benefit_cost, orders, ${yuan(raw('sales_units'))} AS sales
    FROM (${memberOutcomes(p)}) ORDER BY campaign_id, arm, member_id`,
});

/** 活动响应（实验组 vs 对照组） — per campaign and arm: members, buyers, sales, costs. */
export const campaignResponse = defineMetric({
  id: 'campaign_response',
  label: { zh: '活动响应（实验组 vs 对照组）', en: 'Campaign response (treatment vs control)' },
  formula: {
    zh: `按活动 × 分组：人数；响应人数（${WINDOW.zh}）；响应率 = 响应人数 ÷ 人数；窗口内销售额；人均销售额 = 销售额 ÷ 人数；触达成本；权益成本`,
    en: `per campaign × arm: members; responders (${WINDOW.en}); response rate = responders ÷ members; sales in the window; sales per member = sales ÷ members; contact cost; benefit cost`,
  },
  unit: 'count',
  shape: 'table',
  columns: ['campaign_id', 'campaign_name', 'channel', 'arm', 'members', 'buyers', 'response_rate', 'sales', 'sales_per_member', 'contact_cost', 'benefit_cost'],
  needs: ['campaigns', 'orders'],
  notes: NOTES,
  sql: (p) => sql`SELECT campaign_id, min(campaign_name) AS campaign_name, min(channel) AS channel, arm,
      count(*)::DOUBLE AS members, count(*) FILTER (WHERE orders > 0)::DOUBLE AS buyers,
      (count(*) FILTER (WHERE orders > 0) / count(*))::DOUBLE AS response_rate,
      ${yuan(raw('sum(sales_units)'))} AS sales, ${yuanPer(raw('sum(sales_units)'), raw('count(*)'))} AS sales_per_member,
      ${yuan(raw('sum(contact_units)'))} AS contact_cost, ${yuan(raw('sum(benefit_units)'))} AS benefit_cost
    FROM (${memberOutcomes(p)}) GROUP BY campaign_id, arm ORDER BY campaign_id, arm`,
});

/** 渠道效果 — per contact channel: reach, response, uplift where controls exist, cost per incremental buyer. */
export const channelEffectiveness = defineMetric({
  id: 'channel_effectiveness',
  label: { zh: '触达渠道效果', en: 'Channel effectiveness' },
  formula: {
    zh: '按渠道：活动数；触达人数（实验组）；对照人数；响应率（实验组、对照组）；增量响应人数 = Σ 有对照组的活动（实验组响应率 − 对照组响应率）× 实验组人数；提升 = 增量响应人数 ÷ 这些活动的实验组人数；成本 = 触达成本 + 权益成本；每增量购买成本 = 有对照组活动的成本 ÷ 增量响应人数（≤ 0 时为空）',
    en: 'per channel: campaigns; contacted (treatment) members; control members; response rates (treatment, control); incremental buyers = Σ over campaigns with a control of (treatment − control response rate) × treatment members; uplift = incremental buyers ÷ those campaigns’ treatment members; cost = contact + benefit cost; cost per incremental buyer = those campaigns’ cost ÷ incremental buyers (empty when ≤ 0)',
  },
  unit: 'count',
  shape: 'table',
  columns: ['channel', 'campaigns', 'contacted', 'controls', 'response_treatment', 'response_control', 'incremental_buyers', 'uplift', 'cost', 'cost_per_incremental_buyer'],
  needs: ['campaigns', 'orders'],
  notes: {
    zh: '每个活动先算各自的提升再相加，避免不同活动对照组比例不同造成的辛普森悖论。',
    en: 'Uplift is taken within each campaign and then summed, so campaigns with different control shares cannot produce Simpson’s paradox.',
  },
  sql: (p) => sql`WITH arms AS (
        SELECT campaign_id, min(channel) AS channel,
          count(*) FILTER (WHERE arm <> 'control') AS nt, count(*) FILTER (WHERE arm = 'control') AS nc,
          count(*) FILTER (WHERE arm <> 'control' AND orders > 0) AS bt, count(*) FILTER (WHERE arm = 'control' AND orders > 0) AS bc,
          sum(contact_units + benefit_units) AS cost
        FROM (${memberOutcomes(p)}) GROUP BY campaign_id),
      per AS (SELECT *, nt > 0 AND nc > 0 AS controlled,
          CASE WHEN nt > 0 AND nc > 0 THEN (bt / nt - bc / nc) * nt END AS inc FROM arms)
    SELECT channel, count(*)::DOUBLE AS campaigns, sum(nt)::DOUBLE AS contacted, sum(nc)::DOUBLE AS controls,
      (sum(bt) / nullif(sum(nt), 0))::DOUBLE AS response_treatment, (sum(bc) / nullif(sum(nc), 0))::DOUBLE AS response_control,
      sum(inc)::DOUBLE AS incremental_buyers, (sum(inc) / nullif(sum(nt) FILTER (WHERE controlled), 0))::DOUBLE AS uplift,
      ${yuan(raw('sum(cost)'))} AS cost,
      (CASE WHEN sum(inc) > 0 THEN ${yuan(raw('sum(cost) FILTER (WHERE controlled)'))} / sum(inc) END)::DOUBLE AS cost_per_incremental_buyer
    FROM per GROUP BY channel ORDER BY channel NULLS LAST`,
});
