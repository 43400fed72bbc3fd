/**
 * The bulk of an orders CSV imported in SQL (issue 14): JavaScript detects encoding, dialect,
 * header, kind and mapping on a preview (sql-orders-plan.ts, the same detectors as importFile),
 * DuckDB reads the file(s) with `read_csv(all_varchar)` and ONE projection (sql-orders-projection.ts)
 * writes the rows it reads exactly as values.ts would straight into a table of canonical orders —
 * the table the engine then swaps in (engine.loadTables), never a CSV copied out and read back.
 * Every row the projection does not read (a summary or blank row, an unusual date or amount, a long
 * field…) goes through the existing JS converters (convertTable) and is appended after the others
 * in line order, so its acceptance or rejection reason and line number are exactly today's.
 *
 * XLSX and Parquet arrive decoded by JS as Arrow batches of text cells (columnar-orders.ts).
 * A file goes to the JS path instead (null) when the SQL path could not number its rows or treat
 * them identically: not a CSV in UTF-8, GBK or Big5 (the last two transcoded: transcode.ts), bad bytes, any `"` in the file,
 * blank lines or lone CRs (plainLayout), a kind other than orders, no order id column, order ids
 * that repeat (the duplicate report needs the JS order), or a read_csv error (ragged rows,
 * over-long lines).
 */
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import type { ImportOptions, ImportResult, RawTable, RejectedRow, SourceFile } from '../../src/lib/engine/import-types.ts';
import { canonicalCsvRead, csvColumnsSpec, TABLES } from '../../src/lib/schema.ts';
import type { SqlDriver } from '../drivers/driver.ts';
import { columnsSql, storedInFile } from '../order-facts.ts';
import { ORDER_FACTS_COLUMNS, orderFactsDerived } from '../../src/lib/metrics/scope.ts';
import { quoteIdent } from '../../src/lib/sql.ts';
import { coverageWarnings } from './coverage.ts';
import { stripInvisible } from './fields.ts';
import { chooseSheet } from './index.ts';
import { normaliseChannel } from './labels.ts';
import { RowLoop, throwIfAborted } from './row-loop.ts';
import { binaryFormat, readSource } from './source.ts';
import { importColumnarOrdersSql } from './columnar-orders.ts';
import { convertTable, type Converted } from './table-rows.ts';
import { parseBoolean } from './values.ts';
import { planOrders, plainLayout, type OrdersPlan } from './sql-orders-plan.ts';
import { toUtf8 } from './transcode.ts';
import { cell, columnIndex, EDGE, INVISIBLE, MAX_LABELS, ordersProjection, quote, rawCol } from './sql-orders-projection.ts';

/** The import's result: the report, and the scratch table of canonical orders rows (the caller loads or drops it). */
export interface SqlImportResult extends Omit<ImportResult, 'csv'> {
  table: string;
  /** RawFiles.facts: `table` holds the order facts themselves (ORDER_FACTS_COLUMNS, sorted by order time then line), not canonical orders. */
  facts?: boolean;
}

/** The scratch table the SQL import writes its canonical orders rows to (in the driver's scratch schema, if it has one). */
export const SQL_ORDERS_TABLE = '_import_orders';
const scratchTable = (driver: SqlDriver) => (driver.scratchSchema ? `${driver.scratchSchema}.${SQL_ORDERS_TABLE}` : SQL_ORDERS_TABLE);
/** The registered file of the browser's import. */
const RAW = '_import_raw';
const SLOW = '_import_slow';

/** Files DuckDB reads: paths as read_csv sees them, and the name each has in the report. */
export interface RawFiles {
  /** What the report names (the file, or the folder/glob given on the command line). */
  label: string;
  paths: string[];
  names: string[];
  /** Total size (progress). */
  bytes: number;
  /** Instead of read_csv: a table expression giving c0…c(width-1) as text (and `filename` for several files), e.g. Parquet columns cast to text. */
  select?: string;
  /**
   * Called once the scratch table holds every row read (before the slow rows are converted): the caller drops its
   * registered files and its copies of the bytes, so they are gone before the swap builds the order facts.
   */
  release?: () => Promise<void> | void;
  /**
   * The command line with no members (issue 14: the orders written once): the table written is the order facts
   * themselves — the canonical columns, then `order_date` and an empty `tier` (ORDER_FACTS_COLUMNS) — sorted by order
   * time, ties (orders in the same second) in file order (the files' order, then the line; NULL times last). One
   * sorted write straight from the read instead of a scratch table then the sorted facts. Rows the JS converters
   * read (slow rows that load) take their line too, and then the table is sorted once more.
   */
  facts?: boolean;
}

