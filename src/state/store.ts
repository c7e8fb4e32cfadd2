/*
 * The visited set and the breadth-first queue in one: packed states are
 * appended to an arena in the order they are found, so state i is both
 * "visited" and "the i-th to expand". An open-addressing table of arena
 * indices finds duplicates without a JavaScript object per state, and each
 * state keeps the index of its parent (4 bytes) for trace reconstruction.
 * The arena and the parent links grow a chunk at a time (no doubling, so no
 * slack beyond one chunk); per state that is the packed words, 4 bytes of
 * parent link and 4 bytes of table entry at 35% to 70% load.
 */
import { hashWords } from './hash.js';

const EMPTY = 0;
const MAX_LOAD = 0.7;
/** Bits of a table entry that number states: up to 2^28 - 2 states (about 268 million). */
const INDEX_BITS = 28;
/** The entry's bits that number its state, and the hash's bits above them (its tag). */
const INDEX_MASK = (1 << INDEX_BITS) - 1;
const TAG_MASK = ~INDEX_MASK;
/** States per arena chunk (16K: small models stay small, large ones have a few thousand chunks). */
const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
/** States rehashed together when the table grows. */
const BATCH = 32;

/** Thrown when the store would have to grow past its byte budget. */
export class StoreFull extends Error {
  constructor(readonly budget: number) {
    super(`the state store would exceed its budget of ${budget} bytes`);
  }
}

export class StateStore {
  private readonly chunks: Uint32Array[] = [];
  private readonly parentChunks: Int32Array[] = [];
  private table: Uint32Array;
  private mask: number;
  count = 0;
  /** prefetch's table entries, and what it read (kept, so that the reads are not optimised away). */
  private entries = new Uint32Array(64);
  sink = 0;

  constructor(
    readonly words: number,
    /** Bytes the store may hold; growing past them throws StoreFull. */
    private readonly budget = Infinity,
    capacity = 1 << 12,
  ) {
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
    return this.addAt(src, 0, parent, hash);
  }

  /** As add, for the state at word `at` of `src`. */
  addAt(src: Uint32Array, at: number, parent: number, hash: number): number {
    const words = this.words;
    // An entry is the state's index + 1, with the hash's top bits above it: most
    // entries of other states are told apart without reading their words. (Tags are
    // compared as signed 32-bit integers, which the compiled code keeps in registers.)
    const tag = hash & TAG_MASK;
    const { table, mask, chunks } = this;
    let slot = hash & mask;
    for (;;) {
      const entry = table[slot]!;
      if (entry === EMPTY) break;
      if ((entry & TAG_MASK) === tag) {
        const index = (entry & INDEX_MASK) - 1;
        const chunk = chunks[index >>> CHUNK_BITS]!;
        const base = (index & (CHUNK - 1)) * words;
        let same = true;
        for (let w = 0; w < words; w++) {
          if (chunk[base + w] !== src[at + w]) {
            same = false;
            break;
          }
        }
        if (same) return -index - 1;
      }
      slot = (slot + 1) & mask;
    }
    const index = this.count;
    if (index + 1 >= INDEX_MASK) throw new StoreFull(this.budget); // more states than an entry can number
    if ((index & (CHUNK - 1)) === 0) this.addChunk();
    const chunk = this.chunks[index >>> CHUNK_BITS]!;
    const base = (index & (CHUNK - 1)) * words;
    for (let w = 0; w < words; w++) chunk[base + w] = src[at + w]!;
    this.parentChunks[index >>> CHUNK_BITS]![index & (CHUNK - 1)] = parent;
    table[slot] = tag | (index + 1);
    this.count++;
    if (this.count > this.table.length * MAX_LOAD) this.growTable();
    return index;
  }

  /**
   * Reads the table entries of the first `n` hashes, and the first word of the state each
   * probably names, so that adding those states next finds them in the cache. The loads are
   * independent of each other, so the processor waits for their cache misses all at once
   * instead of one after another: the store is bound by memory latency, not by instructions.
   */
  prefetch(hashes: Uint32Array, n: number): void {
    const { table, mask, chunks, words } = this;
    if (this.entries.length < n) this.entries = new Uint32Array(2 * n);
    const entries = this.entries;
    let sink = 0;
    for (let i = 0; i < n; i++) entries[i] = table[hashes[i]! & mask]!;
    for (let i = 0; i < n; i++) {
      const entry = entries[i]!;
      if (entry === EMPTY || (entry & TAG_MASK) !== (hashes[i]! & TAG_MASK)) continue;
      const index = (entry & INDEX_MASK) - 1;
      // Its first and last words: a state may straddle two cache lines.
      const base = (index & (CHUNK - 1)) * words;
      const chunk = chunks[index >>> CHUNK_BITS]!;
      sink ^= chunk[base]! ^ chunk[base + words - 1]!;
    }
    this.sink = sink;
  }

  /** The chunk holding state `index`, and the state's offset in it, to read its words from. */
  view(index: number): { arena: Uint32Array; offset: number } {
    return { arena: this.chunks[index >>> CHUNK_BITS]!, offset: (index & (CHUNK - 1)) * this.words };
  }

  parent(index: number): number {
    return this.parentChunks[index >>> CHUNK_BITS]![index & (CHUNK - 1)]!;
  }

  /** Re-parents a state reached again by a cheaper path (fewest-switches search). */
  setParent(index: number, parent: number): void {
    this.parentChunks[index >>> CHUNK_BITS]![index & (CHUNK - 1)] = parent;
  }

  /** Slots of the table (it grows at 70% load). */
  get slots(): number {
    return this.table.length;
  }

  /** Bytes held, for memory limits and bytes-per-state figures. */
  get bytes(): number {
    return this.chunks.length * CHUNK * (this.words + 1) * 4 + this.table.byteLength;
  }

  private addChunk(): void {
    this.ensure(CHUNK * (this.words + 1) * 4);
    this.chunks.push(new Uint32Array(CHUNK * this.words));
    this.parentChunks.push(new Int32Array(CHUNK));
  }

  /** Throws StoreFull unless `more` bytes fit in the budget. */
  private ensure(more: number): void {
    if (this.bytes + more > this.budget) throw new StoreFull(this.budget);
  }

  private growTable(): void {
    const size = this.table.length * 2;
    this.ensure(size * 4); // the new table, while the old one is still there
    const table = new Uint32Array(size);
    const mask = size - 1;
    // In rounds of BATCH states: their hashes first, then the slots they probe first all read
    // together (their cache misses overlap, as in prefetch), then the inserts.
    const hashes = new Uint32Array(BATCH);
    let sink = 0;
    for (let start = 0; start < this.count; start += BATCH) {
      const n = Math.min(BATCH, this.count - start);
      for (let k = 0; k < n; k++) {
        const i = start + k;
        hashes[k] = hashWords(this.chunks[i >>> CHUNK_BITS]!, (i & (CHUNK - 1)) * this.words, this.words);
      }
      for (let k = 0; k < n; k++) sink ^= table[hashes[k]! & mask]!;
      for (let k = 0; k < n; k++) {
        const hash = hashes[k]!;
        let slot = hash & mask;
        while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
        table[slot] = (hash & TAG_MASK) | (start + k + 1);
      }
    }
    this.sink ^= sink;
    this.table = table;
    this.mask = mask;
  }
}
