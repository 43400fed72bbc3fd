/**
 * When a chart's new option may be merged into the one on screen (ECharts `setOption(option,
 * { notMerge: false })`) instead of replacing it (`notMerge: true`, which throws away every
 * component and series view and builds them again: most of a filter click's chart time).
 *
 * Merging is only safe when it gives exactly the new option: ECharts' merge keeps a property the
 * new option leaves out, keeps a series or component the new option no longer has, and matches
 * series and components by id, then name, then position. So the two options must have the same
 * shape: the same keys at every level of plain objects, the same `type`, `id` and `name` values,
 * values of the same kind (a number where there was a number, an object where there was an
 * object), and top-level lists of components (`series`, `xAxis`, …) of the same length with
 * elements of the same shape. Any array inside a component (`data`, `indicator`, a markArea's
 * items) is replaced whole by the merge (zrender's merge copies arrays, it never merges them), so
 * its contents may differ. Then every property the old option set is set again by the new one,
 * and nothing is left over.
 */
type Json = unknown;

const KEYED = new Set(['type', 'id', 'name']);

function shape(value: Json, key: string, depth: number): string {
  if (value === null || value === undefined) return String(value);
  // Top-level arrays are lists of components, merged element by element; deeper ones are replaced whole.
  if (Array.isArray(value)) return depth === 1 ? `[${value.map((v) => shape(v, '', depth + 1)).join(',')}]` : 'a';
  if (typeof value === 'object') {
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return 'o'; // a class instance (e.g. a gradient): replaced whole
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${shape((value as Record<string, Json>)[k], k, depth + 1)}`).join(',')}}`;
  }
  if (KEYED.has(key)) return `${typeof value}=${JSON.stringify(String(value))}`;
  return typeof value === 'function' ? 'f' : typeof value === 'number' ? 'n' : typeof value === 'string' ? 's' : typeof value;
}

/** The shape of an option (see above): two options with the same shape can be merged one over the other. */
export const optionShape = (option: Json): string => shape(option, '', 0);

/** Functions by identity: two options with different function objects (a formatter's closure) never count as the same. */
const functionIds = new WeakMap<object, number>();
let nextFunctionId = 0;
const idOf = (f: object): number => {
  let id = functionIds.get(f);
  if (id === undefined) functionIds.set(f, (id = ++nextFunctionId));
  return id;
};

/**
 * The whole content of an option as text, for "is this exactly the option already drawn?": equal
 * keys mean equal options (numbers, texts, arrays and nesting alike; functions by identity, class
 * instances such as a gradient by their own enumerable fields and class). A filter click re-derives
 * a chart's option more than once (the view changes at once, then again when the URL hash is read
 * back; a panel's period object is new each time) with the same content: such an option needs no
 * drawing at all (EChart.svelte skips it).
 */
export function optionKey(option: Json): string {
  return JSON.stringify(option, function (this: unknown, _key, value: unknown) {
    if (typeof value === 'function') return `\u0000f${idOf(value)}`;
    if (value === undefined) return '\u0000u'; // a key set to undefined is kept: ECharts' merge treats it apart from a missing key
    if (typeof value === 'number' && !Number.isFinite(value)) return `\u0000n${String(value)}`; // NaN / ±Infinity, not null
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
      if (proto !== Object.prototype && proto !== null) return { '\u0000class': proto.constructor?.name ?? '?', ...(value as object) };
    }
    return value;
  });
}
