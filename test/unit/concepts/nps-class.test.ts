// NPS classes have one home: the cut-offs classify 0–10 as Reichheld does (hand-checked), the
// aggregate gives the textbook NPS, and no metric or list re-types the 9/6 cut-offs.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { npsAggregate, npsClassOf } from '../../../src/lib/concepts/nps-class.ts';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { sql } from '../../../src/lib/sql.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';

describe('NPS classes', () => {
  it('0–6 detractor, 7–8 passive, 9–10 promoter; NPS of {10, 9, 8, 3} = 100 × (2 − 1) / 4 = 25', async () => {
    const driver = await openNativeDriver();
    try {
      const classes = ipcToRows(await driver.query(sql`SELECT score, ${npsClassOf()} AS c FROM range(0, 11) t(score) ORDER BY score`)).map((r) => r.c);
      expect(classes).toEqual(['detractor', 'detractor', 'detractor', 'detractor', 'detractor', 'detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
      const [row] = ipcToRows(await driver.query(sql`SELECT ${npsAggregate()} AS nps FROM (VALUES (10), (9), (8), (3)) t(score)`));
      expect(row.nps).toBe(25);
    } finally {
      driver.close();
    }
  });
  it('no metric or member list writes the cut-offs itself', () => {
    for (const dir of ['src/lib/metrics', 'src/lib/members']) {
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
        expect(readFileSync(`${dir}/${f}`, 'utf8'), `${dir}/${f}`).not.toMatch(/score (>= 9|<= 6|> 6)/);
      }
    }
  });
});
