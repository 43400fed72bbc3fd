/**
 * The table our product reads from a CSV file, before any kind detection or canonical mapping:
 * the same calls importFile makes (readSource: encoding + delimiter sniffing + parsing; the
 * header row from findHeaderRow; blank and summary rows skipped as RowLoop does) and each cell
 * as the converters see it (cellAt: by header position, trimmed, missing → '', extras unread).
 */
import { cellAt } from '../../workers/import/fields.ts';
import { findHeaderRow, headerNames, isBlankRow, isSummaryRow } from '../../workers/import/header.ts';
import { readSource } from '../../workers/import/source.ts';

/** File bytes → [header, ...data rows] as the import front-end sees them; throws as the product does. */
export async function loadWithProduct(name: string, bytes: Uint8Array): Promise<string[][]> {
  const raw = await readSource({ name, bytes });
  const headerIndex = raw.fixedHeader ? 0 : findHeaderRow(raw.rows);
  const header = headerNames(raw.rows[headerIndex] ?? []);
  const table = [header];
  for (let i = headerIndex + 1; i < raw.rows.length; i++) {
    const cells = raw.rows[i];
    if (isBlankRow(cells) || isSummaryRow(cells)) continue;
    table.push(header.map((_, j) => cellAt(cells, j)));
  }
  return table;
}