/** The scratch table's columns after the canonical ones: the row read slowly, its raw cells, and (several files) its file. */
const SCRATCH_COLUMNS = [
  { name: '_slow', type: 'BOOLEAN' },
  { name: '_cells', type: 'VARCHAR[]' },
];
const FILE_COLUMN = { name: '_file', type: 'SMALLINT' };
/** RawFiles.facts: each row's place in the read (1-based, over every file in turn): the tie-break of the sort. */
const LINE_COLUMN = { name: '_line', type: 'BIGINT' };
/** RawFiles.facts: the facts' two columns after the canonical ones, as orderFactsSelect gives them with no members. */
const FACTS_VALUES = orderFactsDerived('order_time', 'NULL::VARCHAR');

const count = async (driver: SqlDriver, text: string) => Number(ipcToRows(await driver.query({ text, params: [] }))[0].n);

/** Drops the scratch table of a result that will not be loaded. */
export async function dropSqlImport(driver: SqlDriver, result: SqlImportResult): Promise<void> {
  await driver.exec(`DROP TABLE IF EXISTS ${result.table}`);
}

/**
 * The file an import reads, and what lets the SQL import drop it early (issue 14: the tab's peak): `release` is
 * called once the scratch table holds every row, and the caller then drops its copy of `bytes` (null from the
 * import afterwards: the JS path reads the file again). DuckDB reads the bytes already read, never the chosen
 * File itself: a file changed on disk after it was chosen (saved again from Excel) is no longer readable through
 * that File (NotReadableError), and the bytes are the ones the preview and the plan were made from.
 */
export interface SqlSource extends SourceFile {
  release?: () => void;
}

/**
 * Imports one orders CSV (the browser: the chosen file's bytes registered with DuckDB); null when
 * the file must take the JS path. Only for an import of this one file: ids are not checked against other files.
 */
export async function importOrdersSql(driver: SqlDriver, file: SqlSource, options: ImportOptions = {}): Promise<SqlImportResult | null> {
  const columnar = binaryFormat(file);
  if (columnar) return importColumnarOrdersSql(driver, file, columnar, options); // XLSX/Parquet: decoded in JS, cells as CSV text
  const raw = await readSource(file, { sheet: options.sheet, chooseSheet, preview: true, maxDecompressedBytes: options.maxDecompressedBytes });
  const plan = planOrders(file.name, raw, options);
  if (!plan) return null;
  // GBK/Big5: the UTF-8 bytes DuckDB reads, decoded chunk by chunk (line numbers are unchanged).
  let utf8 = raw.encoding === 'utf-8' ? file.bytes : toUtf8(file.bytes, raw.encoding!);
  if (!utf8) return null;
  const bom = utf8[0] === 0xef && utf8[1] === 0xbb && utf8[2] === 0xbf ? 3 : 0;
  if (!plainLayout(utf8, bom)) return null;
  throwIfAborted(options.signal);
  const name = `${RAW}.csv`;
  const path = await driver.registerBytes(name, bom ? utf8.subarray(bom) : utf8);
  let registered = true;
  const release = async () => {
    registered = false;
    await driver.dropText(name);
    utf8 = new Uint8Array(0); // the transcoded copy
    file.release?.();
  };
  try {
    return await stageOrdersSql(driver, plan, { label: file.name, paths: [path.replaceAll("''", "'")], names: [file.name], bytes: file.bytes.length, release }, options);
  } finally {
    if (registered) await driver.dropText(name);
  }
}

