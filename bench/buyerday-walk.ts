/**
 * Session 17 (buyerday): walk the command line's report statement by statement under a memory limit, going on past a
 * failure (the real report stops at the first), to list every statement that fails and its error.
 *   npx tsx bench/buyerday-walk.ts <orders.csv> [--limit 100MB] [--load-limit 100MB] [--from D --to D] [--only id,id]
 * The load runs at --load-limit (default: --limit), then `SET memory_limit` to --limit; the shared tables (shared-sql.ts)
 * are built as the report builds them; each metric then runs as the report runs it (scalars and the per-member tables
 * through the engine, the other tables streamed in 10,000-row pieces and dropped). One line per statement: seconds,
 * process CPU, RSS, ok / FAILED and the error's first line.
 */
import { parseArgs } from 'node:util';
import { rmSync } from 'node:fs';
import { openCliEngine } from '../scripts/cli/open-engine.ts';
import { loadFiles } from '../scripts/cli/load-files.ts';
import { DRIVEN_BY } from '../scripts/cli/main.ts';
import { sharedSnapshots } from '../scripts/cli/shared-sql.ts';
import { METRICS } from '../src/lib/metrics/index.ts';
import type { MetricParams } from '../src/lib/metrics/params.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    limit: { type: 'string', default: '100MB' },
    'load-limit': { type: 'string' },
    from: { type: 'string', default: '2025-10-03' },
    to: { type: 'string', default: '2025-12-31' },
    only: { type: 'string' },
    'temp-dir': { type: 'string', default: '/tmp/buyerday-spill' },
  },
});
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const stamp = () => {
  const c = process.cpuUsage(cpu0);
  return `${((performance.now() - t0) / 1000).toFixed(1)} s cpu ${((c.user + c.system) / 1e6).toFixed(1)} s rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`;
};
const limit = values.limit!;
const { driver, engine, spillDirectory } = await openCliEngine(positionals, { memoryLimit: values['load-limit'] ?? limit, tempDirectory: values['temp-dir'] });
const step = async (name: string, f: () => Promise<unknown>) => {
  const s0 = performance.now();
  try {
    await f();
    console.log(`${stamp()}  ok ${((performance.now() - s0) / 1000).toFixed(2)} s  ${name}`);
  } catch (e) {
    console.log(`${stamp()}  FAILED ${((performance.now() - s0) / 1000).toFixed(2)} s  ${name}: ${(e as Error).message.split('\n')[0]}`);
  }
};
try {
  await step('load', () => loadFiles(engine, positionals, { facts: true }));
  if (values['load-limit'] && values['load-limit'] !== limit) await driver.query({ text: `SET memory_limit = '${limit}'`, params: [] }); // refused: settings are locked (drivers/driver.ts)
  const params: MetricParams = { from: values.from!, to: values.to!, repurchaseBasis: 'days', countZeroAmount: false };
  const { tables } = await engine.dataset();
  const computed = METRICS.filter((m) => !(DRIVEN_BY[m.id] && !(tables[DRIVEN_BY[m.id]] > 0)));
  for (const f of sharedSnapshots(computed, params)) await step(`share ${f.text.replace(/\s+/g, ' ').slice(0, 80)}`, () => driver.share(f));
  const only = values.only?.split(',');
  for (const m of computed) {
    if (only && !only.includes(m.id)) continue;
    await step(m.id, async () => {
      if (m.shape === 'scalar' || ['campaign_member_outcomes', 'did_member_outcomes', 'community_member_outcomes'].includes(m.id)) await engine.runMetric(m.id, params);
      else for await (const rows of driver.queryChunks(m.sql(params), 10_000)) void rows;
    });
  }
} finally {
  driver.close();
  rmSync(spillDirectory, { recursive: true, force: true });
}
