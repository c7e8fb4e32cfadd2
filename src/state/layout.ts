/*
 * How a state is laid out: each slot (variable or program counter) in as
 * many bits as its type needs, packed into 32-bit words; no slot straddles
 * two words. The compiled model reads and writes these bit fields directly,
 * so states stay packed everywhere; `unpack` gives one number per slot, for
 * showing a state.
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
  return {
    fields,
    words,
    bits,
    pack(values, out) {
      out.fill(0, 0, words);
      fields.forEach((f, i) => {
        if (f.bits > 0) out[f.word] = (out[f.word]! | ((values[i]! - f.lo) << f.shift)) >>> 0;
      });
    },
    unpack(packed) {
      return Int32Array.from(fields, (f) => (f.bits === 0 ? f.lo : ((packed[f.word]! >>> f.shift) & mask(f.bits)) + f.lo));
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
  if (!l) layouts.set(model, (l = makeLayout(model.slots)));
  return l;
}
