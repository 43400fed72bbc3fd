/**
 * Peer: the five core metrics in Arquero 7, as a web developer would write them — fromCSV once,
 * then filter / groupby / rollup / join per metric, small JS where a table verb would be contrived.
 * Row-level expressions are `aq.escape`d closures (Arquero's string-parsed expressions do not
 * survive a bundler renaming `op`); aggregates are Arquero's own ops.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { LIFECYCLE_STAGES } from '../../src/lib/metrics/lifecycle.ts';
import type { MetricParams } from '../../src/lib/metrics/params.ts';
import { elevenGroup } from '../../src/lib/metrics/rfm-schemes.ts';
import { COLUMNS, daysBetween, monthIndex, peerDates, quintile, type FiveMetrics, type Peer } from './five-metrics.ts';

const { op, escape } = aq;

/** A table's rows as plain records. */
const rowsOf = (t: ColumnTable) => t.objects() as Record<string, unknown>[];

interface Order {
  order_id: string;
  member_id: string | null;
  order_date: string;
  month: string;
  amount: number;
  is_purchase: boolean;
  purchase: number;
}

/** Each row as an Order inside an escaped closure. */
const where = (f: (d: Order) => boolean) => escape(f as (d: unknown) => boolean);

export function arqueroPeer(): Peer {
  let orders: ColumnTable | undefined;
  return {
    name: 'arquero',
    async load(text) {
      orders = aq
        .fromCSV(text, { autoType: false })
        .rename(COLUMNS)
        // An amount that does not parse is a rejected row, as in our import; no refund column: a purchase is amount > 0.
        .derive({ amount: escape((d: { amount: string | null }) => (d.amount === null ? Number.NaN : Number(d.amount))) })
        .filter(escape((d: { amount: number }) => Number.isFinite(d.amount)))
        .derive({
          order_date: escape((d: { order_time: string }) => d.order_time.slice(0, 10)),
          month: escape((d: { order_time: string }) => d.order_time.slice(0, 7)),
          is_purchase: escape((d: { amount: number }) => d.amount > 0),
          purchase: escape((d: { amount: number }) => (d.amount > 0 ? 1 : 0)),
        })
        .select('order_id', 'member_id', 'order_date', 'month', 'amount', 'is_purchase', 'purchase')
        .reify();
      return { rows: orders.numRows() };
    },
    async compute(p) {
      if (!orders) throw new Error('arquero peer: load() first');
      return fiveMetrics(orders, p);
    },
    close() {
      orders = undefined;
    },
  };
}

