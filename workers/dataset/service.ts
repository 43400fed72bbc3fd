/**
 * Import and persistence inside the worker: File objects → the import pipeline → all tables
 * staged and swapped in at once → the canonical CSVs saved on the device. An import REPLACES
 * the whole dataset (tables it has no file for become empty) unless `append` is set; a failed
 * or cancelled import leaves the live tables and the saved copy as they were. With
 * `saveInBackground` the outcome returns once the tables are live and the save (gzip + device
 * writes, a fifth of an import's time) runs after it; saves run one after another in import order,
 * and anything that reads or clears the saved copy waits for the saves before it.
 */
import type { DatasetApi, EngineApi, ImportFileError, ImportOutcome, ImportProgressEvent, SavedInfo, SaveResult } from '../../src/lib/engine/api.ts';
import { isEngineError } from '../../src/lib/engine/errors.ts';
import { importFile, isImportError, previewFile, type ImportReport, type ImportResult, type KnownIds, type SourceFile } from '../import/index.ts';
import { ImportError } from '../import/errors.ts';
import { dropSqlImport, importOrdersSql, type SqlImportResult, type SqlSource } from '../import/sql-orders.ts';
import type { Engine, TableSource } from '../engine.ts';
import type { TableName } from '../../src/lib/schema.ts';
import type { BlobStore } from '../persistence/blob-store.ts';
import { clearSavedDataset, openSavedDataset, readSavedMeta, saveDataset, type SavedTable, type TableToSave } from '../persistence/dataset-store.ts';
import { gzipPieces } from '../persistence/gzip.ts';
import { saveChannel } from '../persistence/save-channel.ts';
import { allTables, appendCsv, inspect, type TableCsvs } from './tables.ts';

/** The label of imported data (the header badge says 我的数据 for anything but 'demo'). */
export const USER_LABEL = 'user';
const PROGRESS_EVERY_MS = 100;

/**
 * A chosen file's bytes. A browser reads a chosen File from disk when asked, and a file saved again (or
 * moved) after it was chosen can no longer be read through it (NotReadableError): the user must choose it
 * again, and the message says so in both languages (code 'changed').
 */
async function readBytes(file: File): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    if ((e as DOMException)?.name !== 'NotReadableError') throw e;
    throw new ImportError(file.name, '选择之后文件被修改或移动了，请重新选择 / the file changed on disk after it was chosen; choose it again', 'changed');
  }
}

/** A file that could not be imported, as a value for the page (any error of the pipeline names its file). */
function fileError(file: string, e: unknown): ImportFileError {
  if (isImportError(e)) return { file, message: e.message, code: (e as { code?: string }).code ?? 'unreadable' };
  return { file, message: `${file}: ${e instanceof Error ? e.message : String(e)}`, code: 'unreadable' };
}

/** At most one progress message per interval (each one is a postMessage to the page). */
function throttled(send: ((p: ImportProgressEvent) => void) | undefined) {
  let last = 0;
  return (p: ImportProgressEvent, force = false) => {
    const now = Date.now();
    if (!send || (!force && now - last < PROGRESS_EVERY_MS)) return;
    last = now;
    // A comlink callback returns a promise; a page that went away must not fail the import.
    void Promise.resolve(send(p)).catch(() => undefined);
  };
}

