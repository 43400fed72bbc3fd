// docs/metrics.md must be the text generated from the catalogue.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderMetricsDoc } from '../../../src/lib/metrics/doc.ts';
import { metricsDocPage } from '../../../src/lib/metrics/doc-page.ts';
import { defineMetric } from '../../../src/lib/metrics/define.ts';
import { FIT_RULES } from '../../../src/lib/models/fit-rules.ts';
import { sql } from '../../../src/lib/sql.ts';

describe('docs/metrics.md', () => {
  it('equals the text generated from the catalogue', () => {
    const committed = readFileSync('docs/metrics.md', 'utf8');
    const generated = metricsDocPage();
    if (committed !== generated) {
      throw new Error('docs/metrics.md is out of date with src/lib/metrics: regenerate it with `npx tsx scripts/gen-metrics-doc.ts`');
    }
  });
  it('renders a metric section exactly: labels, both formulas, unit, needs, variants and notes (golden text)', () => {
    const demo = defineMetric({
      id: 'demo_rate',
      label: { zh: '示例率', en: 'Demo rate' },
      formula: { zh: '甲 ÷ 乙', en: 'a | b' },
      unit: 'ratio',
      shape: 'scalar',
      needs: ['orders'],
      higherIsBetter: false,
      variants: [{ param: 'repurchaseBasis', options: ['days', 'orders'], default: 'days' }],
      notes: { zh: '注释', en: 'Note' },
      sql: () => sql`SELECT 1 AS value`,
    });
    const text = renderMetricsDoc([demo]);
    expect(text).toContain('| [`demo_rate`](#demo_rate) | 示例率 | Demo rate | ratio | scalar |\n');
    expect(text.slice(text.indexOf('## demo_rate'))).toBe(
      [
        '## demo_rate',
        '',
        '**示例率** · Demo rate',
        '',
        '- 口径：甲 ÷ 乙',
        '- Formula: a | b',
        '- Unit: ratio · shape: scalar (column `value`)',
        '- Needs: `orders` · lower is better',
        '- Variant `repurchaseBasis`: `days` / `orders` (default `days`)',
        '',
        '注释',
        '',
        'Note',
        '',
      ].join('\n'),
    );
  });
  it('every month-by-month metric states the period-edge rule in docs/metrics.md', () => {
    const committed = readFileSync('docs/metrics.md', 'utf8');
    for (const id of ['monthly_trend', 'repurchase_trend', 'churn_trend', 'cohort_retention', 'satisfaction_trend', 'points_monthly', 'tier_changes_monthly']) {
      const start = committed.indexOf(`## ${id}\n`);
      const section = committed.slice(start, committed.indexOf('\n## ', start + 1));
      expect(start, id).toBeGreaterThan(0);
      expect(section, id).toContain('Months at the period edges');
      expect(section, id).toContain('月份与期间边界');
    }
  });
  it('states the model fit rules: what counts, how x, t_x and T are measured, how the holdout error is averaged, how the model is chosen', () => {
    const committed = readFileSync('docs/metrics.md', 'utf8');
    expect(FIT_RULES.map((r) => r.id)).toEqual(['purchase', 'summary', 'split', 'holdout_error', 'choice', 'uncertainty', 'predictions']);
    for (const r of FIT_RULES) {
      expect(committed).toContain(r.zh);
      expect(committed).toContain(r.en);
    }
    expect(committed).toMatch(/t_x = days from the first to the last purchase day; T = days from the first purchase day to the calibration end/);
    expect(committed).toMatch(/within 2 % of the actual holdout total/);
  });
});
