// The scale bench's synthetic exports: sizes parse as written, the file on disk is exactly the
// in-memory text (deterministic, written in chunks), and the import pipeline reads it with the
// planned rejections: 100,000 data rows → row 100,000 (line 100,001, amount "N/A") rejected,
// 99,999 loaded (rows read = 100,000 = 99,999 + 1).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BAD_EVERY, HEADER, parseSize, rejectedRowsOf, sizeLabel, syntheticOrdersBytes, syntheticOrdersText, writeSyntheticOrders } from '../../../bench/synthetic-orders.ts';
import { importFile } from '../../../workers/import/index.ts';

describe('synthetic orders for the scale bench', () => {
  it('parses sizes (250k, 1m, 10M, plain) and labels them back', () => {
    expect([parseSize('250k'), parseSize('1m'), parseSize('10M'), parseSize('2500'), parseSize('1.5m')]).toEqual([250_000, 1_000_000, 10_000_000, 2_500, 1_500_000]);
    expect([sizeLabel(250_000), sizeLabel(1_000_000), sizeLabel(2_500)]).toEqual(['250k', '1m', '2500']);
    expect(() => parseSize('lots')).toThrow(/bad size/);
  });

  it('writes the same bytes as the in-memory text, deterministically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthetic-'));
    const text = syntheticOrdersText(30_000);
    expect(readFileSync(await writeSyntheticOrders(30_000, dir), 'utf8')).toBe(text);
    expect(syntheticOrdersText(30_000)).toBe(text);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(30_001);
    expect(lines.every((l) => l.split(',').length === 7)).toBe(true);
  });

  // Session 12 rewrote the writer (bytes straight into buffers, the PRNG jumped to any row): the files must stay the
  // bytes the string writer of session 11 made. Goldens: sha256 of that writer's output (commit dc1bb85), computed before the change.
  const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
  const GOLDEN: Record<number, string> = {
    20_000: 'd692172ae768ad9ef859f70b2d1488391b83dffdb43ffed21ea9a0987c72c473',
    // Crosses two "N/A" rows (100,000 and 200,000): each skips the amount draw, so every later row's draws shift.
    250_001: 'ae7e98dcdb5e6cd045859d49c7a719b00d23e7935a34c7526c92e437da9537e7',
  };

  it('writes the bytes of the session-11 writer, whatever the chunk size (goldens by hash)', async () => {
    for (const [rows, chunkRows] of [
      [20_000, 125_000], // one chunk
      [20_000, 7_777], // chunks ending mid-file, the last one short
      [250_001, 100_000], // a chunk ending exactly on an N/A row
      [250_001, 33],
    ]) {
      const dir = mkdtempSync(join(tmpdir(), 'synthetic-chunks-'));
      expect(sha(readFileSync(await writeSyntheticOrders(rows, dir, chunkRows))), `${rows} rows in chunks of ${chunkRows}`).toBe(GOLDEN[rows]);
    }
    expect(sha(syntheticOrdersText(20_000))).toBe(GOLDEN[20_000]);
  }, 60_000);

  it('generates any slice of rows on its own, equal to the same lines of the text', () => {
    const rows = 250_001;
    const lines = syntheticOrdersText(rows).split('\n');
    const slice = (from: number, to: number) => lines.slice(from, to + 1).join('\n') + '\n'; // line k = data row k
    for (const [from, to] of [
      [1, 1],
      [9, 12], // around the first walk-in (row 10)
      [BAD_EVERY - 2, BAD_EVERY + 2], // around the first N/A row
      [BAD_EVERY + 1, BAD_EVERY + 1], // the first row after it starts one draw earlier
      [2 * BAD_EVERY, 2 * BAD_EVERY],
      [rows - 5, rows],
    ])
      expect(syntheticOrdersBytes(rows, from, to).toString('utf8'), `rows ${from}–${to}`).toBe(slice(from, to));
  });

  it('at 100M: the first rows equal the text (9-digit order ids, 8-digit member ids of 20M members)', () => {
    const text = syntheticOrdersText(100_000_000, 3_000);
    expect(`${HEADER}\n${syntheticOrdersBytes(100_000_000, 1, 3_000).toString('utf8')}`).toBe(text);
    expect(text).toMatch(/\nO000000001,2025-\d\d-\d\d \d\d:\d\d:\d\d,M\d{8},/);
  });

  it('writes every amount as toFixed(2) does: (5 + k / 100).toFixed(2) for all k the draw gives', () => {
    const bad: number[] = [];
    for (let k = 0; k < 60_000; k++) {
      const cents = 500 + k;
      const expected = (5 + k / 100).toFixed(2);
      if (`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}` !== expected) bad.push(k);
    }
    expect(bad).toEqual([]);
  });

  it('imports with exactly the planned rejection (line 100,001, 实付金额 N/A)', async () => {
    const bytes = new TextEncoder().encode(syntheticOrdersText(100_000));
    const { report } = await importFile({ name: 'orders-100k.csv', bytes });
    expect(rejectedRowsOf(100_000)).toBe(1);
    expect([report.rowsRead, report.rowsLoaded, report.rowsRejected]).toEqual([100_000, 99_999, 1]);
    expect(report.rejected[0]).toMatchObject({ row: 100_001, column: '实付金额', value: 'N/A' });
    expect(report.kind).toBe('orders');
  }, 60_000);
});
