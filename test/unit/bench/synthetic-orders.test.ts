// The scale bench's synthetic exports: sizes parse as written, the file on disk is exactly the
// in-memory text (deterministic, written in chunks), and the import pipeline reads it with the
// planned rejections: 100,000 data rows → row 100,000 (line 100,001, amount "N/A") rejected,
// 99,999 loaded (rows read = 100,000 = 99,999 + 1).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADER, parseSize, rejectedRowsOf, sizeLabel, syntheticOrdersText, writeSyntheticOrders } from '../../../bench/synthetic-orders.ts';
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

  it('imports with exactly the planned rejection (line 100,001, 实付金额 N/A)', async () => {
    const bytes = new TextEncoder().encode(syntheticOrdersText(100_000));
    const { report } = await importFile({ name: 'orders-100k.csv', bytes });
    expect(rejectedRowsOf(100_000)).toBe(1);
    expect([report.rowsRead, report.rowsLoaded, report.rowsRejected]).toEqual([100_000, 99_999, 1]);
    expect(report.rejected[0]).toMatchObject({ row: 100_001, column: '实付金额', value: 'N/A' });
    expect(report.kind).toBe('orders');
  }, 60_000);
});
