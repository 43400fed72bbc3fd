/**
 * Filters the data cannot honour: a store, channel or tier filter on data that has no such column
 * (or never that value) matches nothing, so every number reads 0 — say so instead of showing zeros
 * silently. Also names the metrics whose tables are absent. Used by the filter chips and the CLI.
 */
import type { DatasetInfo } from '../engine/api.ts';
import type { Lang } from '../format.ts';
import type { MetricDefinition } from '../metrics/define.ts';
import type { MetricParams } from '../metrics/params.ts';
import type { TableName } from '../schema.ts';

export type FilterKind = 'stores' | 'channels' | 'tiers';

export interface FilterWarning {
  filter: FilterKind;
  value: string;
  /** no_column: the data has no values for this filter at all; unknown_value: never this value. */
  reason: 'no_column' | 'unknown_value';
}

type Known = Pick<DatasetInfo, 'stores' | 'channels' | 'tiers'>;

const KINDS: readonly FilterKind[] = ['stores', 'channels', 'tiers'];

export function filterWarnings(p: Pick<MetricParams, FilterKind>, data: Known): FilterWarning[] {
  const out: FilterWarning[] = [];
  for (const filter of KINDS) {
    const known = new Set(data[filter]);
    for (const value of p[filter] ?? []) {
      if (known.has(value)) continue;
      out.push({ filter, value, reason: known.size === 0 ? 'no_column' : 'unknown_value' });
    }
  }
  return out;
}

/** The tables a metric needs that hold no rows, or [] when it can be computed. */
export function missingTables(metric: Pick<MetricDefinition, 'needs'>, tables: Record<TableName, number>): TableName[] {
  return metric.needs.filter((t) => !(tables[t] > 0));
}

const NAMES: Record<FilterKind, Record<Lang, string>> = {
  stores: { zh: '门店', en: 'store' },
  channels: { zh: '渠道', en: 'channel' },
  tiers: { zh: '会员等级', en: 'member tier' },
};

const SOURCE: Record<FilterKind, Record<Lang, string>> = {
  stores: { zh: '订单', en: 'orders' },
  channels: { zh: '订单', en: 'orders' },
  tiers: { zh: '会员', en: 'members' },
};

/** One sentence in one language, for the chip's notice and the CLI's warnings. */
export function filterWarningText(w: FilterWarning, lang: Lang): string {
  const name = NAMES[w.filter][lang];
  const source = SOURCE[w.filter][lang];
  if (lang === 'zh') {
    return w.reason === 'no_column'
      ? `数据中没有${name}信息（${source}表无此列或全为空）：“${w.value}”筛选不匹配任何记录，结果为 0 并非真实业绩`
      : `数据中没有${name}为“${w.value}”的记录：此筛选不匹配任何记录，结果为 0`;
  }
  return w.reason === 'no_column'
    ? `The data has no ${name} (no such column in ${source}, or it is empty): the filter "${w.value}" matches nothing, so the zeros are not real results`
    : `No ${source} with ${name} "${w.value}": the filter matches nothing, so the results are 0`;
}
