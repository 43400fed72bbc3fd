/**
 * Tells the other tabs of this origin that the saved dataset changed (BroadcastChannel, which
 * also works in workers). One channel object per tab both posts and listens: a channel never
 * receives its own messages, so a tab hears only the others.
 */
import type { SavedInfo } from '../../src/lib/engine/api.ts';

export const SAVES_CHANNEL = 'store-compass-dataset';

export type SaveMessage = { type: 'saved'; info: SavedInfo } | { type: 'cleared' };

export interface SaveChannel {
  announce(message: SaveMessage): void;
  watch(onChange: (info: SavedInfo | null) => void): void;
}

/** The tab's channel; a no-op where BroadcastChannel is absent. */
export function saveChannel(): SaveChannel {
  const watchers = new Set<(info: SavedInfo | null) => void>();
  let channel: BroadcastChannel | undefined;
  const open = () => {
    if (channel || typeof BroadcastChannel === 'undefined') return channel;
    channel = new BroadcastChannel(SAVES_CHANNEL);
    (channel as { unref?: () => void }).unref?.(); // Node: an idle channel must not keep the process alive
    channel.onmessage = (e: MessageEvent<SaveMessage>) => {
      const info = e.data?.type === 'saved' ? e.data.info : null;
      for (const w of watchers) w(info);
    };
    return channel;
  };
  return {
    announce: (message) => open()?.postMessage(message),
    watch(onChange) {
      watchers.add(onChange);
      open();
    },
  };
}
