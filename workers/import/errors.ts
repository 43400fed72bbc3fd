/** A file the pipeline cannot read at all (not a per-row problem: those go in the report). */

export type ImportErrorCode = 'empty' | 'binary' | 'unsupported' | 'no_columns' | 'bad_mapping' | 'unreadable' | 'too_large' | 'changed';

/** Bad file: empty, binary, unsupported format, no recognisable column. Message is zh + en and names the file. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    readonly file: string,
    message: string,
    readonly code: ImportErrorCode = 'unreadable',
  ) {
    super(`${file}: ${message}`);
  }
}

/** Duck-typed guard that survives structured clone (comlink keeps name and message). */
export function isImportError(e: unknown): e is ImportError {
  return typeof e === 'object' && e !== null && (e as Error).name === 'ImportError';
}
