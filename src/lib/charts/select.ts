/**
 * Order statistics without a full sort (session 12, issue 14 long tasks): the value panel reads the
 * 99th percentile and the top-20 % share of every member's CLV on the page's main thread, and two
 * sorts of ~250k doubles were a large part of its first render's 170–420 ms task at 1M orders.
 * Quickselect is O(n) on average.
 */

/**
 * Rearranges `a` in place so that a[k] is the value a sorted copy would hold at k, everything before
 * it is ≤ a[k] and everything after it is ≥ a[k]; returns a[k]. `a` must hold no NaN; 0 ≤ k < a.length.
 */
export function selectInPlace(a: Float64Array, k: number): number {
  if (!(k >= 0 && k < a.length)) throw new RangeError(`selectInPlace: k ${k} outside 0..${a.length - 1}`);
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // Median of three as the pivot: sorted or reversed input stays O(n).
    const mid = (lo + hi) >>> 1;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    // Hoare partition: ends with a[lo..j] ≤ pivot ≤ a[i..hi], j < i (equal values split evenly: many ties stay fast).
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]; // between j and i: every value there equals the pivot
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