/** Raw labels of a column in `rows` (the preview, or the slow rows' cells) mapped by the JS normaliser; unmapped ones are left out. */
function labelPairs<T>(values: Iterable<string>, map: (s: string) => T | null): [string, T][] {
  const clean = (s: string) => s === stripInvisible(s).trim();
  const out = new Map<string, T>();
  for (const s of values) {
    if (out.has(s) || !clean(s)) continue;
    const to = map(s);
    if (to !== null) out.set(s, to);
  }
  return [...out];
}

/**
 * The SQL import over files already readable by DuckDB (registered bytes, or paths on disk for the
 * command line: several files of one layout are one read_csv, each rejected row naming its file).
 * One streaming pass: read_csv → the projection → the table of canonical rows (in file order, so
 * rowid numbers the lines), the rows the projection does not read marked with their raw cells for
 * the JS converters; no table of raw text is kept.
 */
export async function stageOrdersSql(driver: SqlDriver, plan: OrdersPlan, files: RawFiles, options: ImportOptions = {}): Promise<SqlImportResult | null> {
  const { signal, onProgress } = options;
  const { raw, headers, headerCells, mapping, delimiter, headerLine, width } = plan;
  // Progress: the preview's rows now (the page shows rows moving), all rows once DuckDB has read them.
  onProgress?.({ bytes: Math.min(files.bytes, 512 * 1024), rows: Math.max(0, raw.rows.length - headerLine) });
  const colOf = columnIndex(headers, mapping);
  const several = files.paths.length > 1;
  const sorted = !!files.facts;
  // Where a row is in the read (0-based): the scratch table's rowid (it keeps the read's order), or the sorted facts' _line.
  const place = sorted ? '(_line - 1)' : 'rowid';
  const T = scratchTable(driver);
  const canonical = sorted ? ORDER_FACTS_COLUMNS : TABLES.orders;
  const extra = [...SCRATCH_COLUMNS, ...(several ? [FILE_COLUMN] : []), ...(sorted ? [LINE_COLUMN] : [])];
  const file = !driver.scratchSchema && (await storedInFile(driver));
  let done = false;
  try {
    const columns = Array.from({ length: width }, (_, j) => `'${rawCol(j)}': 'VARCHAR'`).join(', ');
    // Lines up to 4 MiB read here (longer ones: the JS reader), in 8 MiB buffers: read_csv's buffer is 16× the
    // longest line by default (64 MiB, allocated even for a tiny file), more than a small --memory-limit holds.
    // sequentialCsv (the CLI spilling with one thread): the parallel reader feeding a table keeps memory DuckDB does not count.
    // RawFiles.facts: lines up to 1 MiB in 2 MiB buffers, since the read feeds a sort that holds memory beside them (700,000
    // orders under 48MB: out of memory with 8 MiB buffers, or 4 MiB; not with 2 MiB); a longer line takes the scratch table's read below.
    const read =
      files.select ??
      `SELECT * FROM read_csv([${files.paths.map(quote).join(', ')}], header = false, skip = ${headerLine}, auto_detect = false, ` +
        `delim = ${quote(delimiter)}, quote = '', escape = '', columns = {${columns}}, null_padding = false, max_line_size = ${sorted ? 1048576 : 4194304}, buffer_size = ${sorted ? 2097152 : 8388608}${several ? ', filename = true' : ''}` +
        `${driver.sequentialCsv ? ', parallel = false' : ''})`;
    const fileIndex = several ? `, (CASE filename ${files.paths.map((p, i) => `WHEN ${quote(p)} THEN ${i}`).join(' ')} END)::SMALLINT AS _file` : '';
    const previewData = raw.rows.slice(raw.lines.indexOf(headerLine) + 1);
    const labels = { channel: [] as [string, string][], refund: [] as [string, boolean][] };
    const labelCols = { channel: colOf('channel'), refund: colOf('is_refund') };
    const addLabels = (values: { channel: Iterable<string>; refund: Iterable<string> }) => {
      labels.channel = labelPairs([...labels.channel.map(([r]) => r), ...values.channel], normaliseChannel);
      labels.refund = labelPairs([...labels.refund.map(([r]) => r), ...values.refund], parseBoolean);
    };
    // Labels seen in the preview; labels only later in the file make their rows slow, and once the
    // slow rows are known, a second pass maps them too if there are many.
    const cellsOf = (rows: string[][], j: number) => (j < 0 ? [] : rows.map((r) => r[j] ?? ''));
    addLabels({ channel: cellsOf(previewData, labelCols.channel), refund: cellsOf(previewData, labelCols.refund) });
    let slowCount = 0;
    for (let pass = 0; ; pass++) {
      if (labels.channel.length > MAX_LABELS || labels.refund.length > MAX_LABELS) return null;
      const projection = ordersProjection(width, colOf, labels);
      const cells = `[${Array.from({ length: width }, (_, j) => cell(j)).join(', ')}]`;
      try {
        // Layers: each value parsed once → the fast test once → the canonical columns. The table keeps the
        // scan's order (insertion order is preserved, in parallel too), so its rowid numbers the files' rows.
        // RawFiles.facts: each row numbered in the read's order first (a streaming window: the scan's order, also when read in parallel).
        const parsed = `SELECT *, ${projection.values} FROM (${sorted ? `SELECT *, row_number() OVER () AS _line FROM (${read})` : read})`;
        const tested = `SELECT *, ${projection.fast} AS _fast FROM (${parsed})`;
        // A query, not exec: in the tab a pending query, so a cancel stops the read mid-file (a 10M file reads for a minute).
        const scratch = `SELECT ${projection.select}, NOT _fast AS _slow, CASE WHEN NOT _fast THEN ${cells} END AS _cells${fileIndex}${sorted ? ', _line' : ''} FROM (${tested})`;
        // RawFiles.facts: the order facts' columns, sorted by order time then place in the read (a sort DuckDB spills past its memory limit).
        const rows = sorted
          ? `SELECT ${[...ORDER_FACTS_COLUMNS, ...extra].map((c) => quoteIdent(c.name)).join(', ')} FROM (SELECT *, ${FACTS_VALUES} FROM (${scratch})) ORDER BY order_time, _line`
          : scratch;
        // In a database file (the command line out of core) declared first, with the facts' column compression (order-facts.ts).
        if (file) await driver.exec(`CREATE OR REPLACE TABLE ${T} ${columnsSql([...canonical, ...extra], true)}`);
        await driver.query({ text: file ? `INSERT INTO ${T} ${rows}` : `CREATE OR REPLACE TABLE ${T} AS ${rows}`, params: [] });
      } catch (e) {
        // Out of memory or disk is no reason to read the file again in JavaScript (which holds it whole): say it.
        if (/Out of Memory|IO Error|No space left|Interrupt/i.test(e instanceof Error ? e.message : String(e))) throw e;
        // RawFiles.facts: the scratch table's read (4 MiB lines) decides, as without facts.
        if (sorted) return stageOrdersSql(driver, plan, { ...files, facts: false }, options);
        return null; // ragged rows, an over-long line…: the JS reader reports them row by row
      }
      throwIfAborted(signal);
      slowCount = await count(driver, `SELECT count(*)::DOUBLE AS n FROM ${T} WHERE _slow`);
      if (pass > 0 || slowCount < 10_000 || (labelCols.channel < 0 && labelCols.refund < 0)) break;
      // Many slow rows: labels the preview did not show? Map them and read again.
      const seen = async (j: number) =>
        j < 0
          ? []
          : ipcToRows(await driver.query({ text: `SELECT DISTINCT _cells[${j + 1}] AS v FROM ${T} WHERE _slow LIMIT ${MAX_LABELS + 1}`, params: [] })).map((r) => r.v as string);
      const before = labels.channel.length + labels.refund.length;
      addLabels({ channel: await seen(labelCols.channel), refund: await seen(labelCols.refund) });
      if (labels.channel.length + labels.refund.length === before) break;
    }
    await files.release?.(); // after the last pass: a second one (labels seen late) reads the files again
    const rawRows = await count(driver, `SELECT count(*)::DOUBLE AS n FROM ${T}`);
    onProgress?.({ bytes: files.bytes, rows: rawRows });
    // Order ids that repeat (the key the JS path compares: trimmed, invisible characters and a trailing .0 removed) go to the JS path.
    const idKey = String.raw`regexp_replace(regexp_replace(coalesce(_cells[${colOf('order_id') + 1}], ''), '${EDGE}|${INVISIBLE}', '', 'g'), '\.0$', '')`;
    // By the key's 64-bit hash (fixed-width: grouping the strings themselves ran out of memory at 1M orders under a
    // 100MB limit, 10M under 300MB); only when hashes repeat, exactly over those rows. The hashes that repeat are
    // found by sorting them, each beside the one before: a sort spills where the hash GROUP BY did not (2M orders under
    // 100MB: "could not allocate block of size 256.0 KiB"); at 10M under 2GB 2.0 s of CPU against 3.2 s, peak RSS 1.0 GB against 0.8.
    const keys = `SELECT CASE WHEN _slow THEN ${idKey} ELSE order_id END AS k FROM ${T}`;
    const hashes = `SELECT hash(k) AS h FROM (${keys}) WHERE k <> ''`;
    const clashes = `SELECT DISTINCT h FROM (SELECT h, lag(h) OVER (ORDER BY h) AS before FROM (${hashes})) WHERE h = before`;
    const repeats =
      (await count(driver, `SELECT count(*)::DOUBLE AS n FROM (${clashes})`)) &&
      (await count(driver, `SELECT count(*)::DOUBLE AS n FROM (SELECT k FROM (${keys}) WHERE k <> '' AND hash(k) IN (${clashes}) GROUP BY k HAVING count(*) > 1)`));
    if (repeats > 0) return null;

    // Counts for the report: fast rows are read and loaded; coverage over the non-blank rows.
    const coverage = { store: 'store', channel: 'channel', member_id: 'member_id' };
    const [counts] = ipcToRows(
      await driver.query({
        text: `SELECT count(*)::DOUBLE AS n${Object.values(coverage)
          .map((c) => `, count(${c})::DOUBLE AS ${c}`)
          .join('')} FROM ${T} WHERE NOT _slow`,
        params: [],
      }),
    );
    const nFast = counts.n as number;

    // The rows the projection does not read: today's converters, with their own line numbers, file by file.
    const line = several ? `${place} - s.start + ${headerLine + 1}` : `${place} + ${headerLine + 1}`;
    const starts = several && slowCount ? ` JOIN (SELECT _file, min(${place}) AS start FROM ${T} GROUP BY _file) s USING (_file)` : '';
    const slowRows = slowCount
      ? ipcToRows(
          await driver.query({
            text: `SELECT (${line})::DOUBLE AS line${several ? ', _file::INTEGER AS file' : ''}${sorted ? ', _line::DOUBLE AS _line' : ''}, ${Array.from({ length: width }, (_, j) => `_cells[${j + 1}] AS ${rawCol(j)}`).join(', ')} FROM ${T}${starts} WHERE _slow ORDER BY ${place}`,
            params: [],
          }),
        )
      : [];
    await driver.exec(`DELETE FROM ${T} WHERE _slow; ${['_slow', '_cells', ...(several ? ['_file'] : [])].map((c) => `ALTER TABLE ${T} DROP COLUMN ${c};`).join(' ')}`);
    const slow: (Record<string, unknown> & { file: string })[] = slowRows.map((r) => ({ ...r, file: several ? files.paths[r.file as number] : files.paths[0] }));
    const byFile = new Map<string, typeof slow>(files.names.map((n) => [n, []]));
    for (const r of slow) byFile.get(files.names[files.paths.indexOf(r.file)])!.push(r);

    let slowLoaded = 0;
    const loops: RowLoop[] = [];
    const converted: Converted[] = [];
    const slowData: string[][] = [];
    for (const [name, rows] of byFile) {
      const slowRaw: RawTable = {
        ...raw,
        rows: [headerCells, ...rows.map((r) => Array.from({ length: width }, (_, j) => r[rawCol(j)] as string))],
        lines: [headerLine, ...rows.map((r) => r.line as number)],
        problems: undefined,
      };
      const loop = new RowLoop(name, slowRaw, 0, undefined, signal);
      // RawFiles.facts: the loaded rows' lines, in the order they are written (convertTable records each loaded id with its
      // line as it writes the row; the ids were checked not to repeat, so a map of this file's ids changes no outcome).
      const loaded = sorted ? { orders: new Map<string, { file: string; row: number }>(), members: new Map<string, { file: string; row: number }>() } : undefined;
      const out = await convertTable(loop, 'orders', headers, mapping, loaded ?? options.knownIds);
      if (out.outputRows > 0) {
        const path = await driver.registerText(`${SLOW}.csv`, out.csv);
        try {
          if (loaded) {
            const placeOf = new Map(rows.map((r) => [r.line as number, r._line as number]));
            const places = [...loaded.orders.values()].map((v) => placeOf.get(v.row));
            if (places.length !== out.outputRows || places.some((l) => l === undefined)) throw new Error(`slow rows: ${out.outputRows} written, ${places.length} lines`);
            const at = await driver.registerText(`${SLOW}_lines.csv`, `${places.join('\n')}\n`);
            try {
              await driver.exec(
                `INSERT INTO ${T} SELECT c.*, ${orderFactsDerived('c.order_time', 'NULL::VARCHAR')}, l._line FROM ${canonicalCsvRead(path, csvColumnsSpec('orders'))} c ` +
                  `POSITIONAL JOIN read_csv('${at}', header = false, auto_detect = false, columns = {'_line': 'BIGINT'}) l`,
              );
            } finally {
              await driver.dropText(`${SLOW}_lines.csv`);
            }
            slowLoaded += out.outputRows;
          } else await driver.exec(`INSERT INTO ${T} SELECT * FROM ${canonicalCsvRead(path, csvColumnsSpec('orders'))}`);
        } finally {
          await driver.dropText(`${SLOW}.csv`);
        }
      }
      loops.push(loop);
      converted.push(out);
      slowData.push(...slowRaw.rows.slice(1).filter((r) => r.some((c) => c.trim() !== '')));
    }

    if (sorted) {
      // Rows the JS converters loaded went in last: sorted again with them in their places (only then a second write).
      if (slowLoaded > 0) {
        const again = `${T}_sorted`;
        await driver.exec(
          `${file ? `CREATE OR REPLACE TABLE ${again} ${columnsSql([...canonical, LINE_COLUMN], true)}; INSERT INTO ${again}` : `CREATE OR REPLACE TABLE ${again} AS`} ` +
            `SELECT * FROM ${T} ORDER BY order_time, _line; DROP TABLE ${T}; ALTER TABLE ${again} RENAME TO ${SQL_ORDERS_TABLE}`,
        );
      }
      await driver.exec(`ALTER TABLE ${T} DROP COLUMN _line`);
    }
    const sum = (f: (l: RowLoop) => number) => loops.reduce((n, l) => n + f(l), 0);
    const rejected: RejectedRow[] = loops.flatMap((l) => l.rejected);
    const filled = (j: number) => {
      const field = Object.keys(coverage).find((f) => colOf(f) === j);
      return ((field ? counts[field] : 0) as number) + slowData.filter((r) => (r[j] ?? '').trim() !== '').length;
    };
    done = true;
    return {
      kind: 'orders',
      table: T,
      ...(sorted ? { facts: true } : {}),
      report: {
        file: files.label,
        kind: 'orders',
        sourceKind: 'orders',
        rowsRead: nFast + sum((l) => l.rowsRead),
        rowsLoaded: nFast + sum((l) => l.rowsLoaded),
        rowsRejected: rejected.length,
        outputRows: nFast + converted.reduce((n, c) => n + c.outputRows, 0),
        headerRows: 1,
        preambleRows: headerLine - 1,
        summaryRowsSkipped: sum((l) => l.summaryRowsSkipped),
        blankRowsSkipped: sum((l) => l.blankRowsSkipped),
        rejected,
        duplicateOrderIds: converted.flatMap((c) => c.duplicateOrderIds),
        tierMapping: converted[0].tierMapping,
        encoding: raw.encoding,
        delimiter: raw.delimiter,
        mapping,
        warnings: [
          ...raw.warnings,
          ...(several ? [...new Set(converted.flatMap((c) => c.warnings))] : converted[0].warnings),
          ...coverageWarnings('orders', headers, mapping, nFast + slowData.length, filled),
        ],
      },
    };
  } finally {
    if (!done) await driver.exec(`DROP TABLE IF EXISTS ${T}`);
  }
}
