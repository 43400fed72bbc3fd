/**
 * File bytes → a RawTable: the format from the extension (or magic bytes), gzip undone with
 * DecompressionStream, text decoded and split, workbooks and Parquet read. Files that cannot
 * be a table (empty, binary junk, unsupported type) throw ImportError.
 */
import { ImportError } from './errors.ts';
import { decodeText } from './encoding.ts';
import { parseDelimited, sniffDelimiter } from './csv-reader.ts';
import { openParquet, readParquet } from './parquet-reader.ts';
import type { RawTable, SourceFile } from './types.ts';
import { openWorkbook, readSheet } from './xlsx-reader.ts';

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

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Format and (un-gzipped) bytes of a file; throws ImportError for empty or unsupported files. */
export async function sniffFormat(file: SourceFile): Promise<{ format: Format; bytes: Uint8Array }> {
  let { name, bytes } = file;
  if (bytes.length === 0) throw new ImportError(file.name, `文件为空 / the file is empty. ${EXPECTED}`, 'empty');
  if (startsWith(bytes, GZIP)) {
    try {
      bytes = await gunzip(bytes);
    } catch {
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

/** Binary junk: NUL bytes (outside UTF-16) or many control/replacement characters in decoded text. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) bad++;
  }
  return bad > Math.max(2, sample.length * 0.02);
}

/** Text file → RawTable; `previewChars` limits parsing to the start of the text. */
export function readText(fileName: string, bytes: Uint8Array, previewChars?: number): RawTable {
  const { text, encoding } = decodeText(bytes);
  if (looksBinary(text)) throw new ImportError(fileName, `不是文本表格（二进制内容）/ not a text table (binary content). ${EXPECTED}`, 'binary');
  if (text.trim() === '') throw new ImportError(fileName, `文件为空 / the file is empty. ${EXPECTED}`, 'empty');
  const delimiter = sniffDelimiter(text);
  let body = text;
  if (previewChars !== undefined && text.length > previewChars) {
    const cut = text.lastIndexOf('\n', previewChars);
    body = text.slice(0, cut > 0 ? cut : previewChars);
  }
  const { rows, lines } = parseDelimited(body, delimiter);
  const warnings = text.includes('\ufffd') ? [`部分字符无法按 ${encoding} 解码 / some bytes could not be decoded as ${encoding}`] : [];
  return { format: 'csv', rows, lines, encoding, delimiter, totalBytes: bytes.length, warnings };
}

export interface ReadOptions {
  sheet?: string;
  /** Read only the first rows where the format allows (preview). */
  preview?: boolean;
  /** Which sheet to read when none is named (default: the first). */
  chooseSheet?: (names: string[], read: (sheet: string) => RawTable) => string;
  /** Called after each chunk of Parquet rows (progress, cancellation). */
  onChunk?: (done: number, total: number) => Promise<void>;
}

/** Any supported file → RawTable of one sheet. */
export async function readSource(file: SourceFile, opts: ReadOptions = {}): Promise<RawTable> {
  const { format, bytes } = await sniffFormat(file);
  if (format === 'csv') return readText(file.name, bytes, opts.preview ? 512 * 1024 : undefined);
  if (format === 'xlsx') {
    let wb;
    try {
      wb = openWorkbook(bytes);
    } catch (e) {
      throw new ImportError(file.name, `无法读取 Excel 文件 / cannot read the Excel file (${(e as Error).message})`, 'unreadable');
    }
    const { sheet } = opts;
    if (sheet !== undefined && !wb.SheetNames.includes(sheet)) {
      throw new ImportError(file.name, `没有名为「${sheet}」的工作表 / no sheet named "${sheet}" (sheets: ${wb.SheetNames.join(', ')})`, 'bad_mapping');
    }
    const read = (s: string) => readSheet(wb, s, bytes.length);
    return read(sheet ?? opts.chooseSheet?.(wb.SheetNames, read) ?? wb.SheetNames[0]);
  }
  let pq;
  try {
    pq = openParquet(bytes);
  } catch (e) {
    throw new ImportError(file.name, `无法读取 Parquet 文件 / cannot read the Parquet file (${(e as Error).message})`, 'unreadable');
  }
  return readParquet(pq, opts.preview ? 50 : Infinity, opts.onChunk);
}
