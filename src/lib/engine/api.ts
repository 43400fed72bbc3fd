/**
 * The engine's one typed API. The same interface is served by the DuckDB-WASM worker (through
 * comlink, results as transferable Arrow IPC bytes) and by native DuckDB in Node.
 */
import type { MatchedEffects } from '../campaigns/matched-effects.ts';
import type { CampaignSummary } from '../campaigns/report.ts';
import type { MetricParams } from '../metrics/params.ts';
import type { TableName } from '../schema.ts';
import type { SqlStatement } from '../sql.ts';
import type { MemberTarget } from '../view/member-links.ts';
import type { PredictionOptions, PredictionResult, PredictionStatus } from '../members/prediction.ts';
import type { MemberListPage, MemberListWindow } from '../members/pager.ts';
import type { ColumnMapping, FilePreview, ImportKind, ImportReport } from './import-types.ts';

/** Arrow IPC stream bytes; decode with `tableFromIPC` (apache-arrow 17). */
export type ArrowIPC = Uint8Array;

export interface EngineInfo {
  engine: 'duckdb-wasm' | 'duckdb-native';
  duckdbVersion: string;
}

/** Row counts of the canonical tables (0 = absent). */
export type TableCounts = Record<TableName, number>;

export interface DatasetInfo {
  label: string;
  /** Latest order date in the data (ISO): the natural "today" for period presets. */
  lastOrderDate: string | null;
  firstOrderDate: string | null;
  /** Some member has a home store: the member list's "members of this store" scope can apply. */
  homeStores: boolean;
  tables: TableCounts;
  /** Distinct stores and channels in the orders, for the filter bar. */
  stores: string[];
  channels: string[];
  /** Distinct member tiers, lowest first when they are the standard ones. */
  tiers: string[];
  /** Set by restore() when a saved dataset exists but could not be opened (the demo shows instead). */
  restoreError?: string;
}

/** Optional per-call options: a request id makes the call cancellable with `cancel(id)`. */
export interface CallOptions {
  requestId?: string;
}

export interface PanelPrefetchOptions extends CallOptions {
  /**
   * Start at once, without waiting for the engine to be quiet (no real call for 3 s): the page asks so when
   * the import report is shown (session 13), where nothing else of ours is loading. A real call still goes
   * first: it interrupts the running statement and the prefetch gives way.
   */
  eager?: boolean;
}

export interface EngineApi {
  info(): Promise<EngineInfo>;
  /** Replaces a canonical table with the rows of a canonical CSV (header row, ISO dates). */
  loadCsvTable(table: TableName, csv: string, options?: CallOptions): Promise<number>;
  /**
   * Replaces all six tables at once from canonical CSVs: every table is staged first and swapped
   * in one transaction, so a failure or cancel leaves the previous dataset intact.
   */
  loadDataset(tables: Record<TableName, string>, label: string, options?: CallOptions): Promise<DatasetInfo>;
  /** Loads the built-in demo dataset (deterministic). */
  loadDemo(options?: CallOptions): Promise<DatasetInfo>;
  dataset(): Promise<DatasetInfo>;
  /** Runs one catalogue metric with bound parameters. */
  runMetric(id: string, params: MetricParams, options?: CallOptions): Promise<ArrowIPC>;
  /** Runs several metrics; stops between metrics when cancelled. */
  runMetrics(ids: readonly string[], params: MetricParams, options?: CallOptions): Promise<Record<string, ArrowIPC>>;
  /**
   * Answers ahead, by store, the strip metrics and the trend in `requests` (workers/compass-rollup.ts
   * STORE_ROLLUPS; other ids are skipped) under each request's parameters without the store filter, and
   * keeps the answers: a later runMetrics of one of them with one store picked is then read from them,
   * with no SQL. Stops early, answering 'yielded', when another call is waiting (the rest is not asked);
   * 'done' when every by-store answer is held.
   */
  prefetchStoreRollups(requests: readonly { ids: readonly string[]; params: MetricParams }[], options?: CallOptions): Promise<'done' | 'yielded'>;
  /**
   * Answers ahead the metrics of `requests` (the slow panels' first-paint questions, src/lib/state/panel-requests.ts)
   * and keeps them as runMetrics' own results (workers/panel-prefetch.ts). Gives way before each statement
   * when a real call is waiting or ended less than 3 s ago ('yielded', the rest not asked; with `eager`, only
   * when one is waiting); 'replaced' when the data was swapped since it was asked; 'done' when every answer is held.
   */
  prefetchPanels(requests: readonly { ids: readonly string[]; params: MetricParams }[], options?: PanelPrefetchOptions): Promise<'done' | 'yielded' | 'replaced'>;
  /**
   * Asks each request's metrics ahead for every channel of the dataset (its params with `channels: [c]`,
   * requests that already filter a channel skipped), when the dataset has 2 to MAX_PREFETCH_CHANNELS channels:
   * a channel picked next is then answered from the result cache, with no SQL. The same statements the
   * click would run, so the same results. Yields like prefetchStoreRollups ('yielded' when another call waits).
   */
  prefetchChannels(requests: readonly { ids: readonly string[]; params: MetricParams }[], options?: CallOptions): Promise<'done' | 'yielded'>;
  /** Runs arbitrary read-only SQL with bound parameters (tests, CLI, advanced users). */
  query(stmt: SqlStatement, options?: CallOptions): Promise<ArrowIPC>;
  /** Cancels a running or queued call; resolves true when something was cancelled. */
  cancel(requestId: string): Promise<boolean>;
  /** The members of a drill-down target (src/lib/members/list.ts columns), with P(alive) and CLV when a fit is available. */
  memberList(target: MemberTarget, params: MetricParams, options?: CallOptions): Promise<ArrowIPC>;
  /** One window of a member list (its size and at most MEMBER_PAGE_MAX rows, sorted in the worker): what the page shows; memberList is for exports. */
  memberListPage(target: MemberTarget, params: MetricParams, window: MemberListWindow, options?: CallOptions): Promise<MemberListPage>;
  /**
   * BG/NBD, MBG/NBD, Pareto/NBD + Gamma-Gamma fits on all the data (cached per dataset and options), a
   * holdout check and the chosen model's per-member predictions — for the members in `scope` (the
   * store/tier/channel filters, as the value-at-risk list reads them; see modelScopeSql) when given.
   */
  predict(prediction: PredictionOptions, options?: CallOptions, scope?: MetricParams | null): Promise<PredictionResult>;
  /**
   * The fit `predict(prediction)` would make, made ahead in the background (the value panel's default
   * fit while the tab is idle): only its SQL holds the engine (the fits run in the fit worker), so other
   * calls are answered between its SQL and while the models are fitted.
   * Nothing per member comes back: a later predict with the same options finds the fit done. Resolves
   * the fit's status; cancel it with its request id (a new dataset or a changed fit option).
   */
  prefetchPrediction(prediction: PredictionOptions, options?: CallOptions): Promise<PredictionStatus>;
  /** Each campaign's effect against its control group, ranked (src/lib/campaigns/report.ts), computed where the member rows are. */
  campaignEffects(params: MetricParams, options?: CallOptions): Promise<CampaignSummary[]>;
  /** Comparisons against matched members (src/lib/campaigns/matched-effects.ts): benefits and tier upgrades (DiD), communities; computed where the member rows are. */
  matchedEffects(params: MetricParams, options?: CallOptions): Promise<MatchedEffects>;
}

