/** The metric catalogue: every number the dashboard shows is defined exactly once, here. */
import type { MetricDefinition } from './define.ts';
import { repurchaseRate } from './repurchase.ts';
import { aov, buyers, orders, sales } from './sales.ts';
import { monthlyTrend } from './trend.ts';

export const METRICS: readonly MetricDefinition[] = [sales, orders, buyers, repurchaseRate, aov, monthlyTrend];

const byId = new Map(METRICS.map((m) => [m.id, m]));
if (byId.size !== METRICS.length) throw new Error('duplicate metric id in the catalogue');

export function getMetric(id: string): MetricDefinition | undefined {
  return byId.get(id);
}

/** The first view's KPI strip, in display order. */
export const KPI_STRIP = ['sales', 'orders', 'buyers', 'repurchase_rate', 'aov'] as const;

export type { MetricDefinition, MetricUnit, Localized } from './define.ts';
export type { MetricParams } from './params.ts';
