// Reads the CDNOW files in place (../shared/data/cdnow, see its README) for the model tests.
import { SHARED_DATA } from '../../shared-data.ts';
import { readFileSync } from 'node:fs';
import { CanonicalCsvWriter } from '../../../workers/canonical-csv.ts';

export const CDNOW_DIR = `${SHARED_DATA}cdnow/`;

export interface CdnowSample {
  /** Canonical orders CSV: member_id = master_id, order_id = line number, amount = dollars, item_count = cds. */
  ordersCsv: string;
  /** master_id → the sample ID used by the summary files. */
  sampleId: Map<string, number>;
}

/** CDNOW_sample.txt (no header: `master_id sample_id YYYYMMDD cds dollars`) as canonical orders. */
export function loadCdnowSample(): CdnowSample {
  const lines = readFileSync(`${CDNOW_DIR}CDNOW_sample.txt`, 'utf8').split('\n');
  const writer = new CanonicalCsvWriter('orders');
  const sampleId = new Map<string, number>();
  lines.forEach((line, i) => {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) return;
    const [master, sample, date, cds, dollars] = f;
    sampleId.set(master, Number(sample));
    const time = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)} 00:00:00`;
    writer.push([String(i + 1), time, master, null, null, Number(dollars), Number(cds), null, null, false]);
  });
  return { ordersCsv: writer.toString(), sampleId };
}

/** A summary CSV (header row, numeric columns) keyed by its first column, ID. */
export function readSummaryCsv(file: string): Map<number, Record<string, number>> {
  const [header, ...rows] = readFileSync(`${CDNOW_DIR}${file}`, 'utf8').trim().split('\n');
  const names = header.trim().split(',');
  return new Map(
    rows.map((line) => {
      const values = line.trim().split(',').map(Number);
      return [values[0], Object.fromEntries(names.map((n, i) => [n, values[i]]))];
    }),
  );
}
