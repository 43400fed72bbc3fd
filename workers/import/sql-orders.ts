/**
 * The bulk of an orders CSV imported in SQL (issue 14): JavaScript detects encoding, dialect,
 * header, kind and mapping on a preview (the same detectors as importFile), DuckDB reads the file
 * with `read_csv(all_varchar)` and ONE projection normalises the values it reads exactly as
 * values.ts does (ISO timestamps with range checks, plain numbers, plain ids, known channel and
 * refund labels through mapping tables). Every row that projection does not read on its fast path
 * (a summary or blank row, an unusual date or amount, a long field…) goes through the existing JS
 * converters (convertTable), so its acceptance or rejection reason is exactly today's.
 *
 * A file goes to the JS path instead (importFiles returns null) when the SQL path could not
 * number its rows or treat them identically: not plain UTF-8 CSV (GBK, XLSX, Parquet, .gz, bad
 * bytes), any `"` in the file (quoted fields may hold newlines, so DuckDB's rows would not be
 * physical lines), blank lines or lone CRs (DuckDB skips/splits them differently), a kind other
 * than orders, no order id column, order ids that repeat (the duplicate report needs the JS
 * order), or a read_csv error (ragged rows, over-long lines).
 */
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import type { ImportOptions, ImportResult, RawTable, SourceFile } from '../../src/lib/engine/import-types.ts';
import { csvColumnsSpec, TABLES } from '../../src/lib/schema.ts';
import type { SqlDriver } from '../drivers/driver.ts';
import { coverageWarnings } from './coverage.ts';
import { MAX_FIELD_CHARS, stripInvisible } from './fields.ts';
import { analyse, checkMapping, chooseSheet, noColumns } from './index.ts';
import { normaliseChannel } from './labels.ts';
import { RowLoop, throwIfAborted } from './row-loop.ts';
import { readSource } from './source.ts';
import { convertTable } from './table-rows.ts';
import { mapColumns } from './detect-kind.ts';
import { parseBoolean } from './values.ts';

const RAW = '_import_raw';
const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

// JS `trim()` whitespace and the invisible characters cellAt strips (fields.ts), as RE2 classes.
const EDGE = String.raw`[\s\x{0b}\x{a0}\x{feff}\x{2028}\x{2029}\p{Z}]`;
const INVISIBLE = String.raw`[\x{200b}-\x{200f}\x{202a}-\x{202e}\x{2060}-\x{2064}\x{2066}-\x{2069}\x{061c}\x{feff}]`;
/** First characters isSummaryRow looks at (header.ts SUMMARY_FIRST) or JS whitespace. */
const SUMMARY_OR_EDGE = String.raw`^([\s\x{0b}\x{a0}\x{feff}\x{2028}\x{2029}\p{Z}]|[合总總小汇匯共tTsSgG])`;
const ID = '^[0-9A-Za-z_-]+$';
const NUMBER = String.raw`^-?\d{1,12}(\.\d+)?$`; // ≤ 12 integer digits: always within MAX_ABS_NUMBER
const INTEGER = String.raw`^-?\d{1,9}$`; // always within INT32
const TIMESTAMP = String.raw`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$`;
const DATE = String.raw`^\d{4}-\d{2}-\d{2}$`;

/** A text cell the JS path would keep as is (nothing to trim or strip). */
const plainText = (v: string) => `(${v} = '' OR NOT (regexp_matches(${v}, '^${EDGE}|${EDGE}$') OR regexp_matches(${v}, '${INVISIBLE}')))`;

/** Scans the bytes once: quotes, blank lines and lone CRs send the file to the JS path. */
function plainLayout(bytes: Uint8Array, start: number): boolean {
  let prev = 10; // a blank first line counts as blank
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 34) return false;
    if (b === 13 && bytes[i + 1] !== 10) return false;
    if (b === 10 && (prev === 10 || (prev === 13 && (i < 2 || bytes[i - 2] === 10)))) return false;
    prev = b;
  }
  return true;
}

/** Distinct raw values of a column (at most `limit`; more → null, no mapping table). */
async function distinctValues(driver: SqlDriver, col: string, limit = 1000): Promise<string[] | null> {
  const rows = ipcToRows(await driver.query({ text: `SELECT DISTINCT ${col} AS v FROM ${RAW} WHERE ${col} IS NOT NULL LIMIT ${limit + 1}`, params: [] }));
  return rows.length > limit ? null : rows.map((r) => r.v as string);
}

