// The scale bench's other forms of the synthetic export (bench/synthetic-formats.ts) hold the same rows:
// GBK decodes back to the UTF-8 text (even with characters split across read chunks), the gzip
// inflates to it, and the 12 parts concatenated without their repeated headers are it.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { writeGbk, writeGzip, writeParts } from '../../../bench/synthetic-formats.ts';
import { syntheticOrdersText } from '../../../bench/synthetic-orders.ts';

const dir = mkdtempSync(join(tmpdir(), 'synthetic-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ROWS = 30_000; // ~1.7 MB: more than one 64 KB read chunk, so chunk boundaries fall inside 门店 names
const text = syntheticOrdersText(ROWS);
const csv = join(dir, 'orders.csv');
writeFileSync(csv, text);

describe('synthetic export formats', () => {
  it('GBK decodes back to the same text', async () => {
    const gbk = readFileSync(await writeGbk(csv));
    expect(gbk.length).toBeLessThan(Buffer.byteLength(text)); // two bytes a Chinese character instead of three: really GBK
    expect(new TextDecoder('gbk').decode(gbk)).toBe(text);
  });

  it('.csv.gz inflates to the same text', async () => {
    expect(gunzipSync(readFileSync(await writeGzip(csv))).toString('utf8')).toBe(text);
  });

  it('12 parts, each with the header, are the rows in order', async () => {
    const parts = await writeParts(csv, ROWS);
    const files = readdirSync(parts).sort();
    expect(files).toHaveLength(12);
    const [header] = text.split('\n', 1);
    const bodies = files.map((f) => {
      const t = readFileSync(join(parts, f), 'utf8');
      expect(t.startsWith(`${header}\n`)).toBe(true);
      return t.slice(header.length + 1);
    });
    expect(`${header}\n${bodies.join('')}`).toBe(text);
  });
});
