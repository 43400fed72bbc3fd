/**
 * `store-compass` — the same metric definitions on native DuckDB, for data that outgrows a tab.
 *   store-compass report FILE... --from YYYY-MM-DD --to YYYY-MM-DD [--store S] [--channel C] [--basis days|orders] [--lifecycle a,b,c]
 *   store-compass fit FILE... --calibration-end YYYY-MM-DD --unit week|day [--holdout-end YYYY-MM-DD] [--count-zero-amount]
 */
import { parseArgs } from 'node:util';
import { tmpdir } from 'node:os';
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import { isEngineError } from '../../src/lib/engine/errors.ts';
import { METRICS } from '../../src/lib/metrics/index.ts';
import type { MetricParams } from '../../src/lib/metrics/params.ts';
import { openNativeDriver } from '../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../workers/engine.ts';
import { runFit } from './fit.ts';
import { loadFiles, summariseReport } from './load-files.ts';

const USAGE = `usage:
  store-compass report FILE... --from YYYY-MM-DD --to YYYY-MM-DD [--store NAME]... [--channel online|offline]
                [--basis days|orders] [--lifecycle 90,180,365]
  store-compass fit FILE... --calibration-end YYYY-MM-DD --unit week|day [--holdout-end YYYY-MM-DD] [--count-zero-amount]`;

class UsageError extends Error {}

/** Every catalogue metric for the period: scalars as numbers, table metrics as arrays of rows. */
async function report(engine: Engine, params: MetricParams): Promise<Record<string, unknown>> {
  const metrics: Record<string, unknown> = {};
  for (const metric of METRICS) {
    const rows = ipcToRows(await engine.runMetric(metric.id, params));
    metrics[metric.id] = metric.shape === 'scalar' ? (rows[0]?.value ?? null) : rows;
  }
  return metrics;
}

export async function main(argv: string[]): Promise<object> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      store: { type: 'string', multiple: true },
      channel: { type: 'string', multiple: true },
      basis: { type: 'string', default: 'days' },
      lifecycle: { type: 'string' },
      'calibration-end': { type: 'string' },
      'holdout-end': { type: 'string' },
      unit: { type: 'string', default: 'week' },
      'count-zero-amount': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...files] = positionals;
  if (values.help || !command) throw new UsageError(USAGE);
  if (files.length === 0) throw new UsageError(`no input files\n${USAGE}`);

  const driver = await openNativeDriver();
  try {
    // Native DuckDB spills to disk past its memory limit: this is the out-of-core path.
    await driver.exec(`SET temp_directory = '${tmpdir().replaceAll("'", "''")}/store-compass-spill'`);
    const engine = await createEngine(driver);
    const imports = (await loadFiles(engine, files)).map(summariseReport);
    if (command === 'report') {
      if (!values.from || !values.to) throw new UsageError(`report needs --from and --to\n${USAGE}`);
      if (values.basis !== 'days' && values.basis !== 'orders') throw new UsageError(`--basis must be days or orders\n${USAGE}`);
      const params: MetricParams = { from: values.from, to: values.to, stores: values.store, channels: values.channel, repurchaseBasis: values.basis };
      if (values.lifecycle) {
        const [active, atRisk, dormant] = values.lifecycle.split(',').map(Number);
        if (!(active > 0 && atRisk > active && dormant > atRisk)) throw new UsageError(`--lifecycle needs three increasing day counts, e.g. 90,180,365\n${USAGE}`);
        params.lifecycle = { active, atRisk, dormant };
      }
      return { command, period: { from: values.from, to: values.to }, imports, metrics: await report(engine, params) };
    }
    if (command === 'fit') {
      const calibrationEnd = values['calibration-end'];
      const unit = values.unit;
      if (!calibrationEnd) throw new UsageError(`fit needs --calibration-end\n${USAGE}`);
      if (unit !== 'week' && unit !== 'day') throw new UsageError(`--unit must be week or day\n${USAGE}`);
      return { command, imports, ...(await runFit(engine, { calibrationEnd, unit, holdoutEnd: values['holdout-end'], includeZeroAmount: values['count-zero-amount'] })) };
    }
    throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  } finally {
    driver.close();
  }
}

/** Entry: prints JSON on stdout, errors on stderr with a non-zero exit code. */
export async function run(argv: string[]): Promise<void> {
  try {
    const result = await main(argv);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 2;
    } else {
      const detail = isEngineError(e) && e.detail ? `\n${e.detail}` : '';
      process.stderr.write(`store-compass: ${e instanceof Error ? e.message : String(e)}${detail}\n`);
      process.exitCode = 1;
    }
  }
}
