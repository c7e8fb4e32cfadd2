/*
 * A compact hash table of fingerprints (Cleary, "Compact hash tables using
 * bidirectional linear probing", IEEE Trans. Computers 1984): a fingerprint's
 * home slot is implied by its position, so a slot stores only what the home
 * does not say (quotienting), 5 bytes in all.
 *
 * A fingerprint is a 32-bit q and a 32-bit e. Its home is q scaled to the
 * table (q * slots / 2^32, which keeps homes in the order of q whatever the
 * table's size); a slot holds the rest: q's offset within its home's range of
 * q values (d bits) and as many of e's bits as fit, followed by a 1 that marks
 * where they end. Entries sit in linear-probing order sorted by fingerprint,
 * so a home's entries (its group) are together, and two bits per slot tell
 * where: V, some entry's home is this slot; C, this slot starts a group. From
 * them the home of every entry can be worked out, so the table can grow into
 * a larger one in a single pass, with no state to hash again. It grows by a
 * fifth at 80% load: between 6.25 and 7.5 bytes a state, whatever the count
 * (a power-of-two table doubling at 80% would swing between 6.25 and 12.5).
 *
 * Bits a slot keeps of e shrink as d does not: an entry keeps the e bits it
 * was stored with (its end marker says how many), and is compared on those.
 * Two states are taken as one when their homes and compared bits agree; the
 * table adds up, for every state it stores, the chance of that for the
 * entries it was compared with (2^-bits each), which bounds the expected
 * number of states missed.
 */
import { StoreFull } from './store.js';

/** Bits a slot keeps for its fingerprint (6 in `hi` beside V and C, 32 in `lo`). */
const REMAINDER_BITS = 38;
const V = 0x80;
const C = 0x40;
const HI_REMAINDER = 0x3f;
const MAX_LOAD = 0.8;
const GROWTH = 1.2;
/** Slots past the last home, for the cluster at the end of the table. */
const TAIL = 2048;
const TWO_32 = 2 ** 32;
const TWO_16 = 2 ** 16;
const INV_16 = 2 ** -16;

export class ClearyTable {
  /** The remainder of the slot's entry (0: empty), low 32 bits and high 6 with V and C. */
  private lo: Uint32Array;
  private hi: Uint8Array;
  /** Homes, and bits of a remainder that give q's offset within its home's range (d). */
  private homes: number;
  private dBits = 0;
  /** 2^(38 - d): the offset's place in a remainder; and 2^(width - 32) for e's top `width` = 37 - d bits. */
  private offsetScale = 0;
  private eScale = 0;
  /** 1 / homes, for startOf. */
  private inverse = 0;
  count = 0;
  /** The expected number of states taken for others so far (see the top of the file). */
  omission = 0;

  constructor(
    private readonly budget = Infinity,
    homes = 1 << 16,
    /** The most entries it will be given: it is never sized or grown past what they need at 80% load. */
    private readonly maxCount = Infinity,
  ) {
    homes = Math.max(64, Math.min(homes, homesFor(maxCount)));
    this.homes = homes;
    this.size(homes);
    this.lo = new Uint32Array(homes + TAIL);
    this.hi = new Uint8Array(homes + TAIL);
  }

  /** Sets the table's number of homes, and what follows from it for remainders. */
  private size(homes: number): void {
    this.homes = homes;
    this.inverse = 1 / homes;
    this.dBits = offsetBits(homes);
    this.offsetScale = 2 ** (REMAINDER_BITS - this.dBits);
    this.eScale = 2 ** (REMAINDER_BITS - this.dBits - 1 - 32);
  }

  get bytes(): number {
    return this.lo.byteLength + this.hi.byteLength;
  }

  /** Adds the fingerprint (q, e) unless it is there: true if it was not. */
  add(q: number, e: number): boolean {
    const home = homeOf(q, this.homes);
    // The remainder: q's offset in its home's range, then e's top bits, then the end marker.
    const offset = q - startOf(home, this.homes, this.inverse);
    const remainder = offset * this.offsetScale + (Math.floor(e * this.eScale) * 2 + 1);
    if (!this.insert(home, remainder, true)) return false;
    this.count++;
    // At the most entries it will be given, the slack (a fifth of the homes, and the tail) takes the last.
    if (this.count > this.homes * MAX_LOAD && this.count < this.maxCount) this.grow();
    return true;
  }

