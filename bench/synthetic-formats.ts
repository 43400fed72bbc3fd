/**
 * The synthetic order export (synthetic-orders.ts) in the other forms a store hands over, for the
 * scale bench's format rows (issue 14: GBK, XLSX and Parquet within 2× of the UTF-8 CSV path; the CLI
 * reading .csv.gz, Parquet and a folder of files). Each is derived from the UTF-8 file once, into the
 * git-ignored bench/.data/, streamed where the format allows (GBK, gzip, the folder; Parquet by
 * native DuckDB's COPY), renamed into place when complete. Same rows, so the same import report.
 */
import { createReadStream, createWriteStream, existsSync, type WriteStream, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { utils, write } from '@e965/xlsx';
import { gbkEncode } from '../test/unit/import/gbk-encode.ts';

const done = (path: string) => existsSync(path) && statSync(path).size > 0;

/** orders-<size>.gbk.csv: the same text in GBK, line by line (the file's non-ASCII is a handful of names). */
export async function writeGbk(csv: string): Promise<string> {
  const path = csv.replace(/\.csv$/, '.gbk.csv');
  if (done(path)) return path;
  const encode = (text: string) => Buffer.from(gbkEncode(text)); // the tests' encoder: one reversed GBK table
  const cache = new Map<string, Buffer>();
  const encodeCached = (s: string) => cache.get(s) ?? (cache.set(s, encode(s)), cache.get(s)!);
  let rest = '';
  const utf8 = new StringDecoder('utf8'); // a character split across two chunks stays whole
  const toGbk = new Transform({
    transform(chunk: Buffer, _enc, next) {
      const text = rest + utf8.write(chunk);
      const cut = text.lastIndexOf('\n') + 1;
      rest = text.slice(cut);
      // Cells repeat (stores, channels): encode each distinct non-ASCII-bearing cell once.
      const parts = text.slice(0, cut).split(/([,\n])/);
      next(null, Buffer.concat(parts.map((p) => (/^[\p{ASCII}]*$/u.test(p) ? Buffer.from(p, 'latin1') : encodeCached(p)))));
    },
    flush(next) {
      next(null, encode(rest + utf8.end()));
    },
  });
  await pipeline(createReadStream(csv), toGbk, createWriteStream(`${path}.part`));
  renameSync(`${path}.part`, path);
  return path;
}

/** orders-<size>.csv.gz (gzip's default level, what `gzip file` gives). */
export async function writeGzip(csv: string): Promise<string> {
  const path = `${csv}.gz`;
  if (done(path)) return path;
  await pipeline(createReadStream(csv), createGzip(), createWriteStream(`${path}.part`));
  renameSync(`${path}.part`, path);
  return path;
}

/** orders-<size>-parts/part-01.csv … part-12.csv: the file cut into 12 by lines, each with the header (a folder of monthly exports' shape). */
export async function writeParts(csv: string, rows: number, parts = 12): Promise<string> {
  const dir = csv.replace(/\.csv$/, '-parts');
  const name = (p: number) => join(dir, `part-${String(p).padStart(2, '0')}.csv`);
  if (done(name(parts))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const per = Math.ceil(rows / parts);
  let header = '';
  let buf = '';
  let part = 0;
  let inPart = per;
  let out: WriteStream | null = null;
  const flush = async () => {
    if (out && buf && !out.write(buf)) await once(out, 'drain');
    buf = '';
  };
  const end = async () => {
    await flush();
    if (out) await new Promise<void>((r) => out!.end(() => r()));
  };
  let rest = '';
  for await (const chunk of createReadStream(csv, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    for (const l of lines) {
      if (!header) {
        header = `${l}\n`;
        continue;
      }
      if (inPart === per) {
        await end();
        out = createWriteStream(`${name(++part)}.part`);
        buf = header;
        inPart = 0;
      }
      buf += `${l}\n`;
      inPart++;
    }
    if (buf.length > 1 << 20) await flush();
  }
  await end();
  for (let p = 1; p <= part; p++) renameSync(`${name(p)}.part`, name(p));
  return dir;
}

/** orders-<size>.parquet by native DuckDB: the columns as DuckDB detects them, 实付金额 as text (its N/A rows, which detection samples may miss). */
export async function writeParquet(csv: string): Promise<string> {
  const path = csv.replace(/\.csv$/, '.parquet');
  if (done(path)) return path;
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
    await conn.run(`SET memory_limit = '2GB'; COPY (SELECT * FROM read_csv(${q(csv)}, types = {'实付金额': 'VARCHAR'})) TO ${q(`${path}.part`)} (FORMAT parquet)`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  renameSync(`${path}.part`, path);
  return path;
}

/** orders-<size>.xlsx, one sheet: the cells as text, as a till's Excel export holds them. Built in memory (XLSX is a zip): 250k–1M rows. */
export async function writeXlsx(csv: string): Promise<string> {
  const path = csv.replace(/\.csv$/, '.xlsx');
  if (done(path)) return path;
  const rows: string[][] = [];
  let rest = '';
  for await (const chunk of createReadStream(csv, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    for (const l of lines) rows.push(l.split(','));
  }
  if (rest) rows.push(rest.split(','));
  const book = utils.book_new();
  utils.book_append_sheet(book, utils.aoa_to_sheet(rows), '订单');
  writeFileSync(`${path}.part`, write(book, { type: 'buffer', bookType: 'xlsx', compression: true }));
  renameSync(`${path}.part`, path);
  return path;
}
