/*
 * Packs a state (one Int32 per slot) into bit fields of 32-bit words, each
 * slot in as many bits as its type needs, and back. The two functions are
 * generated straight-line code for the model at hand.
 */
import type { Slot } from '../model/index.js';
import { high, low } from '../model/index.js';

export interface Layout {
  /** 32-bit words per packed state. */
  readonly words: number;
  /** Bits the slots need in all (the packed vector's information content). */
  readonly bits: number;
  pack(s: Int32Array, out: Uint32Array, offset: number): void;
  unpack(packed: Uint32Array, offset: number, s: Int32Array): void;
}

export function makeLayout(slots: readonly Slot[]): Layout {
  const fields: { slot: number; word: number; shift: number; bits: number; lo: number }[] = [];
  let word = 0;
  let used = 0;
  let bits = 0;
  slots.forEach((slot, i) => {
    const lo = low(slot.type);
    const width = Math.ceil(Math.log2(high(slot.type) - lo + 1));
    bits += width;
    if (width === 0) {
      fields.push({ slot: i, word: -1, shift: 0, bits: 0, lo });
      return;
    }
    if (used + width > 32) {
      word++;
      used = 0;
    }
    fields.push({ slot: i, word, shift: used, bits: width, lo });
    used += width;
  });
  const words = fields.some((f) => f.bits > 0) ? word + 1 : 1;

  const offset = (lo: number) => (lo === 0 ? '' : ` - (${lo})`);
  const packLines: string[] = [];
  for (let w = 0; w < words; w++) {
    const parts = fields
      .filter((f) => f.word === w)
      .map((f) => `((s[${f.slot}]${offset(f.lo)}) << ${f.shift})`);
    packLines.push(`out[o + ${w}] = ${parts.join(' | ') || '0'};`);
  }
  const unpackLines = fields.map((f) => {
    const lo = f.lo === 0 ? '' : ` + (${f.lo})`;
    if (f.bits === 0) return `s[${f.slot}] = ${f.lo};`;
    const mask = f.bits >= 32 ? '' : ` & ${2 ** f.bits - 1}`;
    return `s[${f.slot}] = ((p[o + ${f.word}] >>> ${f.shift})${mask})${lo};`;
  });
  const pack = new Function('s', 'out', 'o', packLines.join('\n')) as Layout['pack'];
  const unpack = new Function('p', 'o', 's', unpackLines.join('\n')) as Layout['unpack'];
  return { words, bits, pack, unpack };
}
