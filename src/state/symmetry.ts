/*
 * Symmetry reduction: states that differ only by a permutation of the
 * elements of a `symmetric` process array are one state. Each state is
 * stored in one canonical form, its elements sorted by the values of the
 * slots they own (pc, locals, their element of each owned array), so that
 * permuted states meet in the store. Sorting gives one representative per
 * orbit because an element's slots move together and nothing else in the
 * state names an element (model/symmetry.ts checks that).
 *
 * The canonicaliser runs on every state generated, so it is generated code,
 * as the transitions are: each element's slots are read with their own bit
 * operations into one number (its key: the slots' bits side by side, first
 * slot highest), the keys are compared, and only when they are out of order
 * are they sorted and written back, each key's fields into the slots of its
 * new place. Elements whose slots take more than 52 bits (a key must be an
 * exact double) are sorted by the general sorter, slot by slot.
 */
import type { Symmetry } from '../model/index.js';
import { type Layout, mask } from './layout.js';

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

/** The canonicaliser of one symmetric array: generated unless its keys would not be exact (or `general`). */
export function sorter(symmetry: Symmetry, layout: Layout, general = false): Canonicalize | undefined {
  // Slots that take no bits cannot tell elements apart.
  const own = symmetry.slots.map((slots) => slots.filter((slot) => layout.fields[slot]!.bits > 0));
  const n = own.length;
  const width = own[0]?.length ?? 0;
  if (n < 2 || width === 0) return undefined;
  const keyBits = own[0]!.reduce((sum, slot) => sum + layout.fields[slot]!.bits, 0);
  return keyBits <= 52 && !general ? generatedSorter(own, layout) : generalSorter(own, layout);
}

/** The generated canonicaliser of one symmetric array: keys, a check that they are in order, a sort. */
function generatedSorter(own: readonly (readonly number[])[], layout: Layout): Canonicalize {
  const n = own.length;
  // Key of element e: its slots' raw bits, first slot highest (the order of the slots' values).
  const key = (e: number) => {
    let code = '0';
    for (const slot of own[e]!) {
      const f = layout.fields[slot]!;
      const field = `((s[${f.word}] >>> ${f.shift}) & ${mask(f.bits)})`;
      code = code === '0' ? field : `(${code}) * ${2 ** f.bits} + ${field}`;
    }
    return code;
  };
  // Writes key k's fields into element e's slots (last slot in the lowest bits), unless it is e's own.
  const small = own[0]!.reduce((sum, slot) => sum + layout.fields[slot]!.bits, 0) <= 31;
  const store = (e: number, k: string) => {
    const lines: string[] = [`let v = ${k};`];
    for (const slot of [...own[e]!].reverse()) {
      const f = layout.fields[slot]!;
      const keep = ~(mask(f.bits) << f.shift) | 0;
      // A key of 31 bits or fewer is a small integer: bit operations; a larger one divides exactly.
      const take = small
        ? `const x = v & ${mask(f.bits)}; v = v >>> ${f.bits};`
        : `const h = Math.floor(v / ${2 ** f.bits}); const x = v - h * ${2 ** f.bits}; v = h;`;
      lines.push(`{ ${take} s[${f.word}] = ((s[${f.word}] & ${keep}) | (x << ${f.shift})) >>> 0; }`);
    }
    return `if (${k} !== k${e}) { ${lines.join(' ')} }`;
  };
  const keys = Array.from({ length: n }, (_, e) => `const k${e} = ${key(e)};`).join('\n');
  const sorted = Array.from({ length: n - 1 }, (_, e) => `k${e} <= k${e + 1}`).join(' && ');
  const body = `
${keys}
if (${sorted}) return;
${Array.from({ length: n }, (_, e) => `ks[${e}] = k${e};`).join(' ')}
for (let i = 1; i < ${n}; i++) {
  const x = ks[i]; let j = i; for (; j > 0 && ks[j - 1] > x; j--) ks[j] = ks[j - 1]; ks[j] = x;
}
${Array.from({ length: n }, (_, e) => store(e, `ks[${e}]`)).join('\n')}`;
  // Only numbers from the layout go into the code: nothing from a model file is ever run.
  return new Function('ks', `return function canonical(s) {${body}\n};`)(new Float64Array(n)) as Canonicalize;
}

/** Sorts the elements slot by slot through the layout: for elements whose keys would not be exact. */
function generalSorter(own: readonly (readonly number[])[], layout: Layout): Canonicalize {
  const n = own.length;
  const width = own[0]!.length;
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
