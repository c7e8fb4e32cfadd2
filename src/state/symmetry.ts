/*
 * Symmetry reduction: states that differ only by a permutation of the
 * elements of a `symmetric` process array are one state. Each state is
 * stored in one canonical form, its elements sorted by the values of the
 * slots they own (pc, locals, their element of each owned array), so that
 * permuted states meet in the store. Sorting gives one representative per
 * orbit because an element's slots move together and nothing else in the
 * state names an element (model/symmetry.ts checks that).
 */
import type { Symmetry } from '../model/index.js';
import type { Layout } from './layout.js';

/** Rewrites a packed state, in place, into its canonical form. */
export type Canonicalize = (state: Uint32Array) => void;

/** The canonicalizer for a model's symmetries, or undefined when it has none. */
export function canonicalizer(symmetries: readonly Symmetry[], layout: Layout): Canonicalize | undefined {
  const sorters = symmetries.map((s) => sorter(s, layout)).filter((s) => s !== undefined);
  if (sorters.length === 0) return undefined;
  return (state) => {
    for (const sort of sorters) sort(state);
  };
}

function sorter(symmetry: Symmetry, layout: Layout): Canonicalize | undefined {
  // Slots that take no bits cannot tell elements apart.
  const own = symmetry.slots.map((slots) => slots.filter((slot) => layout.fields[slot]!.bits > 0));
  const n = own.length;
  const width = own[0]?.length ?? 0;
  if (n < 2 || width === 0) return undefined;
  // Element e's k-th slot at e * width + k: this runs on every state generated.
  const slots = Int32Array.from(own.flat());
  const { get, set } = layout;
  /** Compares element a's slot values with element b's, in order. */
  const compare = (state: Uint32Array, a: number, b: number): number => {
    for (let k = 0; k < width; k++) {
      const d = get(state, slots[a * width + k]!) - get(state, slots[b * width + k]!);
      if (d !== 0) return d;
    }
    return 0;
  };
  const order = new Int32Array(n);
  const values = new Int32Array(n * width);
  return (state) => {
    // Insertion sort of the element numbers: there are few, and they are often in order already.
    let moved = false;
    for (let e = 0; e < n; e++) {
      let j = e;
      for (; j > 0 && compare(state, order[j - 1]!, e) > 0; j--) order[j] = order[j - 1]!;
      order[j] = e;
      if (j !== e) moved = true;
    }
    if (!moved) return;
    // Read every element's values, then write element order[i]'s into position i.
    for (let at = 0; at < n * width; at++) values[at] = get(state, slots[at]!);
    for (let i = 0; i < n; i++) {
      const from = order[i]! * width;
      for (let k = 0; k < width; k++) set(state, slots[i * width + k]!, values[from + k]!);
    }
  };
}
