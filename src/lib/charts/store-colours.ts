/**
 * One colour per store in every chart of every panel. The dataset's store list (sorted) fixes
 * the order once; a store then keeps its colour whichever subset of stores a chart shows.
 */
import { PALETTE } from './theme.ts';

/** Okabe–Ito without black (reserved for "all stores" lines) and yellow (too light on white). */
export const STORE_PALETTE: readonly string[] = PALETTE.filter((c) => c !== '#000000' && c !== '#F0E442');

let order: readonly string[] = [];

/** Fixes the colour order from the dataset's stores (call when a dataset is loaded). */
export function registerStores(stores: readonly string[]): void {
  order = [...new Set(stores)].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

/** A stable string hash (FNV-1a), for stores the dataset's list does not name. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The colour of `store`: its place in the registered list, else a hash of its name. */
export function storeColour(store: string): string {
  const i = order.indexOf(store);
  return STORE_PALETTE[(i >= 0 ? i : hash(store)) % STORE_PALETTE.length];
}
