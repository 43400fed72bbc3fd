/**
 * Deterministic synthetic order exports for the scale bench: the demo's shape as a store's till
 * exports it (7 columns, Chinese headers, ~57 bytes a row, one year of orders), written in chunks
 * into the git-ignored bench/.data/ so a 10M file never sits in memory. Same size → same bytes.
 *
 * Every BAD_EVERY-th row carries an amount no parser can read ("N/A"), so each file has a known
 * number of rejected rows: rejectedRowsOf(size). Every 10th row is a walk-in (empty member id).
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mulberry32 } from '../test/unit/models/simulate.ts';

export const DATA_DIR = resolve('bench/.data');
export const HEADER = '订单号,下单时间,会员卡号,门店,渠道,实付金额,件数';
export const STORES = ['旗舰店', '万达店', '大学城店', '高新店', '滨江店', '东站店', '老城店', '奥体店'];
/** Rows whose amount is unreadable (1-based data row numbers divisible by this): rejected on import. */
export const BAD_EVERY = 100_000;
/** First day of the year of orders (2025); the last order is on 2025-12-31. */
export const YEAR = 2025;

/** `250k`, `1m`, `10M`, `2500` → a row count. */
export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim());
  if (!m) throw new Error(`bad size "${s}" (expected e.g. 250k, 1m, 10m)`);
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'm' ? 1e6 : m[2].toLowerCase() === 'k' ? 1e3 : 1));
}

/** 250000 → `250k`, 1000000 → `1m` (file names and bench rows). */
export const sizeLabel = (n: number) => (n % 1e6 === 0 ? `${n / 1e6}m` : n % 1e3 === 0 ? `${n / 1e3}k` : String(n));

export const rejectedRowsOf = (rows: number) => Math.floor(rows / BAD_EVERY);

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const DAYS_IN = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Row i (1-based) of a file of `rows` orders, from the shared PRNG stream `u`. */
function row(i: number, members: number, u: () => number): string {
  const dayOfYear = Math.floor(u() * 365);
  let month = 0;
  let day = dayOfYear;
  while (day >= DAYS_IN[month]) day -= DAYS_IN[month++];
  const secs = 8 * 3600 + Math.floor(u() * 14 * 3600); // opening hours 08:00–22:00
  const time = `${YEAR}-${pad(month + 1, 2)}-${pad(day + 1, 2)} ${pad(Math.floor(secs / 3600), 2)}:${pad(Math.floor(secs / 60) % 60, 2)}:${pad(secs % 60, 2)}`;
  // Skewed member draw: a few members buy often, most rarely (u² concentrates on low ids).
  const r = u();
  const member = i % 10 === 0 ? '' : `M${pad(1 + Math.floor(r * r * members), 7)}`;
  const store = STORES[Math.floor(u() * u() * STORES.length)];
  const channel = u() < 0.3 ? '线上' : '线下';
  const amount = i % BAD_EVERY === 0 ? 'N/A' : (5 + Math.floor(u() * 60_000) / 100).toFixed(2);
  const items = 1 + Math.floor(u() * u() * 6);
  return `O${pad(i, 9)},${time},${member},${store},${channel},${amount},${items}\n`;
}

/** The rows as text, for small sizes (tests); the bench writes files with writeSyntheticOrders. */
export function syntheticOrdersText(rows: number): string {
  const u = mulberry32(rows);
  const members = Math.max(1, Math.floor(rows / 5));
  let out = `${HEADER}\n`;
  for (let i = 1; i <= rows; i++) out += row(i, members, u);
  return out;
}

/** bench/.data/orders-<size>.csv, written once (a complete file is renamed into place, so a killed run leaves no half file). */
export async function writeSyntheticOrders(rows: number, dir = DATA_DIR): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `orders-${sizeLabel(rows)}.csv`);
  if (existsSync(path) && statSync(path).size > 0) return path;
  const tmp = `${path}.part`;
  const out = createWriteStream(tmp);
  const u = mulberry32(rows);
  const members = Math.max(1, Math.floor(rows / 5));
  let chunk = `${HEADER}\n`;
  for (let i = 1; i <= rows; i++) {
    chunk += row(i, members, u);
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  await new Promise<void>((res, rej) => out.end(chunk, (e?: Error | null) => (e ? rej(e) : res())));
  renameSync(tmp, path);
  return path;
}
