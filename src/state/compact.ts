/*
 * Stores that keep no states, for state spaces that do not fit in memory.
 *
 * - Hash compaction (as TLC's fingerprints, but smaller): a 64-bit fingerprint
 *   per state in a compact table (cleary.ts) that keeps, in 5 bytes a slot,
 *   only what the slot's place does not say: 6.25 bytes a state when the table
 *   is 80% full, 7.5 just after it has grown by a fifth (6.9 measured on 10^8
 *   states, bench/RESULTS.md). Two
 *   states whose fingerprints agree on what the table compares are taken as
 *   one, so a state can be missed; the table bounds how likely that was.
 * - Bitstate hashing (as SPIN's -DBITSTATE): k = 3 bits per state in a fixed
 *   bit array. A state whose bits are all set already is taken as seen; the
 *   search may miss states, and says how likely that was at the end.
 *
 * Both log how each state was reached (ParentLog) so that counterexamples can
 * still be rebuilt.
 */
import { ClearyTable } from './cleary.js';
import { hashWords } from './hash.js';
import { ParentLog } from './parent-log.js';

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
  private readonly table: ClearyTable;

  constructor(
    private readonly words: number,
    /** Bytes the table may hold; growing past them throws StoreFull. */
    budget = Infinity,
    /** The most states the search will store (--max-states and one more): the table is sized for no more. */
    maxCount = Infinity,
  ) {
    this.table = new ClearyTable(budget, undefined, maxCount);
  }

  add(state: Uint32Array, parent: number, proc: number, ordinal: number): number {
    const q = hashWords(state, 0, this.words);
    const e = hashWords(state, 0, this.words, SEED_2);
    if (!this.table.add(q, e)) return -1;
    this.log.append(parent, proc, ordinal);
    return this.table.count - 1;
  }

  get count(): number {
    return this.table.count;
  }

  get bytes(): number {
    return this.table.bytes;
  }

  coverage(): string {
    const p = Math.min(1, this.table.omission);
    const chance = p < 1e-15 ? p.toExponential(1) : p.toPrecision(2);
    const perState = (this.bytes / Math.max(1, this.count)).toFixed(1);
    return (
      `hash compaction (${perState} bytes a state): the chance that a state was missed` +
      ` (taken for another with the same fingerprint) is at most ${chance}`
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

  /** 2^log2Bits bits, or as many as fit in half of `budget` bytes (the queue needs the rest). */
  readonly log2Bits: number;

  constructor(
    private readonly words: number,
    log2Bits: number,
    budget = Infinity,
  ) {
    const fits = Math.floor(Math.log2(Math.max(64, budget / 2) * 8));
    this.log2Bits = Math.min(log2Bits, fits);
    this.bits = new Uint32Array(2 ** (this.log2Bits - 5));
    this.mask = 2 ** this.log2Bits - 1;
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