/** A VALUES list mapping raw labels to canonical ones, as a SQL table expression (or an empty one). */
function mappingTable(pairs: [string, string | boolean][], type: 'VARCHAR' | 'BOOLEAN'): string {
  if (!pairs.length) return `(SELECT NULL::VARCHAR AS raw, NULL::${type} AS canon WHERE false)`;
  return `(SELECT * FROM (VALUES ${pairs.map(([r, c]) => `(${quote(r)}, ${typeof c === 'boolean' ? c : quote(c)})`).join(', ')}) AS m(raw, canon))`;
}

/**
 * Imports one orders CSV through DuckDB; null when the file must take the JS path (see the file
 * comment). Only for an import of this one file: ids are not checked against other files.
 */
export async function importOrdersSql(driver: SqlDriver, file: SourceFile, options: ImportOptions = {}): Promise<ImportResult | null> {
  const { signal, onProgress } = options;
  const raw = await readSource(file, { sheet: options.sheet, chooseSheet, preview: true, maxDecompressedBytes: options.maxDecompressedBytes });
  if (raw.format !== 'csv' || raw.encoding !== 'utf-8' || raw.warnings.length || raw.problems?.size) return null;
  const delimiter = raw.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "'") return null;
  const layout = analyse(raw);
  const kind = options.kind ?? layout.kind;
  if (!kind) throw noColumns(file.name, layout.headers);
  if (kind !== 'orders') return null;
  const mapping = checkMapping(file.name, kind, layout.headers, options.mapping ?? (kind === layout.kind ? layout.mapping : mapColumns(kind, layout.headers).mapping));
  if (!mapping.order_id) return null;
  const bom = file.bytes[0] === 0xef && file.bytes[1] === 0xbb && file.bytes[2] === 0xbf ? 3 : 0;
  if (!plainLayout(file.bytes, bom)) return null;
  const headerCells = raw.rows[layout.headerIndex];
  const width = headerCells.length;
  if (width < 2) return null;
  const headerLine = raw.lines[layout.headerIndex];
  // Progress: the preview's rows now (the page shows rows moving), all rows once DuckDB has read them.
  onProgress?.({ bytes: Math.min(file.bytes.length, 512 * 1024), rows: Math.max(0, raw.rows.length - layout.headerIndex - 1) });
  const c = (j: number) => `c${j}`;
  const v = (j: number) => `coalesce(c${j}, '')`;
  const colOf = (field: string) => (mapping[field] ? layout.headers.indexOf(mapping[field]!) : -1);
  throwIfAborted(signal);

  const path = await driver.registerBytes(`${RAW}.csv`, bom ? file.bytes.subarray(bom) : file.bytes);
  const drop = async () => {
    for (const t of [RAW, '_import_rows', '_import_slow']) await driver.exec(`DROP TABLE IF EXISTS ${t}`);
    await driver.dropText(`${RAW}.csv`);
    await driver.dropText('_import_slow.csv');
  };
  try {
    const columns = Array.from({ length: width }, (_, j) => `'${c(j)}': 'VARCHAR'`).join(', ');
    try {
      // rowid of a table created from one scan is the file's row order (insertion order is kept).
      await driver.exec(
        `CREATE OR REPLACE TEMP TABLE ${RAW} AS SELECT * FROM read_csv('${path}', header = false, skip = ${headerLine}, auto_detect = false, ` +
          `delim = ${quote(delimiter)}, quote = '', escape = '', columns = {${columns}}, null_padding = false, max_line_size = 4194304)`,
      );
    } catch {
      return null; // ragged rows, an over-long line…: the JS reader reports them row by row
    }
    throwIfAborted(signal);
    const [{ n: rawRows }] = ipcToRows(await driver.query({ text: `SELECT count(*)::DOUBLE AS n FROM ${RAW}`, params: [] }));
    onProgress?.({ bytes: file.bytes.length, rows: rawRows as number });
    const idCol = colOf('order_id');
    const idKey = String.raw`regexp_replace(regexp_replace(${v(idCol)}, '${EDGE}|${INVISIBLE}', '', 'g'), '\.0$', '')`;
    const [{ repeats }] = ipcToRows(
      await driver.query({ text: `SELECT count(*)::DOUBLE AS repeats FROM (SELECT ${idKey} AS k FROM ${RAW} WHERE k <> '' GROUP BY k HAVING count(*) > 1)`, params: [] }),
    );
    if ((repeats as number) > 0) return null;

    // Label tables: each distinct raw value mapped by the JS normaliser; unmapped values take the JS path.
    const channelCol = colOf('channel');
    const refundCol = colOf('is_refund');
    const channels = channelCol < 0 ? [] : await distinctValues(driver, c(channelCol));
    const refunds = refundCol < 0 ? [] : await distinctValues(driver, c(refundCol));
    const clean = (s: string) => s === stripInvisible(s).trim();
    const channelMap = mappingTable(
      (channels ?? []).flatMap((s) => {
        const to = clean(s) ? normaliseChannel(s) : null;
        return to ? [[s, to] as [string, string]] : [];
      }),
      'VARCHAR',
    );
    const refundMap = mappingTable(
      (refunds ?? []).flatMap((s) => {
        const to = clean(s) ? parseBoolean(s) : null;
        return to === null ? [] : [[s, to] as [string, boolean]];
      }),
      'BOOLEAN',
    );

    // Per canonical column: the fast-path condition and the value it loads.
    const fast: string[] = [
      // not blank, not a summary row: the first two cells are non-empty and start like no summary label
      `c0 IS NOT NULL AND c1 IS NOT NULL AND NOT regexp_matches(c0, '${SUMMARY_OR_EDGE}') AND NOT regexp_matches(c1, '${SUMMARY_OR_EDGE}')`,
      `greatest(${Array.from({ length: width }, (_, j) => `length(${v(j)})`).join(', ')}) <= ${MAX_FIELD_CHARS}`,
    ];
    const value: Record<string, string> = {};
    for (const col of TABLES.orders) {
      const j = colOf(col.name);
      if (j < 0) {
        value[col.name] = `NULL::${col.type}`;
        continue;
      }
      const x = v(j);
      switch (col.name) {
        case 'order_id':
          fast.push(`regexp_matches(${x}, '${ID}')`);
          value[col.name] = x;
          break;
        case 'member_id':
          fast.push(`(${x} = '' OR regexp_matches(${x}, '${ID}'))`);
          value[col.name] = `nullif(${x}, '')`;
          break;
        case 'store':
          fast.push(plainText(x));
          value[col.name] = `nullif(${x}, '')`;
          break;
        case 'channel':
          fast.push(`(${x} = '' OR ch_canon IS NOT NULL)`);
          value[col.name] = `ch_canon`;
          break;
        case 'is_refund':
          fast.push(`(${x} = '' OR rf_canon IS NOT NULL)`);
          value[col.name] = `rf_canon`;
          break;
        case 'order_time': {
          // strptime refuses impossible dates (2023-02-29) and hours/minutes out of range; seconds ≤ 59 and years 1900–2100 as values.ts.
          const t = `CASE WHEN regexp_matches(${x}, '${TIMESTAMP}') AND substr(${x}, 18, 2) <= '59' THEN try_strptime(${x}, '%Y-%m-%d %H:%M:%S') WHEN regexp_matches(${x}, '${DATE}') THEN try_strptime(${x}, '%Y-%m-%d') END`;
          fast.push(`${t} IS NOT NULL AND year(${t}) BETWEEN 1900 AND 2100`);
          value[col.name] = t;
          break;
        }
        default: {
          const re = col.type === 'INTEGER' ? INTEGER : NUMBER;
          const cond = `regexp_matches(${x}, '${re}')`;
          fast.push(col.required ? cond : `(${x} = '' OR ${cond})`);
          value[col.name] = `CASE WHEN ${x} <> '' THEN TRY_CAST(${x} AS ${col.type}) END`; // the regex makes TRY_CAST exact
        }
      }
    }
    const joins =
      (channelCol >= 0 ? ` LEFT JOIN ${channelMap} ch ON ch.raw = ${c(channelCol)}` : '') + (refundCol >= 0 ? ` LEFT JOIN ${refundMap} rf ON rf.raw = ${c(refundCol)}` : '');
    const amount = value.amount;
    const refund = value.is_refund;
    // Refund rules of table-rows.ts applyKindRules: negative amount = refund; a flagged refund is negative.
    const select = TABLES.orders
      .map((col) => {
        if (col.name === 'is_refund') return `CASE WHEN ${amount} < 0 THEN true WHEN ${refund} IS NULL THEN false ELSE ${refund} END AS is_refund`;
        if (col.name === 'amount') return `CASE WHEN ${refund} = true AND ${amount} > 0 THEN -${amount} ELSE ${amount} END AS amount`;
        return `${value[col.name]} AS ${col.name}`;
      })
      .join(', ');
    const base =
      `(SELECT r.*, r.rowid + ${headerLine + 1} AS line${channelCol >= 0 ? ', ch.canon AS ch_canon' : ''}${refundCol >= 0 ? ', rf.canon AS rf_canon' : ''} ` +
      `FROM ${RAW} r${joins})`;
    await driver.exec(`CREATE OR REPLACE TEMP TABLE _import_rows AS SELECT *, (${fast.join(') AND (')}) AS fast FROM ${base}`);
    await driver.exec(`DROP TABLE ${RAW}`);
    throwIfAborted(signal);

    // The few rows the projection does not read: today's converters, with their own line numbers.
    const slow = ipcToRows(
      await driver.query({
        text: `SELECT line::DOUBLE AS line, ${Array.from({ length: width }, (_, j) => `${v(j)} AS ${c(j)}`).join(', ')} FROM _import_rows WHERE NOT fast ORDER BY line`,
        params: [],
      }),
    );
    const slowRaw: RawTable = {
      ...raw,
      rows: [headerCells, ...slow.map((r) => Array.from({ length: width }, (_, j) => r[c(j)] as string))],
      lines: [headerLine, ...slow.map((r) => r.line as number)],
      problems: undefined,
    };
    const loop = new RowLoop(file.name, slowRaw, 0, undefined, signal);
    loop.loadedRows = [];
    const converted = await convertTable(loop, 'orders', layout.headers, mapping, options.knownIds);
    const slowLines = loop.loadedRows.map((i) => slowRaw.lines[i]);
    const slowPath = await driver.registerText('_import_slow.csv', converted.csv);
    await driver.exec(
      `CREATE OR REPLACE TEMP TABLE _import_slow AS SELECT * FROM read_csv('${slowPath}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', ` +
        `columns = ${csvColumnsSpec('orders')}, timestampformat = '%Y-%m-%d %H:%M:%S')`,
    );

    const names = TABLES.orders.map((col) => col.name);
    const csv = await driver.copyToCsvText(
      `SELECT ${names.join(', ')} FROM (SELECT line, ${select} FROM _import_rows WHERE fast ` +
        `UNION ALL BY NAME SELECT l.line, s.* FROM _import_slow s JOIN (SELECT unnest([${slowLines.join(', ') || 'NULL'}]::BIGINT[]) AS line, generate_subscripts([${slowLines.join(', ') || 'NULL'}]::BIGINT[], 1) - 1 AS i) l ON l.i = s.rowid) ORDER BY line`,
    );

    // Counts for the report: fast rows are read and loaded; coverage over the non-blank rows.
    const coverCols = ['store', 'channel', 'member_id'].map(colOf).filter((j) => j >= 0);
    const [counts] = ipcToRows(
      await driver.query({
        text: `SELECT count(*)::DOUBLE AS n${coverCols.map((j) => `, count(*) FILTER (WHERE ${v(j)} <> '')::DOUBLE AS f${j}`).join('')} FROM _import_rows WHERE fast`,
        params: [],
      }),
    );
    const nFast = counts.n as number;
    const slowData = slowRaw.rows.slice(1).filter((r) => r.some((cell) => cell.trim() !== ''));
    const filled = (j: number) => ((counts[`f${j}`] as number) ?? 0) + slowData.filter((r) => (r[j] ?? '').trim() !== '').length;
    return {
      kind: 'orders',
      csv,
      report: {
        file: file.name,
        kind: 'orders',
        sourceKind: 'orders',
        rowsRead: nFast + loop.rowsRead,
        rowsLoaded: nFast + loop.rowsLoaded,
        rowsRejected: loop.rejected.length,
        outputRows: nFast + converted.outputRows,
        headerRows: 1,
        preambleRows: headerLine - 1,
        summaryRowsSkipped: loop.summaryRowsSkipped,
        blankRowsSkipped: loop.blankRowsSkipped,
        rejected: loop.rejected,
        duplicateOrderIds: converted.duplicateOrderIds,
        tierMapping: converted.tierMapping,
        encoding: raw.encoding,
        delimiter: raw.delimiter,
        mapping,
        warnings: [...raw.warnings, ...converted.warnings, ...coverageWarnings('orders', layout.headers, mapping, nFast + slowData.length, filled)],
      },
    };
  } finally {
    await drop();
  }
}
