/**
 * Rows of a file that is already one canonical table (orders, members, surveys, points,
 * tier_changes, footfall) → canonical rows, with the per-kind rules: refunds and duplicate order
 * ids, tier/channel/gender labels, survey scale from the score range, point kinds from sign.
 */
import { CanonicalCsvWriter, type CanonicalValue } from '../canonical-csv.ts';
import { TABLES, type TableName } from '../../src/lib/schema.ts';
import { cellAt, columnIndexes, idText, parseAs, rangeReason, typeLabel, unreadableReason } from './fields.ts';
import { normaliseChannel, normaliseGender, normalisePointKind, normaliseScale, normaliseTier } from './labels.ts';
import type { RowLoop } from './row-loop.ts';
import type { ColumnMapping, KnownIds } from '../../src/lib/engine/import-types.ts';
import { VALUE_NORMALISERS } from './campaign-labels.ts';

export interface Converted {
  csv: string;
  outputRows: number;
  duplicateOrderIds: string[];
  tierMapping?: Record<string, string>;
  warnings: string[];
}

const TIER_FIELDS = new Set(['tier', 'from_tier', 'to_tier']);

/** Stem of a file name for generated order ids (`CDNOW_master.txt` → `CDNOW_master`). */
const stemOf = (file: string) => file.replace(/^.*[\\/]/, '').replace(/(\.[a-z0-9]+)+$/i, '');

