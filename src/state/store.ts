/*
 * The visited set and the breadth-first queue in one: packed states are
 * appended to a flat arena in the order they are found, so state i is both
 * "visited" and "the i-th to expand". An open-addressing table of arena
 * indices finds duplicates without a JavaScript object per state, and each
 * state keeps the index of its parent (4 bytes) for trace reconstruction.
 */
import { hashWords } from './hash.js';

const EMPTY = 0;
const MAX_LOAD = 0.7;
/** Bits of a table entry that number states: up to 2^28 - 2 states (about 268 million). */
const INDEX_BITS = 28;

/** Thrown when the store would have to grow past its byte budget. */
export class StoreFull extends Error {
  constructor(readonly budget: number) {
    super(`the state store would exceed its budget of ${budget} bytes`);
  }
}

export class StateStore {
  private arena: Uint32Array;
  private table: Uint32Array;
  private mask: number;
  /** Entries keep the state's index in their low bits and hash bits above (see add). */
  private readonly indexBits = INDEX_BITS;
  private readonly indexMask = 2 ** INDEX_BITS - 1;
  private parents: Int32Array;
  count = 0;

  constructor(
    readonly words: number,
    /** Bytes the store may hold; growing past them throws StoreFull. */
    private readonly budget = Infinity,
    capacity = 1 << 12,
  ) {
    this.arena = new Uint32Array(capacity * words);
    this.parents = new Int32Array(capacity);
    const size = 1 << Math.ceil(Math.log2(capacity / MAX_LOAD + 1));
    this.table = new Uint32Array(size);
    this.mask = size - 1;
  }

  /**
   * Adds the packed state in `src` (at offset 0) unless it is already there
   * (`hash` is hashWords of it, if the caller has it already).
   * Returns its index if it is new, or -(index + 1) if it was seen before.
   */
  add(src: Uint32Array, parent: number, hash = hashWords(src, 0, this.words)): number {
    const words = this.words;
    const arena = this.arena;
    // An entry is the state's index + 1, with the hash's top bits above it: most
    // entries of other states are told apart without reading their words.
    const tag = ((hash >>> this.indexBits) << this.indexBits) >>> 0;
    const indexMask = this.indexMask;
    let slot = hash & this.mask;
    for (;;) {
      const entry = this.table[slot]!;
      if (entry === EMPTY) break;
      if ((entry & ~indexMask) >>> 0 === tag) {
        const index = (entry & indexMask) - 1;
        const base = index * words;
        let same = true;
        for (let w = 0; w < words; w++) {
          if (arena[base + w] !== src[w]) {
            same = false;
            break;
          }
        }
        if (same) return -index - 1;
      }
      slot = (slot + 1) & this.mask;
    }
    const index = this.count;
    if (index + 1 >= indexMask) throw new StoreFull(this.budget); // more states than an entry can number
    if ((index + 1) * words > this.arena.length) this.growArena();
    this.arena.set(src.subarray(0, words), index * words);
    this.parents[index] = parent;
    this.table[slot] = (tag | (index + 1)) >>> 0;
    this.count++;
    if (this.count > this.table.length * MAX_LOAD) this.growTable();
    return index;
  }

  /** The arena and offset of state `index`, to unpack from. */
  view(index: number): { arena: Uint32Array; offset: number } {
    return { arena: this.arena, offset: index * this.words };
  }

  parent(index: number): number {
    return this.parents[index]!;
  }

  /** Re-parents a state reached again by a cheaper path (fewest-switches search). */
  setParent(index: number, parent: number): void {
    this.parents[index] = parent;
  }

  /** Throws StoreFull unless `more` bytes fit in the budget (counting the copy made while growing). */
  private ensure(more: number): void {
    if (this.bytes + 2 * more > this.budget) throw new StoreFull(this.budget);
  }

  /** Bytes held, for memory limits and bytes-per-state figures. */
  get bytes(): number {
    return this.arena.byteLength + this.table.byteLength + this.parents.byteLength;
  }

  private growArena(): void {
    const capacity = (this.arena.length / this.words) * 2;
    this.ensure(this.arena.byteLength + this.parents.byteLength);
    const arena = new Uint32Array(capacity * this.words);
    arena.set(this.arena);
    this.arena = arena;
    const parents = new Int32Array(capacity);
    parents.set(this.parents);
    this.parents = parents;
  }

  private growTable(): void {
    const size = this.table.length * 2;
    this.ensure(this.table.byteLength);
    const table = new Uint32Array(size);
    const mask = size - 1;
    for (let i = 0; i < this.count; i++) {
      const hash = hashWords(this.arena, i * this.words, this.words);
      let slot = hash & mask;
      while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
      table[slot] = (((hash >>> this.indexBits) << this.indexBits) | (i + 1)) >>> 0;
    }
    this.table = table;
    this.mask = mask;
  }
}
