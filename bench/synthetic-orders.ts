/**
 * Deterministic synthetic order exports for the scale bench: the demo's shape as a store's till
 * exports it (7 columns, Chinese headers, ~57 bytes a row, one year of orders), written in chunks
 * into the git-ignored bench/.data/ so a 10M file never sits in memory. Same size → same bytes.
 * The PRNG's state at any row is known without drawing the rows before it (prngAt), and rows are written
 * as bytes straight into a buffer: 1M rows in ~1 s, 100M (~6.6 GB) in minutes.
 *
 * Every BAD_EVERY-th row carries an amount no parser can read ("N/A"), so each file has a known
 * number of rejected rows: rejectedRowsOf(size). Every 10th row is a walk-in (empty member id).
 */
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
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

/**
 * The rows as text, for small sizes (tests): the readable spec of the file; the bench writes files with writeSyntheticOrders
 * (syntheticOrdersBytes, the same bytes). `last` < rows: only the header and rows 1..last of the `rows`-row file.
 */
export function syntheticOrdersText(rows: number, last = rows): string {
  const u = mulberry32(rows);
  const members = Math.max(1, Math.floor(rows / 5));
  let out = `${HEADER}\n`;
  for (let i = 1; i <= last; i++) out += row(i, members, u);
  return out;
}

/** mulberry32's state step: each draw adds this to the state, so the state after k draws is seed + k·STEP (mod 2³²). */
const STEP = 0x6d2b79f5;
/** Draws of the rows before row i: 9 a row (date, time, member, store ×2, channel, amount, items ×2), 8 for an "N/A" row (no amount draw). */
const drawsBefore = (i: number) => 9 * (i - 1) - Math.floor((i - 1) / BAD_EVERY);
/** The PRNG exactly where row i of a `rows`-row file starts drawing: any row range can be generated on its own. */
const prngAt = (rows: number, i: number) => mulberry32((rows + Math.imul(drawsBefore(i), STEP)) >>> 0);

const enc = (s: string) => Buffer.from(s, 'utf8');
const STORE_BYTES = STORES.map(enc);
const ONLINE = enc('线上');
const OFFLINE = enc('线下');
const NA = enc('N/A');
/** `2025-MM-DD ` for each day of the year (11 bytes). */
const DATE_BYTES = (() => {
  const out: Buffer[] = [];
  for (let m = 0; m < 12; m++) for (let d = 0; d < DAYS_IN[m]; d++) out.push(enc(`${YEAR}-${pad(m + 1, 2)}-${pad(d + 1, 2)} `));
  return out;
})();
const C0 = 48; // '0'
const COMMA = 44;

/** n in decimal, left-padded with zeros to `width` (never cut: like padStart), at buf[pos]; returns the end. */
function putInt(buf: Buffer, pos: number, n: number, width: number): number {
  let digits = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
  const len = Math.max(digits, width);
  for (let k = pos + len - 1; k >= pos; k--) {
    buf[k] = C0 + (n % 10);
    n = Math.floor(n / 10);
  }
  return pos + len;
}

/** The most bytes one row takes (row number and member id up to 15 digits, a 4-character store). */
const MAX_ROW_BYTES = 128;

/**
 * Rows `from`..`to` (1-based, inclusive) of the `rows`-row file as UTF-8 bytes: the same bytes as
 * syntheticOrdersText's lines (the same draws in the same order, written straight into a buffer with
 * no per-row strings). The fast path of writeSyntheticOrders; syntheticOrdersText stays the readable spec.
 */