  /**
   * Inserts `remainder` at home `home` unless an entry there matches it (then false). With
   * `compare` off (a rebuild: every entry is new), no entry is compared.
   */
  private insert(home: number, remainder: number, compare: boolean): boolean {
    const { lo, hi } = this;
    if (empty(lo, hi, home)) {
      // An empty home: the entry goes there, alone in its group.
      this.set(home, remainder, V | C);
      return true;
    }
    // The cluster's start, then its groups in order: the group of the k-th home with V set is the k-th.
    let start = home;
    while (start > 0 && !empty(lo, hi, start - 1)) start--;
    let groups = 0;
    for (let h = start; h < home; h++) groups += hi[h]! >>> 7;
    const has = (hi[home]! & V) !== 0;
    // Slot `at` is the first of group number `groups` (0-based) in the cluster, or its end.
    let at = start;
    for (let seen = -1; !empty(lo, hi, at); at++) if (hi[at]! & C && ++seen === groups) break;
    let first = true;
    if (has) {
      // Compare with the group's entries, and find the place that keeps it sorted.
      let place = -1;
      let i = at;
      for (; !empty(lo, hi, i) && (i === at || !(hi[i]! & C)); i++) {
        const x = value(lo, hi, i);
        if (compare) {
          if (this.matches(x, remainder)) return false;
          // Compared on the bits above its end marker; the offset's range may be short of 2^d: a factor 2.
          this.omission += 2 ** -(REMAINDER_BITS - trailingZeros(x) - 2);
        }
        if (place < 0 && x > remainder) place = i;
      }
      if (place < 0) place = i;
      first = place === at;
      at = place;
    } else hi[home] = hi[home]! | V;
    this.shiftFrom(at);
    if (first && has) hi[at + 1] = hi[at + 1]! & ~C; // the old first of the group is first no longer
    this.set(at, remainder, (hi[at]! & V) | (first ? C : 0));
    return true;
  }

  /** Whether a stored remainder `x` stands for `remainder`: they agree on the bits `x` kept (above its end marker). */
  protected matches(x: number, remainder: number): boolean {
    const z = 2 ** (trailingZeros(x) + 1);
    return Math.floor(x / z) === Math.floor(remainder / z);
  }

  /** Moves the entries from `at` to the end of its cluster one slot on (V bits stay with their slots). */
  private shiftFrom(at: number): void {
    const { lo, hi } = this;
    let end = at;
    while (!empty(lo, hi, end)) end++;
    // The last cluster ran into the end of the tail: at 80% load, a run of 2048 has no real chance.
    if (end >= lo.length - 1) throw new StoreFull(this.budget);
    for (let i = end; i > at; i--) {
      lo[i] = lo[i - 1]!;
      hi[i] = (hi[i]! & V) | (hi[i - 1]! & ~V);
    }
    lo[at] = 0;
    hi[at] = hi[at]! & V;
  }

  private set(at: number, remainder: number, flags: number): void {
    this.lo[at] = remainder >>> 0;
    this.hi[at] = flags | Math.floor(remainder / TWO_32);
  }

