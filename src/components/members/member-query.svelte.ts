/** Runs a member list in the worker whenever the target or the filters change; stale answers are dropped. */
import { engineClient, newRequestId } from '../../lib/engine/client.ts';
import { isEngineError } from '../../lib/engine/errors.ts';
import type { MemberTarget } from '../../lib/member-links.ts';
import type { MemberRow } from '../../lib/members/columns.ts';
import { decodeMemberRows } from '../../lib/members/rows.ts';
import type { QueryStatus } from '../../lib/metric-query.svelte.ts';
import type { MetricParams } from '../../lib/metrics/params.ts';

export class MemberQuery {
  status = $state<QueryStatus>('idle');
  rows = $state.raw<MemberRow[]>([]);
  error = $state<string | null>(null);
}

export function useMemberList(request: () => { target: MemberTarget; params: MetricParams | null }): MemberQuery {
  const query = new MemberQuery();
  let latest = '';
  $effect(() => {
    const { target, params } = request();
    if (!params) return;
    const snapshot = $state.snapshot(params) as MetricParams;
    const id = (latest = newRequestId());
    query.status = 'loading';
    engineClient()
      .memberList($state.snapshot(target) as MemberTarget, snapshot, { requestId: id })
      .then((ipc) => {
        if (id !== latest) return;
        query.rows = decodeMemberRows(ipc);
        query.error = null;
        query.status = 'ready';
      })
      .catch((e: unknown) => {
        if (id !== latest || (isEngineError(e) && e.code === 'cancelled')) return;
        query.error = isEngineError(e) ? e.message : String(e);
        query.status = 'error';
        console.error(e);
      });
    return () => {
      if (latest === id) void engineClient().cancel(id);
    };
  });
  return query;
}
