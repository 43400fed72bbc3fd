/**
 * File bytes → a RawTable: the format from the extension (or magic bytes), gzip undone with
 * DecompressionStream, text decoded and split, workbooks and Parquet read. Files that cannot
 * be a table (empty, binary junk, unsupported type) throw ImportError.
 */
import { ImportError, isImportError } from './errors.ts';
import { decodeText } from './encoding.ts';
import { parseDelimited, sniffDelimiter } from './csv-reader.ts';
import { openParquet, previewParquet, readParquet, type ParquetFile } from './parquet-reader.ts';
import type { RawTable, SourceFile } from '../../src/lib/engine/import-types.ts';
import { fastBook, openWorkbook, readSheet, sheetJsBook, type Book } from './xlsx-reader.ts';
import { openFastWorkbook } from './xlsx-fast.ts';

export type Format = 'csv' | 'xlsx' | 'parquet';

const TEXT_EXT = /\.(csv|tsv|txt|tab|psv|dat)$/i;
const XLSX_EXT = /\.(xlsx|xlsm|xls)$/i;
const PARQUET_EXT = /\.(parquet|pq)$/i;
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);
const GZIP = [0x1f, 0x8b];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // legacy .xls
const PAR1 = [0x50, 0x41, 0x52, 0x31];

const EXPECTED = '请提供 CSV/TSV/TXT（可 .gz 压缩）、XLSX 或 Parquet 文件 / expected a CSV/TSV/TXT (optionally .gz), XLSX or Parquet file';

/**
 * The most bytes a compressed file may expand to. The decoded text and its rows take several
 * times the bytes again, and a JS string holds at most ~512 M characters, so: 64 MB per GB of
 * device memory (navigator.deviceMemory, which browsers report up to 8), between 128 MB and
 * 512 MB; 256 MB where the platform does not say (Node, Firefox, Safari).
 */
export function decompressBudget(): number {
  const gb = (globalThis as { navigator?: { deviceMemory?: number } }).navigator?.deviceMemory;
  const MB = 1024 * 1024;
  return typeof gb === 'number' && gb > 0 ? Math.min(512 * MB, Math.max(128 * MB, gb * 64 * MB)) : 256 * MB;
}

const tooLarge = (file: string, budget: number) => {
  const mb = budget >= 10 * 1048576 ? String(Math.round(budget / 1048576)) : String(Math.round((budget / 1048576) * 100) / 100);
  return new ImportError(file, `文件解压后过大（超过 ${mb} MB）/ too large after decompression (over ${mb} MB)`, 'too_large');
};

/** gunzip as a stream that stops as soon as the output passes `budget` bytes (a gzip bomb fails early, in little memory). */
async function gunzip(file: string, bytes: Uint8Array, budget: number): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > budget) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(file, budget);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) out.set(c, (at += c.length) - c.length);
  return out;
}

/** Format and (un-gzipped) bytes of a file; throws ImportError for empty, unsupported or too large files. */
export async function sniffFormat(file: SourceFile, budget = decompressBudget()): Promise<{ format: Format; bytes: Uint8Array }> {
  let { name, bytes } = file;
  if (bytes.length === 0) throw new ImportError(file.name, `文件为空 / the file is empty. ${EXPECTED}`, 'empty');
  if (startsWith(bytes, GZIP)) {
    try {
      bytes = await gunzip(file.name, bytes, budget);
    } catch (e) {
      if (isImportError(e)) throw e;
      throw new ImportError(file.name, `gzip 压缩数据损坏 / the gzip data is corrupt. ${EXPECTED}`, 'unreadable');
    }
    name = name.replace(/\.gz$/i, '');
    if (bytes.length === 0) throw new ImportError(file.name, `文件为空 / the file is empty. ${EXPECTED}`, 'empty');
  }
  if (PARQUET_EXT.test(name) || startsWith(bytes, PAR1)) return { format: 'parquet', bytes };
  if (XLSX_EXT.test(name) || startsWith(bytes, ZIP) || startsWith(bytes, OLE)) return { format: 'xlsx', bytes };
  if (TEXT_EXT.test(name) || !/\.[a-z0-9]{1,8}$/i.test(name)) return { format: 'csv', bytes };
  throw new ImportError(file.name, `不支持的文件类型 / unsupported file type "${name.replace(/^.*\./, '.')}". ${EXPECTED}`, 'unsupported');
}

/** Above this a whole text file may not fit in one JavaScript string (decoding then yields ''). */
const TEXT_LIMIT_BYTES = 256 * 1024 * 1024;

function tooLargeForText(file: string, bytes: number): ImportError {
  const mb = Math.round(bytes / 1024 / 1024);
  return new ImportError(
    file,
    `文件太大（${mb} MB），浏览器无法一次读入这种格式；请按月拆分文件，或用命令行 store-compass report / too large (${mb} MB) for the browser to read in this form; split it by month or use the store-compass command line`,
    'too_large',
  );
}

/** Binary junk: NUL bytes (outside UTF-16) or many control/replacement characters in decoded text. */
function looksBinary(text: string, countReplacements: boolean): boolean {
  const sample = text.slice(0, 8192);
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || (countReplacements && c === 0xfffd)) bad++;
  }
  return bad > Math.max(2, sample.length * 0.02);
}

/** Up to 10 line numbers, then how many more. */
const listLines = (lines: number[], sep: string) => lines.slice(0, 10).join(sep) + (lines.length > 10 ? ` (+${lines.length - 10})` : '');