export function syntheticOrdersBytes(rows: number, from: number, to: number, into?: Buffer): Buffer {
  const buf = into && into.length >= (to - from + 1) * MAX_ROW_BYTES ? into : Buffer.allocUnsafe(Math.max(0, to - from + 1) * MAX_ROW_BYTES);
  const u = prngAt(rows, from);
  const members = Math.max(1, Math.floor(rows / 5));
  let p = 0;
  for (let i = from; i <= to; i++) {
    buf[p++] = 79; // O
    p = putInt(buf, p, i, 9);
    buf[p++] = COMMA;
    p += DATE_BYTES[Math.floor(u() * 365)].copy(buf, p);
    const secs = 8 * 3600 + Math.floor(u() * 14 * 3600);
    const h = Math.floor(secs / 3600);
    const m = Math.floor(secs / 60) % 60;
    const s = secs % 60;
    buf[p] = C0 + Math.floor(h / 10);
    buf[p + 1] = C0 + (h % 10);
    buf[p + 2] = 58; // :
    buf[p + 3] = C0 + Math.floor(m / 10);
    buf[p + 4] = C0 + (m % 10);
    buf[p + 5] = 58;
    buf[p + 6] = C0 + Math.floor(s / 10);
    buf[p + 7] = C0 + (s % 10);
    buf[p + 8] = COMMA;
    p += 9;
    const r = u();
    if (i % 10 !== 0) {
      buf[p++] = 77; // M
      p = putInt(buf, p, 1 + Math.floor(r * r * members), 7);
    }
    buf[p++] = COMMA;
    p += STORE_BYTES[Math.floor(u() * u() * STORES.length)].copy(buf, p);
    buf[p++] = COMMA;
    p += (u() < 0.3 ? ONLINE : OFFLINE).copy(buf, p);
    buf[p++] = COMMA;
    if (i % BAD_EVERY === 0) p += NA.copy(buf, p);
    else {
      // (5 + k / 100).toFixed(2) is exactly (500 + k) / 100 to two places for every k in 0..59,999 (tested).
      const cents = 500 + Math.floor(u() * 60_000);
      p = putInt(buf, p, Math.floor(cents / 100), 1);
      buf[p] = 46; // .
      buf[p + 1] = C0 + Math.floor((cents % 100) / 10);
      buf[p + 2] = C0 + (cents % 10);
      p += 3;
    }
    buf[p++] = COMMA;
    buf[p++] = C0 + 1 + Math.floor(u() * u() * 6);
    buf[p++] = 10; // \n
  }
  return buf.subarray(0, p);
}

/** Rows a chunk of writeSyntheticOrders (~8 MB of bytes). */
export const CHUNK_ROWS = 125_000;

/**
 * bench/.data/orders-<size>.csv, written once (a complete file is renamed into place, so a killed run leaves no half file).
 * Chunks of rows are generated straight into buffers and written while the next chunk is generated (two buffers:
 * the disk write of one overlaps the generation of the other), so 100M orders (~6.6 GB) take minutes and constant memory.
 */
export async function writeSyntheticOrders(rows: number, dir = DATA_DIR, chunkRows = CHUNK_ROWS): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `orders-${sizeLabel(rows)}.csv`);
  if (existsSync(path) && statSync(path).size > 0) return path;
  const tmp = `${path}.part`;
  const out = await open(tmp, 'w');
  try {
    await out.write(enc(`${HEADER}\n`));
    const buffers = [Buffer.allocUnsafe(chunkRows * MAX_ROW_BYTES), Buffer.allocUnsafe(chunkRows * MAX_ROW_BYTES)];
    let pending: Promise<unknown> = Promise.resolve();
    for (let from = 1, k = 0; from <= rows; from += chunkRows, k ^= 1) {
      const bytes = syntheticOrdersBytes(rows, from, Math.min(rows, from + chunkRows - 1), buffers[k]);
      await pending; // the other buffer's write is done: it may be filled next
      pending = writeAll(out, bytes);
    }
    await pending;
  } finally {
    await out.close();
  }
  renameSync(tmp, path);
  return path;
}

/** All of `bytes` (a FileHandle's write may write less than asked). */
async function writeAll(out: FileHandle, bytes: Buffer): Promise<void> {
  for (let off = 0; off < bytes.length;) off += (await out.write(bytes, off, bytes.length - off)).bytesWritten;
}
