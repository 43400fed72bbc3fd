/** Pure builders for the 等级与积分 panel: tier mix vs sales share, monthly tier changes, monthly points flows. */
import type { MetricRow } from '../metrics/index.ts';
import type { EChartsCoreOption } from 'echarts/core';
import { formatValue, type Lang } from '../format.ts';
import { defineStrings } from '../i18n.ts';
import { FONT_FAMILY, PALETTE } from './theme.ts';
import { axisTooltip, periodBand } from './tooltip.ts';

export type TierMixRow = Pick<MetricRow<'tier_mix'>, 'tier' | 'members' | 'sales' | 'sales_share'>;

export interface TierChangesRow {
  month: string;
  upgrades: number;
  downgrades: number;
}

export interface PointsMonthRow {
  month: string;
  earned: number;
  redeemed: number;
  expired: number;
}

const s = defineStrings({
  memberShare: { zh: '会员数占比', en: 'Share of members' },
  salesShare: { zh: '销售额占比', en: 'Share of member sales' },
  upgrades: { zh: '升级', en: 'Upgrades' },
  downgrades: { zh: '降级', en: 'Downgrades' },
  earned: { zh: '发放', en: 'Earned' },
  redeemed: { zh: '兑换', en: 'Redeemed' },
  expired: { zh: '过期', en: 'Expired' },
  none: { zh: '(无等级)', en: '(no tier)' },
});

/** Display name of a tier: data names as they are, the catalogue's '(none)' translated. */
export const tierLabel = (tier: string | null, lang: Lang): string => (tier === null || tier === '(none)' ? s('none', lang) : tier);

const base = (): EChartsCoreOption => ({ textStyle: { fontFamily: FONT_FAMILY }, animation: false });

/** Share of members vs share of member sales per tier (grouped bars); data items keep `tier` for the cross-filter. */
export function buildTierMixOption(rows: readonly TierMixRow[], lang: Lang): EChartsCoreOption {
  const total = rows.reduce((n, r) => n + r.members, 0);
  const pct = (v: number | null) => formatValue(v, 'ratio', lang);
  const names = [s('memberShare', lang), s('salesShare', lang)];
  const bar = (name: string, colour: string, value: (r: TierMixRow) => number | null) => ({
    name,
    type: 'bar',
    barMaxWidth: 36,
    cursor: 'pointer',
    itemStyle: { color: colour },
    label: { show: true, position: 'top', fontSize: 11, formatter: (p: { value: number | null }) => pct(p.value) },
    data: rows.map((r) => ({ value: value(r), tier: r.tier })),
  });
  return {
    ...base(),
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    legend: { top: 0, data: names },
    tooltip: { trigger: 'axis', formatter: axisTooltip((v) => pct(v)) },
    xAxis: { type: 'category', data: rows.map((r) => tierLabel(r.tier, lang)) },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: (v: number) => pct(v) } },
    series: [bar(names[0], PALETTE[5], (r) => (total ? r.members / total : null)), bar(names[1], PALETTE[0], (r) => r.sales_share)],
  };
}

function monthlyBars(months: string[], bars: { name: string; colour: string; data: number[] }[], lang: Lang, band?: { from: string; to: string }): EChartsCoreOption {
  return {
    ...base(),
    grid: { left: 56, right: 16, top: 40, bottom: 32 },
    legend: { top: 0, data: bars.map((b) => b.name) },
    tooltip: { trigger: 'axis', formatter: axisTooltip((v) => formatValue(v, 'count', lang)) },
    xAxis: { type: 'category', data: months, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatValue(v, 'count', lang) } },
    series: bars.map((b, i) => ({ name: b.name, type: 'bar', barMaxWidth: 24, itemStyle: { color: b.colour }, data: b.data, ...(i === 0 ? periodBand(band) : {}) })),
  };
}

/** Upgrades (blue) and downgrades (vermilion) per month. */
export const buildTierChangesOption = (rows: readonly TierChangesRow[], lang: Lang, band?: { from: string; to: string }): EChartsCoreOption =>
  monthlyBars(
    rows.map((r) => r.month),
    [
      { name: s('upgrades', lang), colour: PALETTE[0], data: rows.map((r) => r.upgrades) },
      { name: s('downgrades', lang), colour: PALETTE[3], data: rows.map((r) => r.downgrades) },
    ],
    lang,
    band,
  );

/** Points earned, redeemed and expired per month. */
export const buildPointsMonthlyOption = (rows: readonly PointsMonthRow[], lang: Lang, band?: { from: string; to: string }): EChartsCoreOption =>
  monthlyBars(
    rows.map((r) => r.month),
    [
      { name: s('earned', lang), colour: PALETTE[0], data: rows.map((r) => r.earned) },
      { name: s('redeemed', lang), colour: PALETTE[2], data: rows.map((r) => r.redeemed) },
      { name: s('expired', lang), colour: PALETTE[3], data: rows.map((r) => r.expired) },
    ],
    lang,
    band,
  );