export async function convertTable(loop: RowLoop, kind: TableName, headers: readonly string[], mapping: ColumnMapping, knownIds?: KnownIds): Promise<Converted> {
  const cols = TABLES[kind];
  const idx = columnIndexes(
    headers,
    mapping,
    cols.map((c) => c.name),
  );
  const header = (field: string) => mapping[field] ?? field;
  const warnings: string[] = [];
  const out: CanonicalValue[][] = [];
  // Null prototype: a label like `__proto__` or `constructor` is a key like any other.
  const tierMapping: Record<string, string> = Object.create(null);
  const firstLineOfId = new Map<string, number>();
  const duplicates = new Set<string>();
  let duplicateMembers = 0;
  const unknownChannels = new Map<string, number>();
  const synthId = kind === 'orders' && idx.order_id < 0;
  const stem = stemOf(loop.file);
  if (synthId) warnings.push('没有订单号列：按行号生成订单号 / no order id column: order ids generated from line numbers');
  const pos = Object.fromEntries(cols.map((c, j) => [c.name, j]));
  // Labels normalised per table (benefit type, contact channel, arm): raw → normalised and row counts, reported.
  const normalisers = VALUE_NORMALISERS[kind] ?? {};
  const labelMapping = new Map<string, Map<string, { to: string | null; n: number }>>();

  await loop.run((cells, i) => {
    const row: CanonicalValue[] = new Array(cols.length).fill(null);
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      let text = cellAt(cells, idx[c.name]);
      if (c.name === 'member_id' || c.name === 'order_id') text = idText(text);
      if (text !== '' && TIER_FIELDS.has(c.name)) text = tierMapping[text] ??= normaliseTier(text);
      if (text !== '' && c.name === 'gender') text = normaliseGender(text);
      if (text !== '' && c.name === 'channel' && kind === 'orders') {
        const ch = normaliseChannel(text);
        if (!ch) unknownChannels.set(text, (unknownChannels.get(text) ?? 0) + 1);
        text = ch ?? text;
      }
      if (text !== '' && normalisers[c.name]) {
        const seen = labelMapping.get(c.name) ?? labelMapping.set(c.name, new Map()).get(c.name)!;
        const hit = seen.get(text) ?? { to: normalisers[c.name](text), n: 0 };
        seen.set(text, { to: hit.to, n: hit.n + 1 });
        if (hit.to === null && c.name === 'arm') return (loop.reject(i, header(c.name), text, '分组无法识别为实验组或对照组 / group is neither treatment nor control'), false);
        text = hit.to ?? text;
      }
      let v = parseAs(c.type, text);
      const outOfRange = v === undefined ? null : rangeReason(c.type, v);
      if (outOfRange) return (loop.reject(i, header(c.name), text, outOfRange), false);
      if (v === undefined) {
        if (c.required) return (loop.reject(i, header(c.name), text, unreadableReason(c.type)), false);
        loop.unreadableValue(header(c.name), typeLabel(c.type));
        v = null;
      }
      if (v === null && c.required && !(synthId && c.name === 'order_id')) {
        return (loop.reject(i, header(c.name), '', `缺少必填值 / missing required value (${c.name})`), false);
      }
      row[j] = v;
    }
    return applyKindRules(kind, row, pos, cells, i) && checkDuplicate(row, i);
  });

  function applyKindRules(k: TableName, row: CanonicalValue[], p: Record<string, number>, cells: string[], i: number): boolean {
    if (k === 'orders') {
      if (synthId) row[p.order_id] = `${stem}-${loop.line(i)}`;
      const amount = row[p.amount] as number;
      // A negative amount is a refund; a row flagged as refund carries a negative amount.
      if (amount < 0) row[p.is_refund] = true;
      else if (row[p.is_refund] === true && amount > 0) row[p.amount] = -amount;
      else if (row[p.is_refund] === null) row[p.is_refund] = false;
    } else if (k === 'surveys') {
      const score = row[p.score] as number;
      if (score < 0 || score > 10) return (loop.reject(i, header('score'), cellAt(cells, idx.score), '评分超出 0–10 / score outside 0–10'), false);
      if (row[p.scale] !== null) row[p.scale] = normaliseScale(row[p.scale] as string) ?? row[p.scale];
    } else if (k === 'points') {
      const text = row[p.kind] as string | null;
      const pk = text === null ? null : normalisePointKind(text);
      row[p.kind] = pk ?? text ?? ((row[p.points] as number) < 0 ? 'redeem' : 'earn');
    } else if (k === 'footfall') {
      if ((row[p.visitors] as number) < 0) return (loop.reject(i, header('visitors'), cellAt(cells, idx.visitors), '客流为负 / negative visitors'), false);
    } else if (k === 'campaigns') {
      row[p.arm] ??= 'treatment'; // no group column or an empty cell: the member was contacted
    } else if (k === 'members') {
      if (row[p.birth_year] === null && row[p.birthday] !== null) row[p.birth_year] = Number((row[p.birthday] as string).slice(0, 4));
    }
    return true;
  }

  /** Orders and members are keyed by id: a repeated id is rejected, not merged. */
  function checkDuplicate(row: CanonicalValue[], i: number): boolean {
    if (kind !== 'orders' && kind !== 'members') return (out.push(row), true);
    const key = kind === 'orders' ? 'order_id' : 'member_id';
    const id = row[pos[key]] as string;
    const first = firstLineOfId.get(id);
    const earlier = knownIds?.[kind].get(id); // taken by another file of the same import
    if (first === undefined && earlier === undefined) {
      firstLineOfId.set(id, loop.line(i));
      knownIds?.[kind].set(id, { file: loop.file, row: loop.line(i) });
      out.push(row);
      return true;
    }
    if (kind === 'orders') duplicates.add(id);
    else duplicateMembers++;
    const what = kind === 'orders' ? '订单号' : '会员号';
    const reason =
      first !== undefined
        ? `重复的${what}（首次出现在第 ${first} 行）/ duplicate ${key} (first at row ${first})`
        : `重复的${what}（已在 ${earlier!.file} 第 ${earlier!.row} 行出现）/ duplicate ${key} (already in ${earlier!.file}, row ${earlier!.row})`;
    loop.reject(i, header(key), id, reason);
    return false;
  }

  if (kind === 'surveys') {
    // One scale per file, from the range of its scores: 1–5 is CSAT, anything using 0 or 6–10 is NPS.
    const scores = out.map((r) => r[pos.score] as number);
    const scale = scores.length > 0 && scores.every((s) => s >= 1 && s <= 5) ? 'csat' : 'nps';
    for (const r of out) if (r[pos.scale] === null) r[pos.scale] = scale;
    if (idx.scale < 0) warnings.push(`评分量表按分值范围判定为 ${scale} / score scale detected from the range: ${scale}`);
  }
  if (duplicateMembers > 0) warnings.push(`${duplicateMembers} 行会员号重复，已拒绝 / ${duplicateMembers} rows with a repeated member id were rejected`);
  for (const [label, n] of unknownChannels)
    warnings.push(`渠道「${label}」无法归为线上/线下（${n} 行），保留原值 / channel "${label}" is neither online nor offline (${n} rows), kept as is`);
  for (const [field, seen] of labelMapping) {
    for (const [raw, { to, n }] of seen) {
      if (to === null && field !== 'arm')
        warnings.push(`${header(field)}「${raw}」无法识别（${n} 行），保留原值 / ${header(field)} "${raw}" not recognised (${n} rows), kept as is`);
      else if (to !== raw) warnings.push(`${header(field)}「${raw}」→「${to}」（${n} 行）/ ${header(field)} "${raw}" → "${to}" (${n} rows)`);
    }
  }
  warnings.push(...loop.unreadableWarnings());

  const writer = new CanonicalCsvWriter(kind);
  for (const r of out) writer.push(r);
  const hasTiers = cols.some((c) => TIER_FIELDS.has(c.name));
  return { csv: writer.toString(), outputRows: writer.rowCount, duplicateOrderIds: [...duplicates], tierMapping: hasTiers ? tierMapping : undefined, warnings };
}
