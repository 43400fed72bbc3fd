/**
 * The demo dataset: three stores, ~20,000 members and ~250,000 orders over the 24 months that
 * end on END_DATE, with a story a trainer can tell from monthly charts (see README.md).
 * Deterministic: one hand-written PRNG stream, a fixed calendar, no clock, no locale.
 */
import type { TableName } from '../../src/lib/schema.ts';
import { generateMarketing } from './benefits.ts';
import { LedgerBuffer, OrderBuffer } from './buffers.ts';
import { buildCalendar, END_DATE } from './calendar.ts';
import { generateFootfall } from './footfall.ts';
import { generateMemberOrders } from './member-orders.ts';
import { generateMembers } from './members.ts';
import { createRng } from '../../src/lib/rng.ts';
import { buildSeason } from './season.ts';
import { generateSurveys } from './surveys.ts';
import { generateTierChanges } from './tiers.ts';
import { generateWalkIns } from './walk-ins.ts';
import { writeOrders, writePoints, writeTierChanges } from './write-tables.ts';

/** Canonical CSV text of every table, the last day of data and the seed it came from. */
export interface DemoDataset {
  tables: Record<TableName, string>;
  endDate: string;
  seed: number;
}

/** Seed used when none is given: the demo everybody sees. */
export const DEFAULT_SEED = 20261031;

/** Generates the demo; the same seed always gives byte-identical tables. */
export function generateDemo(options: { seed?: number } = {}): DemoDataset {
  const seed = options.seed ?? DEFAULT_SEED;
  const rng = createRng(seed);
  const cal = buildCalendar();
  const season = buildSeason(cal);
  const members = generateMembers(rng, season);
  const purchases = new OrderBuffer(262_144);
  const refunds = new OrderBuffer(8_192);
  const ledger = new LedgerBuffer(262_144);
  const start = generateMemberOrders(rng, cal, season, members, purchases, refunds, ledger);
  generateWalkIns(rng, season, purchases.size, purchases, refunds);
  const changes = generateTierChanges(rng, members, purchases, start);
  return {
    seed,
    endDate: END_DATE,
    tables: {
      members: members.csv,
      orders: writeOrders(cal, members, purchases, refunds),
      surveys: generateSurveys(rng, cal, members, purchases, start),
      points: writePoints(cal, members, ledger),
      tier_changes: writeTierChanges(cal, members, changes),
      footfall: generateFootfall(rng, cal, purchases),
      ...generateMarketing(seed, cal, members, purchases),
    },
  };
}
