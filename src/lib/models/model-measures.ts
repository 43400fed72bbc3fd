/**
 * Numbers the customer-base model gives, defined once like the SQL catalogue's metrics: a stable
 * id (the tile's `data-metric-id`), label, unit and formula (rendered into docs/metrics.md), and
 * how it is computed from the members' P(alive) in scope. They are not SQL metrics because
 * P(alive) comes from the fitted model, not from a table.
 */
import { isLikelyGone, LIKELY_GONE_LABEL, LIKELY_GONE_P_ALIVE } from '../concepts/likely-gone.ts';
import { COLUMNS } from '../metrics/columns.ts';
import type { Localized, MetricUnit } from '../metrics/define.ts';

export interface ModelMeasure {
  readonly id: 'model_mean_p_alive' | 'model_likely_lost';
  readonly label: Localized;
  readonly unit: MetricUnit;
  readonly formula: Localized;
  /** From the P(alive) of every member in scope; null when there is none. */
  readonly compute: (pAlive: readonly number[]) => number | null;
}

export const MODEL_MEASURES: readonly ModelMeasure[] = [
  {
    id: 'model_mean_p_alive',
    label: COLUMNS.mean_p_alive.label,
    unit: 'ratio',
    formula: {
      zh: '筛选范围内有消费的会员的 P(alive)（所选模型，截至数据最后一天）的平均值',
      en: 'Mean of P(alive) (the chosen model, as of the data’s last day) over the members with a purchase within the filters',
    },
    compute: (p) => (p.length ? p.reduce((a, b) => a + b, 0) / p.length : null),
  },
  {
    id: 'model_likely_lost',
    label: LIKELY_GONE_LABEL,
    unit: 'count',
    formula: {
      zh: `筛选范围内 P(alive) < ${LIKELY_GONE_P_ALIVE} 的会员数`,
      en: `Members within the filters with P(alive) < ${LIKELY_GONE_P_ALIVE}`,
    },
    compute: (p) => p.filter(isLikelyGone).length,
  },
];

/** docs/metrics.md's section for the model measures. */
export function renderModelMeasuresDoc(): string {
  const out = ['# Model measures 模型指标', '', 'Shown on the churn and value panels’ model card; computed from the fitted model’s P(alive), not by SQL.', ''];
  for (const m of MODEL_MEASURES) out.push(`- **${m.id}** — ${m.label.zh} / ${m.label.en} (${m.unit}): ${m.formula.zh}`, `  ${m.formula.en}`);
  out.push('');
  return out.join('\n');
}
