/**
 * One colour per store in every chart of every panel. The dataset's store list (sorted) fixes
 * the order once; a store then keeps its colour whichever subset of stores a chart shows.
 * Past the sixth store the colours come round again, so each round of six also gets its own line
 * dash and point symbol: a chain of 8 or 12 stores never has two lines drawn alike.
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

/** Line dash per round of six stores: solid first; the benchmark ring's grey 'dashed' stays its own. */
export const STORE_DASHES: readonly ('solid' | number[])[] = ['solid', [8, 4], [2, 3]];
/** Point symbol per round of six stores. */
export const STORE_SYMBOLS: readonly string[] = ['circle', 'triangle', 'rect', 'diamond'];

/** How `store` is drawn in a line or radar chart. */
export interface StoreStyle {
  colour: string;
  dash: 'solid' | number[];
  symbol: string;
}

/** The store's place: in the registered list, else a hash of its name. */
const placeOf = (store: string) => {
  const i = order.indexOf(store);
  return i >= 0 ? i : hash(store);
};

/** The colour of `store`. */
export function storeColour(store: string): string {
  return STORE_PALETTE[placeOf(store) % STORE_PALETTE.length];
}

/** Colour, dash and symbol of `store`: the colour cycles every six stores, the dash and symbol change each round. */
export function storeStyle(store: string): StoreStyle {
  const place = placeOf(store);
  const round = Math.floor(place / STORE_PALETTE.length);
  return { colour: STORE_PALETTE[place % STORE_PALETTE.length], dash: STORE_DASHES[round % STORE_DASHES.length], symbol: STORE_SYMBOLS[round % STORE_SYMBOLS.length] };
}
