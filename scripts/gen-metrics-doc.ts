// Writes docs/metrics.md from the metric catalogue: `npx tsx scripts/gen-metrics-doc.ts`.
import { writeFileSync } from 'node:fs';
import { metricsDocPage } from '../src/lib/metrics/doc-page.ts';
import { METRICS } from '../src/lib/metrics/index.ts';

const path = new URL('../docs/metrics.md', import.meta.url);
writeFileSync(path, metricsDocPage());
console.log(`wrote ${path.pathname} (${METRICS.length} metrics)`);