/** One canonical field a file can be mapped onto; label = its usual Chinese header. */
export interface MappingField {
  field: string;
  required: boolean;
  label: string;
}

/** A file's preview plus, for every kind, its fields and the suggested mapping (the page switches kinds without the pipeline). */
export interface FileInspection extends FilePreview {
  candidates: Record<ImportKind, { fields: MappingField[]; mapping: ColumnMapping }>;
}

/** A file the pipeline cannot read (ImportError): message is zh + en and names the file. */
export interface ImportFileError {
  file: string;
  message: string;
  code: string;
  /** Position of the failed file in the import's list (two chosen files may share a name). */
  fileIndex?: number;
}

export type PreviewOutcome = { ok: true; preview: FileInspection } | ({ ok: false } & ImportFileError);

/** One file to import with the options the user confirmed. */
export interface ImportItem {
  file: File;
  /** Absent: the kind the pipeline detects. */
  kind?: ImportKind;
  /** Absent: the mapping the pipeline suggests for this kind. */
  mapping?: ColumnMapping;
  sheet?: string;
}

export interface ImportRunOptions extends CallOptions {
  /** Add to the current (imported) data instead of replacing the whole dataset. */
  append?: boolean;
  /**
   * Return as soon as the new tables are live and save on the device afterwards (the outcome
   * says `saving: true`; awaitSave(requestId) gives the save's result). Absent: the outcome
   * waits for the save.
   */
  saveInBackground?: boolean;
}

export interface ImportProgressEvent {
  phase: 'parsing' | 'loading' | 'saving';
  file: string;
  fileIndex: number;
  fileCount: number;
  /** Bytes read so far over all files, of totalBytes. */
  bytes: number;
  totalBytes: number;
  /** Data rows read so far over all files. */
  rows: number;
}

/** Where the current dataset is kept on the device. */
export interface SavedInfo {
  storage: 'opfs' | 'indexeddb' | 'memory';
  savedAt: string;
  files: string[];
  /** The save's id: another tab's save has a different one. */
  id?: string;
}

/** Where a save ended: on the device (saved), or not (saveError says why). */
export interface SaveResult {
  saved: SavedInfo | null;
  saveError?: string;
}

export type ImportOutcome =
  | ({ status: 'done'; dataset: DatasetInfo; reports: ImportReport[]; /** The save is still running (saveInBackground). */ saving?: boolean } & SaveResult)
  | { status: 'failed'; errors: ImportFileError[] }
  | { status: 'cancelled' };

/** Import and persistence, served by the worker beside the engine (File objects are read there). */
export interface DatasetApi {
  previewFile(file: File, sheet?: string): Promise<PreviewOutcome>;
  /** Parses every file, then swaps the tables in only when all succeeded; progress is throttled. */
  importFiles(items: ImportItem[], options?: ImportRunOptions, onProgress?: (p: ImportProgressEvent) => void): Promise<ImportOutcome>;
  cancelImport(requestId: string): Promise<boolean>;
  /** The result of the background save of import `requestId` (null when there is none). */
  awaitSave(requestId: string): Promise<SaveResult | null>;
  /** Deletes the saved dataset and loads the demo. */
  clearData(): Promise<DatasetInfo>;
  /** Loads the dataset saved on this device, or the demo when there is none. */
  restore(): Promise<DatasetInfo>;
  savedDataset(): Promise<SavedInfo | null>;
  /** Calls back when ANOTHER tab saved (info) or cleared (null) the dataset on this device. */
  watchSaves(onChange: (info: SavedInfo | null) => void): void;
}

/** The page links the engine worker to the fit worker (workers/fit-worker.ts) with one end of a MessageChannel. */
export interface FitWorkerLink {
  /** From now on the prediction's numeric work runs in the fit worker on the other end of `port` (until then, in the engine worker). */
  attachFitWorker(port: MessagePort): void;
}

/** Everything the engine worker serves. */
export type WorkerApi = EngineApi & DatasetApi & FitWorkerLink;
