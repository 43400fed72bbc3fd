/**
 * The benefits, campaigns and communities tables of the demo, from their own random streams (seed-derived)
 * so that adding them left every other demo table byte-identical.
 */
import { CanonicalCsvWriter, type CanonicalValue } from '../canonical-csv.ts';
import type { OrderBuffer } from './buffers.ts';
import type { Calendar } from './calendar.ts';
import { benefitRows, campaignRows, generateContacts, purchaseCents, purchaseTimes, type Streams } from './campaigns.ts';
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

/** FNV-1a of a stream label (UTF-16 code units), to derive one seed per part. */
function labelHash(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** One stream per label (the seed mixed with STREAM and the label), so each part draws independently of the others. */
export const marketingStreams =
  (seed: number): Streams =>
  (label) =>
    createRng((seed ^ STREAM ^ labelHash(label)) >>> 0);

export function generateMarketing(seed: number, cal: Calendar, members: Members, purchases: OrderBuffer): { benefits: string; campaigns: string; communities: string } {
  const streams = marketingStreams(seed);
  const times = purchaseTimes(members, purchases);
  const contacts = generateContacts(streams, members, times, purchaseCents(members, purchases));
  return {
    campaigns: csv('campaigns', campaignRows(cal, members, contacts)),
    benefits: csv('benefits', benefitRows(streams, cal, members, times, contacts)),
    communities: csv('communities', communityRows(streams('communities'), members, times)),
  };
}
