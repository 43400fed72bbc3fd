/** docs/metrics.md as text, rendered from the catalogue (scripts/gen-metrics-doc.ts writes it; a test compares). */
import type { MetricDefinition } from './define.ts';

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** Markdown for the catalogue: an index table, then one section per metric. */
export function renderMetricsDoc(metrics: readonly MetricDefinition[]): string {
  const out: string[] = [
    '# Metric catalogue 指标目录',
    '',
    '<!-- Generated from src/lib/metrics by `npx tsx scripts/gen-metrics-doc.ts`. Do not edit by hand. -->',
    '',
    'Periods are half-open `[from, to)`; snapshot metrics are taken at the end of `asOf` (default: the period’s last day).',
    'A purchase is an order with a positive amount that is not a refund (switch `countZeroAmount`, 口径 “金额为 0 的订单也算消费”, CLI `--count-zero-amount`: amount ≥ 0); buyers are members with a purchase.',
    'Month-by-month metrics clip every calendar month to the period, at both ends alike, so the months add up to the period total.',
    'Filters (stores, channels, tiers, membership) apply to orders unless a metric says otherwise.',
    'Money is summed exactly, in whole 1/10,000 yuan (an amount with a fifth decimal counts rounded to four, half away from zero), so a sum does not depend on the row order, the threads or the engine; each result is the double nearest the exact value.',
    '',
    '| id | 中文 | English | unit | shape |',
    '|---|---|---|---|---|',
    ...metrics.map((m) => `| [\`${m.id}\`](#${m.id}) | ${cell(m.label.zh)} | ${cell(m.label.en)} | ${m.unit} | ${m.shape} |`),
    '',
  ];
  for (const m of metrics) {
    out.push(`## ${m.id}`, '', `**${m.label.zh}** · ${m.label.en}`, '');
    out.push(`- 口径：${m.formula.zh}`, `- Formula: ${m.formula.en}`);
    out.push(`- Unit: ${m.unit} · shape: ${m.shape}${m.columns ? ` (columns: ${m.columns.map((c) => `\`${c}\``).join(', ')})` : ' (column `value`)'}`);
    out.push(`- Needs: ${m.needs.map((t) => `\`${t}\``).join(', ')} · ${m.higherIsBetter === false ? 'lower is better' : 'higher is better'}`);
    for (const v of m.variants ?? []) out.push(`- Variant \`${v.param}\`: ${v.options.map((o) => `\`${o}\``).join(' / ')} (default \`${v.default}\`)`);
    if (m.notes) out.push('', m.notes.zh, '', m.notes.en);
    out.push('');
  }
  return out.join('\n');
}
