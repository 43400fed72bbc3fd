/**
 * The command line's inputs without reading them whole (issue 14): a path is a file, a folder (its
 * files by name: monthly exports) or a glob in its last segment (`orders-2025-*.csv.gz`); a file's
 * start for detection (a .gz one decompressed only that far); the byte scan of sql-orders-plan.ts
 * streamed through the file (gunzipped on the fly) so memory stays bounded whatever its size.
 */
import { closeSync, createReadStream, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { parquetMetadata } from 'hyparquet';
import { basename, dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { layoutScanner } from '../../workers/import/sql-orders-plan.ts';

/** Bytes of a file's start the detectors see (the browser's preview decodes 512 KB). */
export const PREVIEW_BYTES = 1 << 20;

const isGlob = (s: string) => /[*?[]/.test(s);

/** `*`, `?` and `[…]` of one path segment as a RegExp. */
function globRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replaceAll('\\', '\\\\')}]`;
        i = end;
      }
    } else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Regular, visible files of a folder, by name. */
const filesIn = (dir: string, match: (name: string) => boolean = () => true) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.') && match(e.name))
    .map((e) => join(dir, e.name))
    .sort();

/** One command-line path → the files it names (in name order); an error naming the path when there are none. */
export function expandInput(path: string): string[] {
  if (isGlob(basename(path))) {
    const re = globRegExp(basename(path));
    let files: string[];
    try {
      files = filesIn(dirname(path), (n) => re.test(n));
    } catch (e) {
      throw new Error(`${path}: cannot read the folder ${dirname(path)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
    }
    if (!files.length) throw new Error(`${path}: no file matches`);
    return files;
  }
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`}`, { cause: e });
  }
  if (!isDir) return [path];
  const files = filesIn(path);
  if (!files.length) throw new Error(`${path}: the folder has no files`);
  return files;
}

export const isGzip = (path: string) => /\.gz$/i.test(path);
export const isParquet = (path: string) => /\.parquet$/i.test(path);

/** The first `limit` bytes of a file (of its decompressed content for .gz), read without the rest. */
export async function headBytes(path: string, limit = PREVIEW_BYTES): Promise<Uint8Array> {
  if (!isGzip(path)) {
    const fd = openSync(path, 'r');
    try {
      const size = statSync(path).size;
      const buf = Buffer.alloc(Math.min(limit, size));
      const n = readSync(fd, buf, 0, buf.length, 0);
      return wholeLines(new Uint8Array(buf.buffer, buf.byteOffset, n), n >= size);
    } finally {
      closeSync(fd);
    }
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = createReadStream(path).pipe(createGunzip());
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) break;
    }
  } finally {
    stream.destroy();
  }
  const all = Buffer.concat(chunks);
  return wholeLines(new Uint8Array(all.buffer, all.byteOffset, Math.min(limit, all.length)), all.length < limit);
}

/**
 * A file's start cut after its last complete line: a cut inside a multi-byte character decoded as
 * U+FFFD, and the preview then said the file has bytes that are not UTF-8, which sent a 6.6 GB
 * export to the JS import (which reads files whole, and Node reads at most 2 GiB).
 */
function wholeLines(head: Uint8Array, whole: boolean): Uint8Array {
  if (whole) return head;
  const end = head.lastIndexOf(10);
  return end < 0 ? head : head.subarray(0, end + 1);
}

/**
 * Whether DuckDB's rows of this file will be its physical lines (no quote, blank line, lone CR),
 * streamed chunk by chunk (the whole content for .gz). Chunks without a quote, CR or blank line are
 * checked by native byte searches; the others byte by byte.
 */
export async function plainLayoutOf(path: string): Promise<boolean> {
  const scan = layoutScanner();
  const source = createReadStream(path, { highWaterMark: 4 << 20 });
  const stream = isGzip(path) ? source.pipe(createGunzip()) : source;
  let first = true;
  let last = -1;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const start = first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
      const easy = !first && last !== 13 && chunk[0] !== 10 && !chunk.includes(34) && !chunk.includes(13) && !chunk.includes('\n\n');
      if (easy) scan.skip(chunk);
      else if (!scan.feed(chunk, start)) return false;
      last = chunk[chunk.length - 1];
      first = false;
    }
  } finally {
    stream.destroy();
    source.destroy();
  }
  return scan.end();
}

/** The last `length` bytes of a file of `size` bytes (all of it if shorter). */
function tailBytes(path: string, length: number, size: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const take = Math.min(length, size);
    const buf = Buffer.alloc(take);
    readSync(fd, buf, 0, take, size - take);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/**
 * Parquet's "uncompressed" row-group size is of encoded pages (dictionaries, run lengths): 10M orders are 439 MB so
 * against 655 MB as CSV, and that run, judged in memory at 2GB, was killed by SIGSEGV in DuckDB (two threads,
 * spilling) right after rfm_members (session 10). Counted twice, such a file weighs what its CSV does or more.
 */
const PARQUET_ENCODING_FACTOR = 2;

/** A CSV shrinks at most this much in gzip (ours: 3.6×): the floor of a .gz file's estimate when its size trailer has wrapped. */
const GZIP_RATIO_FLOOR = 3;

/**
 * How many bytes of data a file holds once read: what decides whether a run will spill (open-engine.ts
 * outOfCore). A plain file: its size. A .gz: the uncompressed size from its trailer (ISIZE, the size mod
 * 2^32), raised by whole 4 GiB steps to at least GZIP_RATIO_FLOOR × the compressed size (a 6 GB export
 * compresses to ~1.7 GB, whose trailer alone would say 2 GB). A Parquet file: twice the uncompressed size
 * of its row groups from the footer (PARQUET_ENCODING_FACTOR). The compressed size undersold both: 10M orders are 181 MB as .csv.gz and 245 MB
 * as Parquet against 655 MB of CSV, so at the default 2GB those runs were judged in-memory ones.
 */
export function inputDataBytes(path: string): number {
  const size = statSync(path).size;
  try {
    if (isGzip(path) && size >= 18) {
      let bytes = tailBytes(path, 4, size).readUInt32LE(0);
      while (bytes < GZIP_RATIO_FLOOR * size) bytes += 2 ** 32;
      return bytes;
    }
    if (isParquet(path) && size >= 12) {
      const end = tailBytes(path, 8, size);
      if (end.toString('latin1', 4) !== 'PAR1') return size;
      const footer = tailBytes(path, end.readUInt32LE(0) + 8, size);
      const meta = parquetMetadata(footer.buffer.slice(footer.byteOffset, footer.byteOffset + footer.length) as ArrayBuffer);
      return Math.max(size, PARQUET_ENCODING_FACTOR * meta.row_groups.reduce((n, g) => n + Number(g.total_byte_size), 0));
    }
  } catch {
    /* not what its name says: the reader reports it; its size stands in */
  }
  return size;
}
