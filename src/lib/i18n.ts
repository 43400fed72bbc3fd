/** UI strings, zh-CN first. Metric labels and formulas come from the catalogue, not from here. */
import type { Lang } from './format.ts';

const STRINGS = {
  app_title: { zh: '店铺分析罗盘', en: 'Store Compass' },
  demo_data: { zh: '示例数据', en: 'Demo data' },
  your_data: { zh: '我的数据', en: 'Your data' },
  panel_compass: { zh: '罗盘', en: 'Compass' },
  panel_repurchase: { zh: '复购与回店', en: 'Repurchase & return' },
  panel_satisfaction: { zh: '满意度', en: 'Satisfaction' },
  panel_tiers: { zh: '等级与积分', en: 'Tiers & points' },
  panel_churn: { zh: '流失预警', en: 'Churn warning' },
  panel_segments: { zh: '客群', en: 'Segments' },
  panel_value: { zh: '价值', en: 'Value' },
  panel_members: { zh: '会员名单', en: 'Member list' },
  panel_import: { zh: '导入数据', en: 'Import data' },
  panel_report: { zh: '报告', en: 'Report' },
  present: { zh: '演示模式', en: 'Present' },
  exit_present: { zh: '退出演示', en: 'Exit presentation' },
  print_report: { zh: '导出报告', en: 'Export report' },
  period: { zh: '时间', en: 'Period' },
  compare: { zh: '对比', en: 'Compare' },
  cmp_previous: { zh: '环比', en: 'vs previous period' },
  cmp_year_ago: { zh: '同比', en: 'vs a year ago' },
  store: { zh: '门店', en: 'Store' },
  all_stores: { zh: '全部门店', en: 'All stores' },
  membership: { zh: '客户', en: 'Customers' },
  all_customers: { zh: '全部客户', en: 'All customers' },
  members_only: { zh: '仅会员', en: 'Members only' },
  nonmembers_only: { zh: '仅非会员', en: 'Walk-ins only' },
  preset_last7: { zh: '近7天', en: 'Last 7 days' },
  preset_last30: { zh: '近30天', en: 'Last 30 days' },
  preset_last90: { zh: '近90天', en: 'Last 90 days' },
  preset_this_month: { zh: '本月', en: 'This month' },
  preset_last_month: { zh: '上月', en: 'Last month' },
  preset_this_quarter: { zh: '本季', en: 'This quarter' },
  preset_this_year: { zh: '今年', en: 'This year' },
  preset_last_year: { zh: '去年', en: 'Last year' },
  preset_custom: { zh: '自定义', en: 'Custom' },
  trend_title: { zh: '月度销售趋势', en: 'Monthly sales trend' },
  trend_sales: { zh: '销售额', en: 'Net sales' },
  trend_buyers: { zh: '消费会员数', en: 'Buyers' },
  trend_month: { zh: '月份', en: 'Month' },
  trend_orders: { zh: '订单数', en: 'Orders' },
  loading: { zh: '计算中…', en: 'Computing…' },
  starting: { zh: '正在启动分析引擎…', en: 'Starting the analysis engine…' },
  no_data: { zh: '该时间段没有订单', en: 'No orders in this period' },
  error: { zh: '出错了', en: 'Something went wrong' },
  vs: { zh: '较', en: 'vs' },
  language: { zh: 'English', en: '中文' },
  how_computed: { zh: '计算方式', en: 'How computed' },
  local_only: { zh: '数据只保存在本机浏览器中，不会上传', en: 'Data stays in this browser; nothing is uploaded' },
  import_coming: { zh: '导入你的订单、会员、满意度等导出文件（CSV / Excel / Parquet）', en: 'Import your orders, members, surveys… exports (CSV / Excel / Parquet)' },
  // 权益与营销 (benefits & campaigns, #12)
  panel_benefits: { zh: '权益与营销', en: 'Benefits & campaigns' },
} satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof STRINGS;

export function t(key: StringKey, lang: Lang): string {
  return STRINGS[key][lang];
}

/**
 * Component-local strings: `const s = defineStrings({ title: { zh: '…', en: '…' } })`, then
 * `s('title', lang)`. Keeps each panel's wording beside it; the checker makes sure both languages exist.
 */
export function defineStrings<K extends string>(strings: Record<K, Record<Lang, string>>): (key: K, lang: Lang) => string {
  return (key, lang) => strings[key][lang];
}
