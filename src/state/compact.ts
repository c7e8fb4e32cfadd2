/*
 * Stores that keep no states, for state spaces that do not fit in memory.
 *
 * - Hash compaction (as TLC's fingerprints): a 64-bit fingerprint per state in
 *   an open-addressing table, 8 bytes a state at most 70% load. Two states with
 *   the same fingerprint are taken as one, so a state can be missed; the
 *   chance that any was is at most n^2 / 2^65 for n states.
 * - Bitstate hashing (as SPIN's -DBITSTATE): k = 3 bits per state in a fixed
 *   bit array. A state whose bits are all set already is taken as seen; the
 *   search may miss states, and says how likely that was at the end.
 *
 * Both log how each state was reached (ParentLog) so that counterexamples can
 * still be rebuilt.
 */
import { hashWords } from './hash.js';
import { ParentLog } from './parent-log.js';
import { StoreFull } from './store.js';

const MAX_LOAD = 0.7;
const SEED_2 = 0x3c6ef372;

export interface LoggedStore {
  readonly kind: 'compact' | 'bitstate';
  /** Adds a state reached from `parent` by the `ordinal`-th step of process `proc`: its index if new, else -1. */
  add(state: Uint32Array, parent: number, proc: number, ordinal: number): number;
  readonly count: number;
  readonly bytes: number;
  readonly log: ParentLog;
  /** What the store may have cost in completeness, in a sentence. */
  coverage(): string;
}

export class FingerprintStore implements LoggedStore {
  readonly kind = 'compact';
  readonly log = new ParentLog();
  private table: Uint32Array; // pairs (high, low); (0, 0) is empty
  private mask: number;
  count = 0;

  constructor(
    private readonly words: number,
    private readonly budget = Infinity,
    capacity = 1 << 12,
  ) {
    const size = 1 << Math.ceil(Math.log2(capacity / MAX_LOAD + 1));
    this.table = new Uint32Array(2 * size);
    this.mask = size - 1;
  }

  add(state: Uint32Array, parent: number, proc: number, ordinal: number): number {
    const hi = hashWords(state, 0, this.words);
    let lo = hashWords(state, 0, this.words, SEED_2);
    if (hi === 0 && lo === 0) lo = 1;
    if (!this.insert(this.table, this.mask, hi, lo)) return -1;
    this.log.append(parent, proc, ordinal);
    const index = this.count++;
    if (this.count > (this.mask + 1) * MAX_LOAD) this.grow();
    return index;
  }

  /** Inserts a fingerprint; false if it was there. */
  private insert(table: Uint32Array, mask: number, hi: number, lo: number): boolean {
    let slot = lo & mask;
    for (;;) {
      const h = table[2 * slot]!;
      const l = table[2 * slot + 1]!;
      if (h === 0 && l === 0) {
        table[2 * slot] = hi;
        table[2 * slot + 1] = lo;
        return true;
      }
      if (h === hi && l === lo) return false;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const size = 2 * (this.mask + 1);
    if (this.table.byteLength * 3 > this.budget) throw new StoreFull(this.budget);
    const table = new Uint32Array(2 * size);
    const mask = size - 1;
    for (let s = 0; s <= this.mask; s++) {
      const hi = this.table[2 * s]!;
      const lo = this.table[2 * s + 1]!;
      if (hi !== 0 || lo !== 0) this.insert(table, mask, hi, lo);
    }
    this.table = table;
    this.mask = mask;
  }

  get bytes(): number {
    return this.table.byteLength;
  }

  coverage(): string {
    const p = (this.count * this.count) / 2 ** 65;
    const chance = p < 1e-15 ? p.toExponential(1) : p.toPrecision(2);
    return (
      'hash compaction: the chance that a state was missed (two states with one 64-bit fingerprint)' +
      ` is at most ${chance}`
    );
  }
}

export class BitstateStore implements LoggedStore {
  readonly kind = 'bitstate';
  readonly log = new ParentLog();
  private readonly bits: Uint32Array;
  private readonly mask: number;
  count = 0;
  /** Hash bits per state, as SPIN's default. */
  static readonly K = 3;

  /** A bit array of 2^log2Bits bits. */
  constructor(
    private readonly words: number,
    readonly log2Bits: number,
  ) {
    this.bits = new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  add(state: Uint32Array, parent: number, proc: number, ordinal: number): number {
    // k bit positions from two hashes (Kirsch and Mitzenmacher's double hashing).
    const h1 = hashWords(state, 0, this.words);
    const h2 = hashWords(state, 0, this.words, SEED_2) | 1;
    let fresh = false;
    for (let i = 0; i < BitstateStore.K; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      const w = bit >>> 5;
      const m = 1 << (bit & 31);
      if ((this.bits[w]! & m) === 0) {
        fresh = true;
        this.bits[w] = this.bits[w]! | m;
      }
    }
    if (!fresh) return -1;
    this.log.append(parent, proc, ordinal);
    return this.count++;
  }

  get bytes(): number {
    return this.bits.byteLength;
  }

  coverage(): string {
    const m = this.mask + 1;
    const k = BitstateStore.K;
    const p = (1 - Math.exp((-k * this.count) / m)) ** k;
    const factor = (m / Math.max(1, this.count)).toFixed(0);
    return (
      `bitstate: ${m.toLocaleString('en-US')} bits for ${this.count.toLocaleString('en-US')} states` +
      ` (hash factor ${factor}); by the end a new state had a ${(100 * p).toPrecision(2)}% chance of being taken` +
      ' as seen, so some states may have been missed'
    );
  }
}