/** Text file → RawTable; `previewChars` limits parsing to the start of the text. */
export function readText(fileName: string, bytes: Uint8Array, previewChars?: number): RawTable {
  // A preview decodes only the start of the file: a 600 MB export must not become one string (V8's
  // limit is ~512 M characters) just to show its first rows.
  // Cut after a line break, so no multi-byte character is split (it would read as a non-UTF-8 line).
  const source = previewChars !== undefined && bytes.length > previewChars * 4 ? bytes.subarray(0, bytes.lastIndexOf(10, previewChars * 4) + 1 || previewChars * 4) : bytes;
  const { text, encoding, badLines } = decodeText(source);
  if (text === '' && bytes.length > TEXT_LIMIT_BYTES) throw tooLargeForText(fileName, bytes.length);
  // U+FFFD of a few reported non-UTF-8 lines is not binary junk (a UTF-8 file is mostly valid by then).
  if (looksBinary(text, !badLines)) throw new ImportError(fileName, `不是文本表格（二进制内容）/ not a text table (binary content). ${EXPECTED}`, 'binary');
  if (text.trim() === '') throw new ImportError(fileName, `文件为空 / the file is empty. ${EXPECTED}`, 'empty');
  const delimiter = sniffDelimiter(text);
  let body = text;
  if (previewChars !== undefined && text.length > previewChars) {
    const cut = text.lastIndexOf('\n', previewChars);
    body = text.slice(0, cut > 0 ? cut : previewChars);
  }
  const { rows, lines, problems } = parseDelimited(body, delimiter);
  const warnings = badLines?.length
    ? [`第 ${listLines(badLines, '、')} 行含有不是 UTF-8 的字节（显示为 �）/ lines ${listLines(badLines, ', ')} contain bytes that are not UTF-8 (shown as �)`]
    : text.includes('\ufffd')
      ? [`部分字符无法按 ${encoding} 解码 / some bytes could not be decoded as ${encoding}`]
      : [];
  return { format: 'csv', rows, lines, encoding, delimiter, totalBytes: bytes.length, warnings, problems };
}

export interface ReadOptions {
  sheet?: string;
  /** Read only the first rows where the format allows (preview). */
  preview?: boolean;
  /** Which sheet to read when none is named (default: the first). */
  chooseSheet?: (names: string[], read: (sheet: string) => RawTable) => string;
  /** Most bytes a .gz may expand to (default: decompressBudget()). */
  maxDecompressedBytes?: number;
  /** Called after each chunk of Parquet rows (progress, cancellation). */
  onChunk?: (done: number, total: number) => Promise<void>;
}

/** Any supported file → RawTable of one sheet. */
export async function readSource(file: SourceFile, opts: ReadOptions = {}): Promise<RawTable> {
  const { format, bytes } = await sniffFormat(file, opts.maxDecompressedBytes);
  if (format === 'csv') return readText(file.name, bytes, opts.preview ? 512 * 1024 : undefined);
  if (format === 'xlsx') {
    const book = await openBook(file.name, bytes, opts.sheet, opts.preview ? PREVIEW_SHEET_ROWS : Infinity);
    const read = (s: string) => readSheet(book, s, bytes.length);
    return read(opts.sheet ?? opts.chooseSheet?.(book.sheetNames, read) ?? book.sheetNames[0]);
  }
  const pq = openPq(file.name, bytes);
  // A preview decodes row group 0 once for the import that follows (previewParquet keeps it as that import's CSV).
  return (opts.preview ? await previewParquet(pq) : null) ?? readParquet(pq, opts.preview ? 50 : Infinity, opts.onChunk);
}

/** Rows of each sheet a preview reads (the detectors look at the header and 200 data rows). */
const PREVIEW_SHEET_ROWS = 2_000;

/**
 * A workbook — read by xlsx-fast.ts when it is a plain export (only its first `rows` rows: a preview),
 * else whole by SheetJS — or the ImportError the user sees (unreadable file; `sheet` named but absent).
 */
export async function openBook(fileName: string, bytes: Uint8Array, sheet?: string, rows = Infinity): Promise<Book> {
  let book: Book;
  try {
    const fast = await openFastWorkbook(bytes, rows).catch(() => null);
    book = fast ? fastBook(fast) : sheetJsBook(openWorkbook(bytes));
  } catch (e) {
    throw new ImportError(fileName, `无法读取 Excel 文件 / cannot read the Excel file (${(e as Error).message})`, 'unreadable');
  }
  if (sheet !== undefined && !book.sheetNames.includes(sheet)) {
    throw new ImportError(fileName, `没有名为「${sheet}」的工作表 / no sheet named "${sheet}" (sheets: ${book.sheetNames.join(', ')})`, 'bad_mapping');
  }
  return book;
}

/** A Parquet file, or the ImportError the user sees. */
export function openPq(fileName: string, bytes: Uint8Array): ParquetFile {
  try {
    return openParquet(bytes);
  } catch (e) {
    throw new ImportError(fileName, `无法读取 Parquet 文件 / cannot read the Parquet file (${(e as Error).message})`, 'unreadable');
  }
}

/**
 * XLSX or Parquet from the first bytes or the name, without decompressing (a .gz, even of a
 * workbook, is null: it takes the path that reads it whole); null for text.
 */
export function binaryFormat(file: SourceFile): 'xlsx' | 'parquet' | null {
  const b = file.bytes;
  if (b.length === 0 || startsWith(b, GZIP)) return null;
  if (PARQUET_EXT.test(file.name) || startsWith(b, PAR1)) return 'parquet';
  if (XLSX_EXT.test(file.name) || startsWith(b, ZIP) || startsWith(b, OLE)) return 'xlsx';
  return null;
}
