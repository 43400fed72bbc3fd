/**
 * The catalogue's column vocabulary: every column a table metric returns, named once with its label
 * and unit. A column that is itself a catalogue metric (repurchase_rate, nps…) takes that metric's
 * label and unit, so '复购率' is written in one place. `tableOf` turns a metric's rows into a table
 * card or export with these labels; a panel names the metric, not how to print it.
 */
import type { Localized, MetricUnit } from './define.ts';

export interface ColumnSpec {
  readonly label?: Localized;
  readonly unit?: MetricUnit;
  /** The column is this catalogue metric's value: label and unit come from the metric. */
  readonly metric?: string;
  /** NULL can occur (e.g. the all-stores row's segment); see ColumnValue for the default. */
  readonly nullable?: boolean;
}

const l = (zh: string, en: string): Localized => ({ zh, en });

export const COLUMNS = {
  month: { label: l('月份', 'Month') },
  store: { label: l('门店', 'Store') },
  tier: { label: l('等级', 'Tier'), nullable: true },
  member_id: { label: l('会员号', 'Member') },
  phone: { label: l('手机号', 'Phone'), nullable: true },
  segment: { label: l('分组', 'Segment'), nullable: true },
  dimension: { label: l('维度', 'Dimension') },
  key: { label: l('分组', 'Segment') },
  group: { label: l('RFM 分组', 'RFM group') },
  stage: { label: l('生命周期阶段', 'Lifecycle stage') },
  cohort: { label: l('首购月份', 'First-purchase month') },
  month_offset: { label: l('首购后第几个月', 'Months after the first purchase'), unit: 'count' },
  month_kind: { label: l('月份类型', 'Month kind') },
  from_group: { label: l('原分组', 'From group') },
  to_group: { label: l('新分组', 'To group') },
  from_stage: { label: l('期初阶段', 'Stage at the start') },
  to_stage: { label: l('期末阶段', 'Stage at the end') },
  from_tier: { label: l('原等级', 'From tier') },
  to_tier: { label: l('新等级', 'To tier') },
  nps_class: { label: l('NPS 类别', 'NPS class') },
  survey_date: { label: l('评价日期', 'Survey date') },
  comment: { label: l('评论', 'Comment'), nullable: true },
  scale: { label: l('量表', 'Scale') },
  last_date: { label: l('最近消费', 'Last purchase') },
  sales_channel: { label: l('渠道', 'Channel') },

  // model views (value panel): P(alive) grid and CLV histogram
  repeat_purchases: { label: l('复购次数', 'Repeat purchases') },
  since_last: { label: l('距上次消费', 'Since last purchase') },
  mean_p_alive: { label: l('平均仍活跃概率', 'Mean P(alive)'), unit: 'ratio' },
  clv_range: { label: l('预测价值区间', 'Predicted value range') },

  members: { label: l('会员数', 'Members'), unit: 'count' },
  buyers: { metric: 'buyers', nullable: false },
  orders: { metric: 'orders', nullable: false },
  sales: { metric: 'sales' },
  new_buyers: { metric: 'new_buyers', nullable: false },
  returning_buyers: { metric: 'returning_buyers', nullable: false },
  repurchase_rate: { metric: 'repurchase_rate' },
  return_to_store_rate: { metric: 'return_to_store_rate' },
  nps: { metric: 'nps' },
  csat: { metric: 'csat' },
  aov: { metric: 'aov' },
  units_per_transaction: { metric: 'units_per_transaction' },
  member_sales_share: { metric: 'member_sales_share' },
  active_member_share: { metric: 'active_member_share' },
  conversion_rate: { metric: 'conversion_rate' },
  churn_rate: { metric: 'churn_rate' },

  share: { label: l('占比', 'Share'), unit: 'ratio' },
  sales_share: { label: l('销售额占比', 'Share of sales'), unit: 'ratio' },
  multi_share: { label: l('跨分组消费占比', 'Share buying in several'), unit: 'ratio' },
  retention: { label: l('留存率', 'Retention'), unit: 'ratio' },
  conversion: { label: l('进店转化率', 'Conversion'), unit: 'ratio' },
  multi_buyers: { label: l('跨分组消费会员', 'Buyers in several'), unit: 'count' },
  repurchasers: { label: l('复购会员', 'Repurchasers'), unit: 'count' },
  cohort_size: { label: l('首购会员数', 'Cohort size'), unit: 'count' },
  churned: { label: l('流失会员', 'Members churned'), unit: 'count' },
  churners: { label: l('流失会员', 'Members lost'), unit: 'count' },
  base: { label: l('期初会员', 'Members at the start'), unit: 'count' },
  responses: { label: l('评价数', 'Responses'), unit: 'count' },
  nps_responses: { label: l('NPS 评价数', 'NPS responses'), unit: 'count' },
  csat_responses: { label: l('CSAT 评价数', 'CSAT responses'), unit: 'count' },
  promoters: { label: l('推荐者', 'Promoters'), unit: 'count' },
  passives: { label: l('中立者', 'Passives'), unit: 'count' },
  detractors: { label: l('贬损者', 'Detractors'), unit: 'count' },
  upgrades: { label: l('升级', 'Upgrades'), unit: 'count' },
  downgrades: { label: l('降级', 'Downgrades'), unit: 'count' },
  visitors: { label: l('客流', 'Visitors'), unit: 'count' },
  daily_visitors: { label: l('日均客流', 'Visitors a day'), unit: 'count' },
  gaps: { label: l('间隔次数', 'Gaps'), unit: 'count' },
  min_days: { label: l('最短天数', 'From (days)'), unit: 'days', nullable: false },
  max_days: { label: l('最长天数', 'To (days)'), unit: 'days' },
  days_since: { label: l('未消费天数', 'Days since'), unit: 'count' },
  purchase_days: { label: l('消费天数', 'Purchase days'), unit: 'count' },
  frequency: { label: l('消费天数', 'Purchase days'), unit: 'count' },
  recency: { label: l('距上次消费天数', 'Days since the last purchase'), unit: 'count' },
  member_months: { label: l('会员月数', 'Member-months'), unit: 'count' },
  r: { label: l('R 分', 'R score'), unit: 'score' },
  f: { label: l('F 分', 'F score'), unit: 'score' },
  m: { label: l('M 分', 'M score'), unit: 'score' },
  score: { label: l('评分', 'Score'), unit: 'score' },
  earned: { label: l('发放积分', 'Points earned'), unit: 'points' },
  redeemed: { label: l('兑换积分', 'Points redeemed'), unit: 'points' },
  expired: { label: l('过期积分', 'Points expired'), unit: 'points' },
  monetary: { label: l('消费额', 'Spend'), unit: 'yuan' },
  spend: { label: l('历史消费', 'Spend to date'), unit: 'yuan' },
  revenue: { label: l('销售额', 'Sales'), unit: 'yuan' },
  spend_per_member: { label: l('人均消费', 'Spend per member'), unit: 'yuan' },
  spend_per_buyer: { label: l('消费会员人均消费', 'Spend per buyer'), unit: 'yuan' },
  sales_per_member_month: { label: l('每会员月销售额', 'Sales per member-month'), unit: 'yuan' },

  // benefits and campaigns (权益与营销)
  benefit_type: { label: l('权益类型', 'Benefit type') },
  campaign_id: { label: l('活动编号', 'Campaign id') },
  campaign_name: { label: l('活动名称', 'Campaign') },
  channel: { label: l('触达渠道', 'Contact channel') },
  arm: { label: l('分组（触达/对照）', 'Arm (treatment/control)') },
  issued: { label: l('发放', 'Issued'), unit: 'count' },
  used: { label: l('已核销', 'Used'), unit: 'count' },
  use_rate: { label: l('核销率', 'Use rate'), unit: 'ratio' },
  redeemed_with_purchase: { label: l('使用并消费', 'Used with a purchase'), unit: 'count' },
  expired_unused: { label: l('过期未用', 'Expired unused'), unit: 'count' },
  median_days_to_use: { label: l('使用天数中位数', 'Median days to use'), unit: 'days' },
  face_value: { label: l('面值', 'Face value'), unit: 'yuan' },
  cost: { label: l('成本', 'Cost'), unit: 'yuan' },
  contact_cost: { label: l('触达成本', 'Contact cost'), unit: 'yuan' },
  benefit_cost: { label: l('权益成本', 'Benefit cost'), unit: 'yuan' },
  response_rate: { label: l('响应率', 'Response rate'), unit: 'ratio' },
  sales_per_member: { label: l('人均销售额', 'Sales per member'), unit: 'yuan' },
  campaigns: { label: l('活动数', 'Campaigns'), unit: 'count' },
  contacted: { label: l('触达人数', 'Contacted'), unit: 'count' },
  controls: { label: l('对照组人数', 'Controls'), unit: 'count' },
  response_treatment: { label: l('触达组响应率', 'Response (treatment)'), unit: 'ratio' },
  response_control: { label: l('对照组响应率', 'Response (control)'), unit: 'ratio' },
  incremental_buyers: { label: l('增量消费人数', 'Incremental buyers'), unit: 'count', nullable: true },
  uplift: { label: l('提升（百分点）', 'Uplift'), unit: 'ratio' },
  cost_per_incremental_buyer: { label: l('每个增量消费者成本', 'Cost per incremental buyer'), unit: 'yuan' },
  subject_kind: { label: l('对象类别', 'What was received') },
  subject: { label: l('对象', 'Benefit or tier') },
  treated_id: { label: l('配对的获得者', 'Paired recipient') },
  day_kind: { label: l('日子类型', 'Kind of day') },
  days: { label: l('天数', 'Days'), unit: 'count' },
  buyer_days: { label: l('会员消费人次', 'Member buyer-days'), unit: 'count' },
  prior_sales: { label: l('更早期消费额', 'Sales, prior window'), unit: 'yuan', nullable: false },
  pre_sales: { label: l('前期消费额', 'Sales, pre window'), unit: 'yuan', nullable: false },
  post_sales: { label: l('后期消费额', 'Sales, post window'), unit: 'yuan', nullable: false },
  prior_orders: { label: l('更早期消费笔数', 'Orders, prior window'), unit: 'count' },
  pre_orders: { label: l('前期消费笔数', 'Orders, pre window'), unit: 'count' },
  post_orders: { label: l('后期消费笔数', 'Orders, post window'), unit: 'count' },
} as const satisfies Record<string, ColumnSpec>;

