// docs/data-format.md documents every canonical field and carries the synonym tables generated from synonyms.ts.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { TABLES, TABLE_NAMES } from '../../../src/lib/schema.ts';
import { synonymTablesMarkdown } from '../../../workers/import/synonyms-doc.ts';

const doc = readFileSync('docs/data-format.md', 'utf8');

it('synonym tables in the doc are the generated ones', () => {
  const begin = doc.indexOf('-->', doc.indexOf('<!-- synonyms:begin')) + 4;
  const end = doc.indexOf('<!-- synonyms:end -->');
  expect(begin).toBeGreaterThan(4);
  expect(doc.slice(begin, end)).toBe(synonymTablesMarkdown());
});

it('every canonical table and field is documented', () => {
  for (const t of TABLE_NAMES) {
    const section = doc.slice(doc.indexOf(`### ${t} `), doc.indexOf('\n### ', doc.indexOf(`### ${t} `) + 4));
    expect(section.length).toBeGreaterThan(0);
    for (const c of TABLES[t]) expect(section).toContain(`| \`${c.name}\` | ${c.type}`);
  }
});
