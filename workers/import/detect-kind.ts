/** Table kind detection and column mapping from a file's headers, scored against synonyms.ts. */
import type { ColumnMapping, ImportKind } from '../../src/lib/engine/import-types.ts';
import { KIND_FIELDS } from '../../src/lib/import/kind-fields.ts';
import { SYNONYM_KEYS } from './synonyms.ts';
import { headerKey } from './text.ts';

export interface KindMatch {
  kind: ImportKind;
  mapping: ColumnMapping;
  score: number;
  /** Every required field (other than a synthesizable one) is mapped. */
  complete: boolean;
}

const CJK = /[\u3400-\u9fff]/;

/** How well one header key matches a synonym list: 1 exact (best first), 0.5 contains, 0 none. */
function matchStrength(key: string, synonyms: readonly string[]): number {
  const exact = synonyms.indexOf(key);
  if (exact >= 0) return 1 - exact * 0.001;
  for (const syn of synonyms) {
    const long = CJK.test(syn) ? syn.length >= 3 : syn.length >= 5;
    if (long && key.includes(syn)) return 0.5 + syn.length * 0.001;
  }
  return 0;
}

/** Best mapping of headers onto one kind's fields: strongest (field, header) pairs claimed first. */
export function mapColumns(kind: ImportKind, headers: readonly string[]): KindMatch {
  const keys = headers.map(headerKey);
  const specs = KIND_FIELDS[kind];
  const pairs: { field: number; header: number; s: number }[] = [];
  specs.forEach((spec, f) => {
    const syns = SYNONYM_KEYS[kind].get(spec.field)!;
    keys.forEach((key, h) => {
      const s = key ? matchStrength(key, syns) : 0;
      if (s > 0) pairs.push({ field: f, header: h, s });
    });
  });
  // Stable tie-break: earlier header, then earlier field.
  pairs.sort((a, b) => b.s - a.s || a.header - b.header || a.field - b.field);
  const fieldTaken = new Array<number>(specs.length).fill(-1);
  const headerTaken = new Set<number>();
  const strength = new Array<number>(specs.length).fill(0);
  for (const p of pairs) {
    if (fieldTaken[p.field] >= 0 || headerTaken.has(p.header)) continue;
    fieldTaken[p.field] = p.header;
    headerTaken.add(p.header);
    strength[p.field] = p.s;
  }
  // A required field may share a header already used by an optional one (手机号 as member id) —
  // never one a required field holds (order_time is not also the order id), and a field we can
  // synthesize (order id from the row number) is better synthesized than guessed.
  const requiredHeaders = new Set(specs.flatMap((spec, f) => (spec.required && fieldTaken[f] >= 0 ? [fieldTaken[f]] : [])));
  specs.forEach((spec, f) => {
    if (!spec.required || spec.synthesized || fieldTaken[f] >= 0) return;
    const p = pairs.find((q) => q.field === f && !requiredHeaders.has(q.header));
    if (p) {
      fieldTaken[f] = p.header;
      strength[f] = p.s;
    }
  });
  const mapping: ColumnMapping = {};
  let score = 0;
  let complete = true;
  specs.forEach((spec, f) => {
    mapping[spec.field] = fieldTaken[f] >= 0 ? headers[fieldTaken[f]] : null;
    score += strength[f] * (spec.weight ?? (spec.required ? 2 : 1));
    if (spec.required && !spec.synthesized && fieldTaken[f] < 0) complete = false;
  });
  return { kind, mapping, score, complete };
}

/** Kinds that must agree with a mapping supplied by the caller (only known fields are kept). */
export function completeMapping(kind: ImportKind, mapping: ColumnMapping): boolean {
  return KIND_FIELDS[kind].every((s) => !s.required || s.synthesized || !!mapping[s.field]);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Scores every kind on the headers; the best complete kind wins. Incomplete kinds score a
 * quarter so the UI can still show "almost". When line items are complete, an order id that
 * repeats in the sample adds 2 to line items; unique ids with an amount column add 2 to orders.
 */
export function detectKind(headers: readonly string[], sample: readonly string[][]): { kind: ImportKind | null; scores: Record<string, number>; matches: KindMatch[] } {
  const matches = (Object.keys(KIND_FIELDS) as ImportKind[]).map((k) => mapColumns(k, headers));
  const lineItems = matches.find((m) => m.kind === 'line_items')!;
  if (lineItems.complete) {
    const idCol = headers.indexOf(lineItems.mapping.order_id!);
    const ids = sample.map((r) => r[idCol]).filter(Boolean);
    const repeats = new Set(ids).size < ids.length;
    const orders = matches.find((m) => m.kind === 'orders')!;
    if (repeats) lineItems.score += 2;
    else if (orders.complete && orders.mapping.amount) orders.score += 2;
  }
  const scores: Record<string, number> = {};
  for (const m of matches) scores[m.kind] = round2(m.complete ? m.score : m.score / 4);
  const best = matches.filter((m) => m.complete && m.score > 0).sort((a, b) => b.score - a.score)[0];
  return { kind: best?.kind ?? null, scores, matches };
}