/** The import/persistence half of the worker API, over an engine and a device store (opened on first use). */
export function createDatasetService(engine: EngineApi, openStore: () => Promise<BlobStore>): DatasetApi {
  let storePromise: Promise<BlobStore> | undefined;
  const store = () => (storePromise ??= openStore());
  const running = new Map<string, AbortController>();
  const channel = saveChannel();
  let nextId = 0;
  /** The last save started: the next save, an append, a clear and a restore wait for it. */
  let lastSave: Promise<SaveResult> = Promise.resolve({ saved: null });
  /** Background saves not yet asked for, by import request id. */
  const backgroundSaves = new Map<string, Promise<SaveResult>>();

  /**
   * Saves after every save started before it (two quick imports land in order); never throws.
   * Tables in `live` are exported from the live table here (their CSV text, if any, is not saved), off the
   * import's critical path, range by range into one gzip stream (never one string: 10M orders are ~650 MB
   * of CSV). Orders are always exported live, in the order facts' row order and with their tiers beside
   * them (`order_tiers`): what the next restore reads straight back as the facts (session 13). If another
   * swap replaced the data first (a later import, the demo), even midway, this save has nothing left to
   * save and says so as not saved.
   */
  function save(tables: TableCsvs, files: string[], live?: { tables: TableName[]; swap: number }): Promise<SaveResult> {
    const result = lastSave.then(async (): Promise<SaveResult> => {
      try {
        const s = await store();
        const all: Partial<Record<SavedTable, TableToSave>> = { ...tables };
        for (const t of live?.tables ?? []) {
          for (const part of t === 'orders' ? (['orders', 'order_tiers'] as const) : [t]) {
            const gzip = await gzipPieces((write) => (engine as Engine).exportTableCsv(part, live!.swap, write));
            if (gzip === null) return { saved: null };
            all[part] = { gzip };
          }
        }
        const meta = await saveDataset(s, all, files);
        const saved: SavedInfo = { storage: s.kind, savedAt: meta.savedAt, files: meta.files, id: meta.id };
        channel.announce({ type: 'saved', info: saved });
        return { saved };
      } catch (e) {
        return { saved: null, saveError: e instanceof Error ? e.message : String(e) };
      }
    });
    lastSave = result;
    return result;
  }

  async function savedInfo(): Promise<SavedInfo | null> {
    const s = await store();
    const meta = await readSavedMeta(s);
    return meta && { storage: s.kind, savedAt: meta.savedAt, files: meta.files, id: meta.id };
  }

  return {
    async previewFile(file, sheet) {
      try {
        return { ok: true, preview: inspect(await previewFile({ name: file.name, bytes: await readBytes(file) }, { sheet })) };
      } catch (e) {
        return { ok: false, ...fileError(file.name, e) };
      }
    },

    async importFiles(items, options = {}, onProgress): Promise<ImportOutcome> {
      const id = options.requestId ?? `import-${++nextId}`;
      const controller = new AbortController();
      running.set(id, controller);
      const progress = throttled(onProgress);
      const totalBytes = items.reduce((n, i) => n + i.file.size, 0);
      /** The SQL import's table of canonical rows, loaded as is (renamed into staging). */
      let staged: SqlImportResult | undefined;
      try {
        const tables: TableCsvs = {};
        const reports: ImportReport[] = [];
        const errors: ImportFileError[] = [];
        let bytes = 0;
        let rows = 0;
        // An order (or member) id appears once per import: a repeat in a later file is rejected and reported.
        const knownIds: KnownIds = { orders: new Map(), members: new Map() };
        for (const [fileIndex, item] of items.entries()) {
          const at = { file: item.file.name, fileIndex, fileCount: items.length, totalBytes };
          progress({ ...at, phase: 'parsing', bytes, rows }, true);
          try {
            const source: SourceFile = { name: item.file.name, bytes: await readBytes(item.file) };
            // One orders CSV: the bulk in SQL when the file allows it (sql-orders.ts), else the JS path.
            const bulk = items.length === 1 && 'bulk' in engine ? (engine as Engine) : undefined;
            let result: ImportResult | SqlImportResult | null = null;
            if (bulk) {
              const o = {
                kind: item.kind,
                mapping: item.mapping,
                sheet: item.sheet,
                knownIds,
                signal: controller.signal,
                onProgress: (p: { bytes: number; rows: number }) => progress({ ...at, phase: 'parsing', bytes: bytes + p.bytes, rows: rows + p.rows }, true),
              };
              try {
                // Once the scratch table holds the rows, the file's bytes are dropped here too (the tab's peak, issue 14).
                const sql: SqlSource = {
                  ...source,
                  release: () => {
                    sql.bytes = source.bytes = new Uint8Array(0);
                  },
                };
                result = await bulk.bulk((driver) => importOrdersSql(driver, sql, o), { requestId: id });
              } catch (e) {
                if (isImportError(e) || controller.signal.aborted) throw e;
                // A failure of the SQL path itself (not of the file): the JS path still imports the file.
                console.warn(`${item.file.name}: the SQL import failed, importing with the JS path`, e);
              }
            }
            // The SQL path gave the file back after it dropped the bytes: read them again.
            if (!result && source.bytes.length === 0 && item.file.size > 0) source.bytes = await readBytes(item.file);
            result ??= await importFile(source, {
              kind: item.kind,
              mapping: item.mapping,
              sheet: item.sheet,
              knownIds,
              signal: controller.signal,
              onProgress: (p) => progress({ ...at, phase: 'parsing', bytes: bytes + p.bytes, rows: rows + p.rows }),
            });
            if ('table' in result) staged = result;
            else tables[result.kind] = appendCsv(tables[result.kind], result.csv);
            reports.push(result.report);
            rows += result.report.rowsRead;
          } catch (e) {
            if (controller.signal.aborted) return { status: 'cancelled' };
            errors.push({ ...fileError(item.file.name, e), fileIndex });
          }
          bytes += item.file.size;
        }
        if (errors.length) return { status: 'failed', errors };

        let files = items.map((i) => i.file.name);
        const bulk = engine as Engine;
        if (staged && options.append && (await engine.dataset()).label === USER_LABEL) {
          // Appending goes through the saved CSVs: the imported rows as CSV too (rare: one orders file added to data).
          const t = staged.table;
          tables.orders = await bulk.bulk(async (d) => {
            const csv = new TextDecoder().decode(await d.copyToCsv(`SELECT * FROM ${t}`));
            await d.exec(`DROP TABLE ${t}`);
            return csv;
          });
          staged = undefined;
        }
        if (options.append && (await engine.dataset()).label === USER_LABEL) {
          await lastSave; // the copy to append to is the one the previous import is still saving
          const saved = await openSavedDataset(await store());
          if (saved) {
            for (const [t, csv] of Object.entries(tables) as [keyof TableCsvs, string][]) tables[t] = appendCsv(saved.tables[t], csv);
            // Saved orders go back as plain orders: members may change with this import, so the facts are rebuilt.
            for (const t of saved.meta.tables) if (t !== 'order_tiers') tables[t] ??= saved.tables[t];
            files = [...saved.meta.files, ...files];
          }
        }
        if (controller.signal.aborted) return { status: 'cancelled' };
        progress({ file: '', fileIndex: items.length, fileCount: items.length, totalBytes, phase: 'loading', bytes, rows }, true);
        let dataset;
        let live: { tables: TableName[]; swap: number } | undefined;
        try {
          if (staged) {
            const loaded = await bulk.loadTables({ ...allTables(tables), orders: { scratch: staged.table } }, USER_LABEL, { requestId: id });
            staged = undefined; // renamed into the dataset
            dataset = loaded.dataset;
            live = { tables: ['orders'], swap: loaded.swap };
          } else {
            const loaded = await bulk.loadTables(allTables(tables), USER_LABEL, { requestId: id });
            dataset = loaded.dataset;
            live = { tables: ['orders'], swap: loaded.swap }; // saved from the facts, with their tiers (see save)
          }
        } catch (e) {
          if (isEngineError(e) && e.code === 'cancelled') return { status: 'cancelled' };
          // Rows are range-checked on import, so this should not happen; if it does, it is said plainly.
          return {
            status: 'failed',
            errors: [{ file: '', message: `加载失败，数据未改变 / loading failed; the data is unchanged: ${e instanceof Error ? e.message : String(e)}`, code: 'load_failed' }],
          };
        }
        // Past this point the new data is live: saving is not cancellable, only reported.
        running.delete(id);
        if (options.saveInBackground) {
          backgroundSaves.clear(); // only the latest import's save is asked for
          backgroundSaves.set(id, save(tables, files, live));
          return { status: 'done', dataset, reports, saved: null, saving: true };
        }
        progress({ file: '', fileIndex: items.length, fileCount: items.length, totalBytes, phase: 'saving', bytes, rows }, true);
        return { status: 'done', dataset, reports, ...(await save(tables, files, live)) };
      } finally {
        running.delete(id);
        // An import that stopped before loading (another file failed, cancelled) drops the SQL import's table.
        if (staged) {
          const left = staged;
          await (engine as Engine).bulk((d) => dropSqlImport(d, left)).catch(() => undefined);
        }
      }
    },

    async cancelImport(requestId) {
      const controller = running.get(requestId);
      if (!controller) return false;
      controller.abort();
      await engine.cancel(requestId);
      return true;
    },

    async awaitSave(requestId) {
      const result = backgroundSaves.get(requestId);
      backgroundSaves.delete(requestId);
      return result ?? null;
    },

    async clearData() {
      await lastSave; // a save still running must not land after the clear
      await clearSavedDataset(await store());
      channel.announce({ type: 'cleared' });
      return engine.loadDemo();
    },

    async restore() {
      let restoreError: string | undefined;
      await lastSave;
      try {
        const saved = await openSavedDataset(await store());
        if (saved) {
          const { order_tiers: tiers, ...tables } = saved.tables;
          const sources: Record<TableName, TableSource> = allTables(tables);
          // Saved with the facts' tiers (session 13): the facts read back as saved, with the members saved beside them.
          if (tiers && tables.orders) sources.orders = { facts: { orders: tables.orders, tiers } };
          return (await (engine as Engine).loadTables(sources, USER_LABEL)).dataset;
        }
      } catch (e) {
        // Said on the page, not only in the console: the user's data did not open.
        restoreError = e instanceof Error ? e.message : String(e);
        console.warn('The saved dataset could not be restored; opening the demo instead.', e);
      }
      const demo = await engine.loadDemo();
      return restoreError === undefined ? demo : { ...demo, restoreError };
    },

    savedDataset: savedInfo,

    watchSaves(onChange) {
      // A comlink callback returns a promise; a page that went away must not break the channel.
      channel.watch((info) => void Promise.resolve(onChange(info)).catch(() => undefined));
    },
  };
}