  /** Moves every entry into a table with a fifth more homes, in one pass in fingerprint order. */
  private grow(): void {
    const homes = Math.max(this.homes + 1, Math.min(Math.ceil(this.homes * GROWTH), homesFor(this.maxCount)));
    const bytes = 5 * (homes + TAIL);
    if (this.bytes + bytes > this.budget) throw new StoreFull(this.budget);
    const { lo, hi } = this;
    const oldHomes = this.homes;
    const oldInverse = this.inverse;
    const oldScale = this.offsetScale;
    this.size(homes);
    const scale = this.offsetScale;
    const lo2 = new Uint32Array(homes + TAIL);
    const hi2 = new Uint8Array(homes + TAIL);
    // Walk the old table: a cluster's groups belong, in order, to the slots with V set from its start on.
    // (Written out in one loop, without helper calls: it moves every entry, and its numbers exceed 2^31.)
    let home = -1;
    let start = 0; // startOf(home, oldHomes)
    let newHome = -1;
    let newStart = 0; // startOf(newHome, homes)
    let next = 0; // the first slot of the new table not written yet
    let previousEmpty = true;
    for (let i = 0; i < lo.length; i++) {
      const l = lo[i]!;
      const h8 = hi[i]!;
      if ((l | (h8 & HI_REMAINDER)) === 0) {
        previousEmpty = true;
        continue;
      }
      if (previousEmpty) home = i - 1; // a cluster starts
      previousEmpty = false;
      if (h8 & C) {
        home++;
        while (!(hi[home]! & V)) home++;
        start = startOf(home, oldHomes, oldInverse);
      }
      const x = (h8 & HI_REMAINDER) * TWO_32 + l;
      const offset = Math.floor(x / oldScale);
      const q = start + offset;
      const rest = x - offset * oldScale; // e's bits and the end marker
      const h = homeOf(q, homes);
      const startsGroup = h !== newHome;
      if (startsGroup) {
        newHome = h;
        newStart = startOf(h, homes, this.inverse);
      }
      // Entries come in fingerprint order, so each goes at its home or just after the last one.
      const at = Math.max(h, next);
      if (at >= lo2.length - 1) throw new StoreFull(this.budget);
      hi2[h] = hi2[h]! | V;
      const remainder = (q - newStart) * scale + rest * (scale / oldScale);
      lo2[at] = remainder >>> 0;
      hi2[at] = (hi2[at]! & V) | (startsGroup ? C : 0) | Math.floor(remainder / TWO_32);
      next = at + 1;
    }
    this.lo = lo2;
    this.hi = hi2;
  }
}

/** Homes that hold `count` entries at the most load (Infinity for no bound). */
function homesFor(count: number): number {
  return Math.ceil(count / MAX_LOAD);
}

function empty(lo: Uint32Array, hi: Uint8Array, i: number): boolean {
  return (lo[i]! | (hi[i]! & HI_REMAINDER)) === 0;
}

function value(lo: Uint32Array, hi: Uint8Array, i: number): number {
  return (hi[i]! & HI_REMAINDER) * TWO_32 + lo[i]!;
}

function trailingZeros(x: number): number {
  const low = x >>> 0;
  if (low !== 0) return 31 - Math.clz32(low & -low);
  const high = Math.floor(x / TWO_32);
  return 32 + 31 - Math.clz32(high & -high);
}

/** floor(q * homes / 2^32), exactly (q < 2^32, homes < 2^31): q in two halves, every product below 2^53. */
export function homeOf(q: number, homes: number): number {
  return Math.floor(((q >>> 16) * homes + Math.floor((q & 0xffff) * homes * INV_16)) * INV_16);
}

/**
 * The least q whose home is `home`: ceil(home * 2^32 / homes), exactly, by long division in two
 * 16-bit digits (`inverse` is 1 / homes: each digit is estimated with it, then corrected).
 */
export function startOf(home: number, homes: number, inverse = 1 / homes): number {
  const a = home * TWO_16;
  const q1 = divide(a, homes, inverse);
  const b = (a - q1 * homes) * TWO_16;
  const q2 = divide(b, homes, inverse);
  return q1 * TWO_16 + q2 + (b - q2 * homes > 0 ? 1 : 0);
}

/** floor(a / b) for integers below 2^53, from an estimate with 1 / b (off by one at most). */
function divide(a: number, b: number, inverse: number): number {
  let q = Math.floor(a * inverse);
  if (q * b > a) q--;
  else if ((q + 1) * b <= a) q++;
  return q;
}

/** Bits for q's offset within a home's range (a range has at most ceil(2^32 / homes) values). */
function offsetBits(homes: number): number {
  return Math.ceil(Math.log2(Math.ceil(TWO_32 / homes)));
}
