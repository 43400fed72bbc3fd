/**
 * Engine errors keep a machine-readable code and a human detail across the worker boundary.
 * comlink only carries message/name/stack of an Error, so the transfer handler below (registered
 * on both sides by importing this module) serialises the extra fields.
 */
import * as Comlink from 'comlink';

export type EngineErrorCode = 'cancelled' | 'sql' | 'unknown_metric' | 'missing_table' | 'load_failed' | 'bad_params' | 'not_ready' | 'internal';

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Duck-typed guard: survives structured clone, where `instanceof` does not. */
export function isEngineError(e: unknown): e is EngineError {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'EngineError' && 'code' in e;
}

/** Wraps any thrown value as an EngineError, appending the SQL text when there is one. */
export function toEngineError(e: unknown, code: EngineErrorCode = 'internal', sqlText?: string): EngineError {
  if (isEngineError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new EngineError(code, message, sqlText, { cause: e });
}

interface SerializedThrow {
  engineError?: { code: EngineErrorCode; message: string; detail?: string; stack?: string };
  other?: unknown;
}

// comlink sends thrown values through its 'throw' handler, which drops every field but
// message/name/stack; wrap it so EngineErrors arrive whole and other values go the old way.
const originalThrow = Comlink.transferHandlers.get('throw') as Comlink.TransferHandler<{ value: unknown }, unknown>;
if (!(originalThrow as { engineAware?: boolean }).engineAware) {
  const engineAwareThrow = {
    engineAware: true,
    canHandle: originalThrow.canHandle,
    serialize({ value }: { value: unknown }): [SerializedThrow, Transferable[]] {
      if (isEngineError(value)) {
        const { code, message, detail, stack } = value;
        return [{ engineError: { code, message, detail, stack } }, []];
      }
      const [other, transfers] = originalThrow.serialize({ value });
      return [{ other }, transfers];
    },
    deserialize(s: SerializedThrow): never {
      if (s.engineError) {
        const e = new EngineError(s.engineError.code, s.engineError.message, s.engineError.detail);
        if (s.engineError.stack) e.stack = s.engineError.stack;
        throw e;
      }
      return originalThrow.deserialize(s.other) as never;
    },
  };
  Comlink.transferHandlers.set('throw', engineAwareThrow as unknown as Comlink.TransferHandler<unknown, unknown>);
}
