// Writes docs/metrics.md from the metric catalogue: `npx tsx scripts/gen-metrics-doc.ts`.
import { writeFileSync } from 'node:fs';
import { renderMetricsDoc } from '../src/lib/metrics/doc.ts';
import { renderFitRulesDoc } from '../src/lib/models/fit-rules.ts';
import { METRICS } from '../src/lib/metrics/index.ts';

const path = new URL('../docs/metrics.md', import.meta.url);
writeFileSync(path, `${renderMetricsDoc(METRICS)}\n${renderFitRulesDoc()}`);
console.log(`wrote ${path.pathname} (${METRICS.length} metrics)`);
