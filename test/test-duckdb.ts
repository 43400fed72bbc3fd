/**
 * Native DuckDB options for test engines on fixtures and the demo: one thread. Tests run two files
 * at a time on a 2-core machine (and CI overlaps unit and browser tests), so DuckDB's default of a
 * thread per core only adds scheduling: one thread ran a demo catalogue on ~36% less CPU (5.9 s
 * against 9.2 s) and a fixture catalogue on ~26% less, at the same wall time on a busy machine.
 * Tests of threading itself, spilling or the CLI's own choice pass their own options.
 */
import type { NativeDriverOptions } from '../workers/drivers/native.ts';

export const TEST_DUCKDB: NativeDriverOptions = { threads: 1 };
