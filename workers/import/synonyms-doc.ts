/**
 * The synonym tables of docs/data-format.md, generated from synonyms.ts so the doc cannot drift
 * (test/unit/import/docs.test.ts checks the doc contains exactly this text).
 */
import { TABLES } from '../../src/lib/schema.ts';
import { KIND_FIELDS } from '../../src/lib/import/kind-fields.ts';
import type { ImportKind } from '../../src/lib/engine/import-types.ts';

const typeOf = (kind: ImportKind, field: string): string => {
  if (kind === 'line_items') return field === 'quantity' || field === 'unit_price' ? 'DOUBLE' : (TABLES.orders.find((c) => c.name === field)?.type ?? 'DOUBLE');
  return TABLES[kind].find((c) => c.name === field)?.type ?? '';
};

/** Markdown: one table per import kind (field, type, required, accepted headers). */
export function synonymTablesMarkdown(): string {
  const out: string[] = [];
  for (const [kind, fields] of Object.entries(KIND_FIELDS) as [ImportKind, (typeof KIND_FIELDS)[ImportKind]][]) {
    out.push(`### ${kind}`, '', '| field 字段 | type 类型 | required 必填 | accepted headers 可识别的表头 |', '|---|---|---|---|');
    for (const f of fields) {
      const req = f.required ? (f.synthesized ? 'yes (generated if absent 缺失时按行号生成)' : 'yes 是') : '';
      out.push(`| \`${f.field}\` | ${typeOf(kind, f.field)} | ${req} | ${f.synonyms.join(', ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
