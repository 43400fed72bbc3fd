/**
 * The import flow's state on the page: the chosen files with their preview, kind and mapping,
 * then the run (progress, cancel) and its outcome. Files go to the worker as File objects; the
 * page never reads their bytes.
 */
import * as Comlink from 'comlink';
import type { Dashboard } from './dashboard.svelte.ts';
import type { FileInspection, ImportFileError, ImportProgressEvent, SavedInfo } from '../engine/api.ts';
import { engineClient, newRequestId } from '../engine/client.ts';
import { changedFileIds } from '../import/changed-files.ts';
import { recallKind, recallMapping, rememberMapping } from '../import/mappings.ts';
import type { ColumnMapping, ImportKind, ImportReport } from '../engine/import-types.ts';

export interface FileEntry {
  id: number;
  file: File;
  status: 'reading' | 'ready' | 'error';
  preview: FileInspection | null;
  error: string | null;
  kind: ImportKind | null;
  sheet?: string;
  mapping: ColumnMapping;
  /** The mapping came from an earlier confirmed import of a file with the same headers. */
  remembered: boolean;
}

export type RunPhase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

let nextEntry = 0;

export class ImportFlow {
  entries = $state<FileEntry[]>([]);
  append = $state(false);
  phase = $state<RunPhase>('idle');
  progress = $state.raw<ImportProgressEvent | null>(null);
  reports = $state.raw<ImportReport[]>([]);
  errors = $state.raw<ImportFileError[]>([]);
  saveError = $state<string | null>(null);
  saved = $state.raw<SavedInfo | null>(null);
  /** The imported data is live and still being saved on the device. */
  saving = $state(false);
  private requestId = '';

  /** Required fields of the entry's kind that have no column. */
  missingRequired(entry: FileEntry): string[] {
    if (!entry.preview || !entry.kind) return [];
    return entry.preview.candidates[entry.kind].fields.filter((f) => f.required && !entry.mapping[f.field]).map((f) => f.label);
  }

  get canImport(): boolean {
    return this.phase !== 'running' && this.entries.length > 0 && this.entries.every((e) => e.status !== 'reading');
  }

  async refreshSaved(): Promise<void> {
    try {
      this.saved = await engineClient().savedDataset();
    } catch (e) {
      // Only the "saved on this device" line depends on it; the next dataset change reads it again.
      console.warn('could not read where the data is saved', e);
    }
  }

  addFiles(files: Iterable<File>): void {
    for (const file of files) {
      const id = ++nextEntry;
      this.entries.push({ id, file, status: 'reading', preview: null, error: null, kind: null, mapping: {}, remembered: false });
      void this.inspect(id);
    }
  }

  remove(id: number): void {
    this.entries = this.entries.filter((e) => e.id !== id);
  }

  private entry(id: number): FileEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** Previews a file (or another sheet of it) in the worker and applies a remembered kind/mapping. */
  async inspect(id: number, sheet?: string): Promise<void> {
    const start = this.entry(id);
    if (!start) return;
    start.status = 'reading';
    const out = await engineClient().previewFile(start.file, sheet);
    const entry = this.entry(id);
    if (!entry) return;
    if (!out.ok) {
      Object.assign(entry, { status: 'error', error: out.message, preview: null, kind: null, mapping: {} });
      return;
    }
    const p = out.preview;
    entry.preview = p;
    entry.sheet = p.sheet;
    entry.error = null;
    entry.status = 'ready';
    this.setKind(id, recallKind(p.headers) ?? p.kind);
  }

  setKind(id: number, kind: ImportKind | null): void {
    const entry = this.entry(id);
    if (!entry?.preview) return;
    const remembered = kind ? recallMapping(entry.preview.headers, kind) : null;
    entry.kind = kind;
    entry.mapping = remembered ?? (kind ? { ...entry.preview.candidates[kind].mapping } : {});
    entry.remembered = remembered !== null;
  }

  setColumn(id: number, field: string, header: string | null): void {
    const entry = this.entry(id);
    if (!entry) return;
    entry.mapping[field] = header;
    entry.remembered = false;
  }

  /** Imports every file; on success the dashboard switches to the new data and mappings are remembered. */
  async run(dash: Dashboard): Promise<void> {
    if (!this.canImport) return;
    const entries = $state.snapshot(this.entries) as FileEntry[];
    this.phase = 'running';
    dash.importing = true;
    this.progress = null;
    this.reports = [];
    this.errors = [];
    this.saveError = null;
    const requestId = (this.requestId = newRequestId());
    const items = entries.map((e) => ({ file: e.file, kind: e.kind ?? undefined, mapping: e.status === 'ready' ? e.mapping : undefined, sheet: e.sheet }));
    try {
      const onProgress = Comlink.proxy((p: ImportProgressEvent) => {
        if (this.requestId === requestId) this.progress = p;
      });
      const out = await engineClient().importFiles(items, { requestId, append: this.append, saveInBackground: true }, onProgress);
      if (out.status === 'done') {
        for (const e of entries) if (e.preview && e.kind) rememberMapping(e.preview.headers, e.kind, e.mapping);
        this.reports = out.reports;
        this.saved = out.saved;
        this.saveError = out.saveError ?? null;
        this.entries = [];
        dash.useDataset(out.dataset);
        if (out.saving) void this.followSave(requestId);
      } else if (out.status === 'failed') {
        this.errors = out.errors;
        // A file changed on disk since it was chosen cannot be read again through its card: drop the card.
        const stale = changedFileIds(
          entries.map((e) => e.id),
          out.errors,
        );
        this.entries = this.entries.filter((e) => !stale.has(e.id));
      }
      this.phase = out.status;
    } catch (e) {
      this.errors = [{ file: '', message: e instanceof Error ? e.message : String(e), code: 'internal' }];
      this.phase = 'failed';
    } finally {
      dash.importing = false;
    }
  }

  /** The background save's outcome: 'saving…' until it lands, then where it is (or why it is not). */
  private async followSave(requestId: string): Promise<void> {
    this.saving = true;
    try {
      const result = await engineClient().awaitSave(requestId);
      if (this.requestId !== requestId || !result) return; // a newer import follows its own save
      this.saved = result.saved;
      this.saveError = result.saveError ?? null;
    } catch (e) {
      if (this.requestId === requestId) this.saveError = e instanceof Error ? e.message : String(e);
    } finally {
      if (this.requestId === requestId) this.saving = false;
    }
  }

  cancel(): void {
    if (this.phase === 'running') void engineClient().cancelImport(this.requestId);
  }

  /** Deletes the saved dataset and shows the demo again. */
  async clearAll(dash: Dashboard): Promise<void> {
    dash.useDataset(await engineClient().clearData());
    this.saved = null;
    this.reports = [];
    this.errors = [];
    this.phase = 'idle';
  }
}
