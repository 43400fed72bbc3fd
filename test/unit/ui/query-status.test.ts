// One status for a panel of several queries: error first (two panels used to disagree on the order), then loading.
import { describe, expect, it } from 'vitest';
import { combineStatus } from '../../../src/lib/state/query-status.ts';

const q = (status: 'idle' | 'loading' | 'ready' | 'error', error: string | null = null) => ({ status, error });

describe('combineStatus', () => {
  it('an error wins over a query still loading, with its message', () => {
    expect(combineStatus(q('loading'), q('error', 'boom'), q('error', 'later'))).toEqual({ status: 'error', error: 'boom' });
  });
  it('loading while any query loads; ready when none loads or fails (idle counts as ready)', () => {
    expect(combineStatus(q('ready'), q('loading'))).toEqual({ status: 'loading', error: null });
    expect(combineStatus(q('ready'), q('idle'))).toEqual({ status: 'ready', error: null });
  });
});
