/** Runs a member list in the worker whenever the target or the filters change (useEngineQuery: stale answers dropped). */
import { engineClient } from '../engine/client.ts';
import { QueryState, useEngineQuery } from './engine-query.svelte.ts';
import type { MemberTarget } from '../view/member-links.ts';
import type { MemberRow } from '../members/columns.ts';
import { decodeMemberRows } from '../members/rows.ts';
import type { MetricParams } from '../metrics/params.ts';

export class MemberQuery extends QueryState {
  rows = $state.raw<MemberRow[]>([]);
}

export function useMemberList(request: () => { target: MemberTarget; params: MetricParams | null }): MemberQuery {
  const query = new MemberQuery();
  useEngineQuery(
    query,
    () => {
      const { target, params } = request();
      return params ? { target: $state.snapshot(target) as MemberTarget, params: $state.snapshot(params) as MetricParams } : null;
    },
    ({ target, params }, requestId) => engineClient().memberList(target, params, { requestId }),
    (ipc) => {
      query.rows = decodeMemberRows(ipc);
    },
  );
  return query;
}
