/**
 * When the page asks the KPI strip's questions ahead by store, then by channel (kpi-strip-query.svelte.ts;
 * engine.prefetchStoreRollups, engine.prefetchChannels), DOM-free so it can be tested without a page.
 *
 * Once the strip is answered, STORE_ROLLUP_IDLE_MS later: the store roll-ups (a store click is then answered
 * without SQL), then the channels. Either gives way ('yielded') when another call is queued in the engine.
 * Session 14: after giving way they are asked again STORE_ROLLUP_IDLE_MS later, as long as the view stays
 * (each ask skips the answers already held). Before, a roll-up that gave way — after a restore, to a panel's or
 * the dataset status's call queued at that moment — was not asked again until the view changed, so the first
 * store click after opening a saved dataset ran its strip's SQL (3 statements, 0.7–0.8 s each at load 20 on
 * 1M orders, against none for the clicks after it).
 */

/**
 * How long the strip's answer stays on screen, unchanged, before the engine is asked for the same
 * questions by store: short, so a pause of a second or two is enough; a click while it runs cancels it.
 */
export const STORE_ROLLUP_IDLE_MS = 1000;

export type StripPrefetchOutcome = 'done' | 'yielded';

export interface StripPrefetchClient {
  /** engine.prefetchStoreRollups of this view's strip questions under `requestId`. */
  rollups(requestId: string): Promise<StripPrefetchOutcome>;
  /** engine.prefetchChannels of this view's strip questions, or null when the view's filter has channels (nothing to ask). */
  channels: ((requestId: string) => Promise<StripPrefetchOutcome>) | null;
  cancel(requestId: string): void;
  newRequestId(): string;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

/** Asks for one view, STORE_ROLLUP_IDLE_MS after it settles, again after each time it gives way, until stopped; returns the stop function. */
export function scheduleStripPrefetch(client: StripPrefetchClient): () => void {
  let requestId = '';
  let timer: unknown;
  let stopped = false;
  const ask = async (): Promise<void> => {
    requestId = client.newRequestId();
    let outcome = await client.rollups(requestId);
    if (outcome === 'done' && client.channels && !stopped) {
      requestId = client.newRequestId();
      outcome = await client.channels(requestId);
    }
    requestId = '';
    if (outcome === 'yielded' && !stopped) timer = client.setTimeout(run, STORE_ROLLUP_IDLE_MS);
  };
  const run = () => {
    ask().catch(() => (requestId = '')); // cancelled by the next click, or a dataset change: asked again when the view rests
  };
  timer = client.setTimeout(run, STORE_ROLLUP_IDLE_MS);
  return () => {
    stopped = true;
    client.clearTimeout(timer);
    if (requestId) client.cancel(requestId);
  };
}
