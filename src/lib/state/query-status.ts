/** A query's status, and one status for a panel made of several queries. */

export type QueryStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * An error wins (it must not hide behind another query still loading), then loading, else ready;
 * with the first error's message.
 */
export function combineStatus(...queries: readonly { status: QueryStatus; error: string | null }[]): { status: 'loading' | 'ready' | 'error'; error: string | null } {
  const failed = queries.find((q) => q.status === 'error');
  if (failed) return { status: 'error', error: failed.error };
  return { status: queries.some((q) => q.status === 'loading') ? 'loading' : 'ready', error: null };
}
