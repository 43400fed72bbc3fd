// Session 17 (buyerday): a metric's statement at the 10M run's period with literal values, the member history read from table `mh` (as the report's shared table).
import { toDisplaySql } from '../src/lib/sql.ts';
import { substituteShared } from '../src/lib/metrics/shared-sql.ts';
import { memberHistory } from '../src/lib/metrics/history.ts';
import { METRICS } from '../src/lib/metrics/index.ts';
import type { MetricParams } from '../src/lib/metrics/params.ts';
const P: MetricParams = { from: '2025-10-03', to: '2025-12-31' };
const m = METRICS.find((x) => x.id === process.argv[2])!;
console.log(toDisplaySql(substituteShared(m.sql(P), [{ stmt: memberHistory(P, P.to), table: 'mh' }])));