function fiveMetrics(orders: ColumnTable, p: MetricParams): FiveMetrics {
  const t = peerDates(p);
  const inPeriod = orders.filter(where((d) => d.order_date >= t.from && d.order_date < t.to));
  const memberPurchases = (table: ColumnTable) => table.filter(where((d) => d.is_purchase && d.member_id !== null));

  // Monthly sales: all amounts (refunds included), purchase orders, distinct buying members; every month listed.
  const byMonth = new Map(rowsOf(inPeriod.groupby('month').rollup({ sales: op.sum('amount'), orders: op.sum('purchase') })).map((r) => [r.month as string, r]));
  const buyersByMonth = new Map(
    rowsOf(
      memberPurchases(inPeriod)
        .groupby('month')
        .rollup({ buyers: op.distinct('member_id') }),
    ).map((r) => [r.month as string, r.buyers as number]),
  );
  const monthly_trend = t.months.map((month) => ({
    month,
    sales: (byMonth.get(month)?.sales as number) ?? 0,
    orders: (byMonth.get(month)?.orders as number) ?? 0,
    buyers: buyersByMonth.get(month) ?? 0,
  }));

  // Repurchase rate: buying members with ≥ 2 purchase days ÷ buying members.
  const visits = memberPurchases(inPeriod)
    .groupby('member_id')
    .rollup({ visits: op.distinct('order_date') });
  const repurchasers = visits.filter(escape((d: { visits: number }) => d.visits >= 2)).numRows();
  const repurchase_rate = visits.numRows() ? repurchasers / visits.numRows() : null;

  // RFM over [end − 365 days, end): recency from the last purchase day, frequency = purchase days, monetary = net spend.
  const window = orders.filter(where((d) => d.member_id !== null && d.order_date >= t.rfmStart && d.order_date < t.end));
  const spend = window.groupby('member_id').rollup({ monetary: op.sum('amount') });
  const base = memberPurchases(window)
    .groupby('member_id')
    .rollup({ last: op.max('order_date'), frequency: op.distinct('order_date') })
    .join(spend, 'member_id')
    .derive({ recency: escape((d: { last: string }) => daysBetween(d.last, t.end)) });
  const n = base.numRows();
  const ranked = base
    .orderby(aq.desc('recency'))
    .derive({ r_rank: op.rank() })
    .orderby('frequency')
    .derive({ f_rank: op.rank() })
    .orderby('monetary')
    .derive({ m_rank: op.rank() })
    .orderby('member_id');
  const rfm_members = rowsOf(ranked).map((d) => {
    const [r, f, m] = [quintile(d.r_rank as number, n), quintile(d.f_rank as number, n), quintile(d.m_rank as number, n)];
    return {
      member_id: d.member_id as string,
      recency: d.recency as number,
      frequency: d.frequency as number,
      monetary: d.monetary as number,
      r,
      f,
      m,
      group: elevenGroup(r, f, m),
    };
  });

  // Cohorts: members whose first purchase ever (before `to`) is in the period, by its month; activity from `from` on.
  const history = orders.filter(where((d) => d.member_id !== null && d.order_date < t.to));
  const cohortMembers = memberPurchases(history)
    .groupby('member_id')
    .rollup({ first_date: op.min('order_date') })
    .filter(escape((d: { first_date: string }) => d.first_date >= t.from))
    .derive({ cohort: escape((d: { first_date: string }) => d.first_date.slice(0, 7)) });
  const activity = history
    .filter(where((d) => d.order_date >= t.from))
    .join(cohortMembers, 'member_id')
    .derive({ k: escape((d: { order_date: string; first_date: string }) => monthIndex(d.order_date) - monthIndex(d.first_date)) });
  const key = (cohort: unknown, k: unknown) => `${cohort}|${k}`;
  const revenue = new Map(rowsOf(activity.groupby('cohort', 'k').rollup({ revenue: op.sum('amount') })).map((r) => [key(r.cohort, r.k), r.revenue as number]));
  const active = new Map(
    rowsOf(
      activity
        .filter(escape((d: { is_purchase: boolean }) => d.is_purchase))
        .groupby('cohort', 'k')
        .rollup({ members: op.distinct('member_id') }),
    ).map((r) => [key(r.cohort, r.k), r.members as number]),
  );
  const cohort_retention: FiveMetrics['cohort_retention'] = [];
  for (const { cohort, size } of rowsOf(cohortMembers.groupby('cohort').rollup({ size: op.count() }).orderby('cohort')) as unknown as { cohort: string; size: number }[]) {
    for (let k = 0; k <= t.lastMonth - monthIndex(cohort); k++) {
      const members = active.get(key(cohort, k)) ?? 0;
      cohort_retention.push({ cohort, month_offset: k, cohort_size: size, members, retention: members / size, revenue: revenue.get(key(cohort, k)) ?? 0 });
    }
  }

  // Lifecycle at the snapshot end: new (first purchase within 90 days), else by days since the last purchase.
  const stageOf = (d: { first_date: string; last_date: string }) =>
    d.first_date >= t.activeSince
      ? 'new'
      : d.last_date >= t.activeSince
        ? 'active'
        : d.last_date >= t.atRiskSince
          ? 'at_risk'
          : d.last_date >= t.dormantSince
            ? 'dormant'
            : 'churned';
  const stageCounts = new Map(
    rowsOf(
      memberPurchases(orders.filter(where((d) => d.order_date < t.end)))
        .groupby('member_id')
        .rollup({ first_date: op.min('order_date'), last_date: op.max('order_date') })
        .derive({ stage: escape(stageOf) })
        .groupby('stage')
        .rollup({ members: op.count() }),
    ).map((r) => [r.stage as string, r.members as number]),
  );
  const total = [...stageCounts.values()].reduce((a, b) => a + b, 0);
  const lifecycle_stages = LIFECYCLE_STAGES.map((stage) => {
    const members = stageCounts.get(stage) ?? 0;
    return { stage, members, share: total ? members / total : null };
  });

  return { monthly_trend, repurchase_rate, rfm_members, cohort_retention, lifecycle_stages };
}