export type ColumnName = keyof typeof COLUMNS;

type Spec<C extends ColumnName> = (typeof COLUMNS)[C];
type IsNumeric<C extends ColumnName> = Spec<C> extends { unit: MetricUnit } | { metric: string } ? true : false;
/** Ratios, scores, money and days are NULL when there is nothing to divide or measure; keys and counts are not. */
type NullableUnit = 'ratio' | 'score' | 'yuan' | 'days';
type IsNullable<C extends ColumnName> =
  Spec<C> extends { nullable: boolean } ? Spec<C>['nullable'] : Spec<C> extends { metric: string } ? true : Spec<C> extends { unit: NullableUnit } ? true : false;

/**
 * A column's value as it arrives from the engine: a column with a unit (or that is a metric) is a
 * DOUBLE, any other a VARCHAR; NULL only where IsNullable says so. Tests hold the SQL to it: the
 * catalogue-schema test checks every table metric's DESCRIBE types, the catalogue snapshot test
 * that no non-nullable column is NULL on the demo and the fixtures.
 */
export type ColumnValue<C extends ColumnName> = (IsNumeric<C> extends true ? number : string) | (IsNullable<C> extends true ? null : never);

/** Whether a column holds numbers (DOUBLE) rather than text (VARCHAR); see ColumnValue. */
export const isNumericColumn = (c: ColumnName): boolean => 'unit' in COLUMNS[c] || 'metric' in COLUMNS[c];

const NULLABLE_UNITS: readonly MetricUnit[] = ['ratio', 'score', 'yuan', 'days'];
/** Whether NULL can occur in a column; see ColumnValue. */
export function isNullableColumn(c: ColumnName): boolean {
  const spec: ColumnSpec = COLUMNS[c];
  if (spec.nullable !== undefined) return spec.nullable;
  return spec.metric !== undefined || (spec.unit !== undefined && NULLABLE_UNITS.includes(spec.unit));
}
