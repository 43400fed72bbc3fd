/**
 * The member list as a call list (CSV/XLSX): who to call (name, phone, home store, tier, last
 * visit), why they are on the list and what to do, then the numbers behind it — money to the cent,
 * rates as numbers with a percent format, days as dates. An "about" block states the list, the
 * period, the filters and the definitions. Personal data stays masked unless the user unmasks in
 * the export dialog (never in presentation mode).
 */
import type { ColumnFormat, ExportTable } from '../export/table-file.ts';
import { type Lang } from '../format.ts';
import { PLAYBOOK, type PlaybookAction } from '../compass/playbook.ts';
import { scopeOf, type MemberTarget } from '../view/member-links.ts';
import { addDays, periodDays, type MetricParams } from '../metrics/params.ts';
import { describeParams } from '../view/params-text.ts';
import { MEMBER_COLUMNS, personalCell, rfmGroupLabel, type MemberColumn, type MemberRow } from './columns.ts';
import { describeTarget } from './describe.ts';

const W = {
  reason: { zh: '上榜原因', en: 'Why on the list' },
  action: { zh: '建议动作', en: 'Suggested action' },
  list: { zh: '名单', en: 'List' },
  scope: { zh: '范围', en: 'Scope' },
  home: { zh: '所属门店为筛选门店的会员', en: 'members whose home store is the filtered store' },
  shopped: { zh: '在筛选门店消费过的会员', en: 'members who bought at the filtered store' },
  personal: { zh: '个人信息', en: 'Personal data' },
  masked: { zh: '已打码（手机号中间四位、姓名仅留姓）', en: 'masked (middle of phones, names but their first character)' },
  unmasked: { zh: '未打码：仅限本店回访使用，请勿外传', en: 'NOT masked: for the store’s own follow-up only, do not share' },
  rows: { zh: '人数', en: 'Members' },
  days: { zh: '距上次消费 {n} 天', en: '{n} days since the last visit' },
  palive: { zh: '仍活跃概率 {p}', en: 'P(alive) {p}' },
  call: { zh: '导购一对一回访，了解原因并邀请到店', en: 'A personal call from staff: ask why, invite them back' },
} as const;

/** The columns of the call list, in order: who, why, what to do, then the numbers. */
const WHO: MemberColumn['key'][] = ['member_id', 'name', 'phone', 'home_store', 'tier', 'last_purchase'];
const NUMBERS = MEMBER_COLUMNS.filter((c) => !WHO.includes(c.key));
const byKey = new Map(MEMBER_COLUMNS.map((c) => [c.key, c]));

/** Playbook actions by id, and the first action aimed at each target (the list's default suggestion). */
const ACTIONS = new Map<string, PlaybookAction>(Object.values(PLAYBOOK).flatMap((e) => e.actions.map((a) => [a.id, a] as const)));
const sameTarget = (a: MemberTarget, b: MemberTarget) =>
  JSON.stringify({ ...a, scope: undefined, action: undefined }) === JSON.stringify({ ...b, scope: undefined, action: undefined });

/** The action a list suggests: the playbook action the user came from, else the first one aimed at this list, else a personal call. */
export function suggestedAction(target: MemberTarget, lang: Lang): string {
  const chosen = target.action ? ACTIONS.get(target.action) : undefined;
  const first = chosen ?? [...ACTIONS.values()].find((a) => sameTarget(a.target, target));
  return first ? first.label[lang] : W.call[lang];
}

/** Why this member is on the list: the list itself plus the member's own fact that put them there. */
export function memberReason(row: MemberRow, target: MemberTarget, params: MetricParams, lang: Lang): string {
  const base = describeTarget(target, lang);
  const sep = lang === 'zh' ? '；' : '; ';
  if (target.list === 'value_at_risk' && typeof row.p_alive === 'number') return `${base}${sep}${W.palive[lang].replace('{p}', `${(row.p_alive * 100).toFixed(1)}%`)}`;
  if (target.list === 'lifecycle' && typeof row.last_purchase === 'string') {
    // days from the last purchase to the period's last day (the half-open period ends the day before `to`)
    return `${base}${sep}${W.days[lang].replace('{n}', String(periodDays(row.last_purchase, addDays(params.to, -1))))}`;
  }
  return base;
}

const formatOf = (c: MemberColumn): ColumnFormat | undefined =>
  c.date ? 'date' : c.unit === 'yuan' ? 'money' : c.unit === 'ratio' ? 'percent' : c.unit === 'days' ? 'decimal' : undefined;
const cents = (v: number) => Math.round(v * 100) / 100;

function numberCell(c: MemberColumn, v: string | number | null, lang: Lang, scheme: 'eleven' | 'cn8'): string | number | null {
  if (c.key === 'rfm_group') return rfmGroupLabel(v as string | null, scheme, lang);
  if (typeof v !== 'number') return v;
  if (c.unit === 'yuan') return cents(v);
  if (c.unit === 'ratio') return Math.round(v * 10_000) / 10_000;
  if (c.unit === 'days') return Math.round(v * 10) / 10;
  return v;
}

export interface CallListOptions {
  lang: Lang;
  /** Mask phones and names (the default; unmasking is an explicit choice in the export dialog). */
  masked: boolean;
  scheme: 'eleven' | 'cn8';
  target: MemberTarget;
  params: MetricParams;
}

/** The call list as a table for the one writer (src/lib/export/table-file.ts). */
export function callListTable(rows: readonly MemberRow[], o: CallListOptions): ExportTable {
  const who = WHO.map((k) => byKey.get(k)!);
  const header = [...who.map((c) => c.label[o.lang]), W.reason[o.lang], W.action[o.lang], ...NUMBERS.map((c) => c.label[o.lang])];
  const formats: (ColumnFormat | undefined)[] = [...who.map(formatOf), undefined, undefined, ...NUMBERS.map(formatOf)];
  const action = suggestedAction(o.target, o.lang);
  const body = rows.map((r) => [
    ...who.map((c) => (c.personal ? personalCell(c.key, r[c.key], o.masked) : r[c.key])),
    memberReason(r, o.target, o.params, o.lang),
    action,
    ...NUMBERS.map((c) => numberCell(c, r[c.key], o.lang, o.scheme)),
  ]);
  const split = (line: string): [string, string] => {
    const i = line.indexOf(': ');
    return i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 2)];
  };
  const about: [string, string][] = [
    [W.list[o.lang], describeTarget(o.target, o.lang)],
    ...(o.params.stores?.length ? [[W.scope[o.lang], W[scopeOf(o.target)][o.lang]] as [string, string]] : []),
    [W.rows[o.lang], String(rows.length)],
    ...describeParams(o.params, o.lang).map(split),
    [W.personal[o.lang], o.masked ? W.masked[o.lang] : W.unmasked[o.lang]],
  ];
  return { header, rows: body, formats, about };
}
