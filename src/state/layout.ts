/*
 * How a state is laid out: each slot (variable or program counter) in as
 * many bits as its type needs, packed into 32-bit words; no slot straddles
 * two words. The compiled model reads and writes these bit fields directly,
 * so states stay packed everywhere; `get` and `set` reach a slot chosen at
 * run time (an array element, a symmetric process's slots), and `unpack`
 * gives one number per slot, for showing a state.
 */
import type { Model, Slot } from '../model/index.js';
import { high, low } from '../model/index.js';

export interface Field {
  /** The word the slot is in, or -1 when its type has one value (it takes no bits). */
  readonly word: number;
  readonly shift: number;
  readonly bits: number;
  /** The slot's lowest value, stored as 0. */
  readonly lo: number;
}

export interface Layout {
  readonly fields: readonly Field[];
  /** 32-bit words per packed state. */
  readonly words: number;
  /** Bits the slots need in all (the packed vector's information content). */
  readonly bits: number;
  /** The value of slot `slot` in a packed state. */
  get(packed: Uint32Array, slot: number): number;
  /** Stores `value` (in the slot's range) in slot `slot` of a packed state. */
  set(packed: Uint32Array, slot: number, value: number): void;
  pack(values: Int32Array, out: Uint32Array): void;
  unpack(packed: Uint32Array): Int32Array;
}

export function makeLayout(slots: readonly Slot[]): Layout {
  const fields: Field[] = [];
  let word = 0;
  let used = 0;
  let bits = 0;
  for (const slot of slots) {
    const lo = low(slot.type);
    const width = Math.ceil(Math.log2(high(slot.type) - lo + 1));
    bits += width;
    if (width === 0) {
      fields.push({ word: -1, shift: 0, bits: 0, lo });
      continue;
    }
    if (used + width > 32) {
      word++;
      used = 0;
    }
    fields.push({ word, shift: used, bits: width, lo });
    used += width;
  }
  const words = fields.some((f) => f.bits > 0) ? word + 1 : 1;
  // The fields as flat tables, for get and set (a slot without bits reads as its one value).
  const at = Int32Array.from(fields, (f) => Math.max(0, f.word));
  const shift = Int32Array.from(fields, (f) => f.shift);
  const ones = Uint32Array.from(fields, (f) => mask(f.bits));
  const lo = Int32Array.from(fields, (f) => f.lo);
  const get = (packed: Uint32Array, slot: number) => ((packed[at[slot]!]! >>> shift[slot]!) & ones[slot]!) + lo[slot]!;
  const set = (packed: Uint32Array, slot: number, value: number) => {
    const w = at[slot]!;
    packed[w] = ((packed[w]! & ~(ones[slot]! << shift[slot]!)) | ((value - lo[slot]!) << shift[slot]!)) >>> 0;
  };
  return {
    fields,
    words,
    bits,
    get,
    set,
    pack(values, out) {
      out.fill(0, 0, words);
      for (let slot = 0; slot < fields.length; slot++) set(out, slot, values[slot]!);
    },
    unpack(packed) {
      return Int32Array.from(fields, (_, slot) => get(packed, slot));
    },
  };
}

export function mask(bits: number): number {
  return bits >= 32 ? 0xffffffff : ((1 << bits) >>> 0) - 1;
}

const layouts = new WeakMap<Model, Layout>();

/** The layout of a model's states (computed once per model). */
export function layoutOf(model: Model): Layout {
  let l = layouts.get(model);
  if (!l) {
    l = makeLayout(model.slots);
    layouts.set(model, l);
  }
  return l;
}

/** Whether two packed states are the same. */
export function sameState(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
