/**
 * The benefits, campaigns and communities tables of the demo, from their own random stream (seed-derived)
 * so that adding them left every other demo table byte-identical.
 */
import { CanonicalCsvWriter, type CanonicalValue } from '../canonical-csv.ts';
import type { OrderBuffer } from './buffers.ts';
import type { Calendar } from './calendar.ts';
import { benefitRows, campaignRows, generateContacts, purchaseCents, purchaseTimes } from './campaigns.ts';
import { communityRows } from './communities.ts';
import type { Members } from './members.ts';
import { createRng } from '../../src/lib/rng.ts';

/** Mixed into the demo seed for the marketing stream. */
const STREAM = 0x6b3a_11ce;

const csv = (table: 'benefits' | 'campaigns' | 'communities', rows: CanonicalValue[][]): string => {
  const w = new CanonicalCsvWriter(table);
  for (const r of rows) w.push(r);
  return w.toString();
};

export function generateMarketing(seed: number, cal: Calendar, members: Members, purchases: OrderBuffer): { benefits: string; campaigns: string; communities: string } {
  const rng = createRng(seed ^ STREAM);
  const times = purchaseTimes(members, purchases);
  const contacts = generateContacts(rng, members, times, purchaseCents(members, purchases));
  return {
    campaigns: csv('campaigns', campaignRows(cal, members, contacts)),
    benefits: csv('benefits', benefitRows(rng, cal, members, times, contacts)),
    communities: csv('communities', communityRows(rng, members, times)),
  };
}
