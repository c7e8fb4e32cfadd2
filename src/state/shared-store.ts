/*
 * One visited set for several worker threads: the lock-free hash table of
 * LTSmin (Laarman, van de Pol and Weber, "Boosting multi-core reachability
 * performance with shared hash tables", FMCAD 2010) on SharedArrayBuffers.
 *
 * Each thread appends the states it finds to its own arena (a region), in the
 * order it finds them, so the regions together are the breadth-first queue,
 * and no two threads write to one cache line of them. A state's id numbers it
 * across the regions (local index * threads + region). One open-addressing
 * table of ids, shared by all, finds duplicates: a thread claims an empty slot
 * with compare-and-swap, writing its hash tag and a BUSY id, writes the state
 * into its region, then publishes the id. A thread that meets a BUSY slot with
 * its own tag waits for the id (the state may be its own); one with another
 * tag walks on. No state is ever stored twice, and none is lost.
 *
 * The regions and the table are reserved at their largest size up front (the
 * system gives memory to the pages that are touched only, and a region is
 * touched in order); only a power-of-two prefix of the table is in use. When
 * it is 70% full the threads stop the world: the inserting ones pause at
 * their next insert, the prefix grows, and all rebuild it from the regions.
 */
import { hashWords } from './hash.js';
import { StoreFull } from './store.js';

const EMPTY = 0;
const MAX_LOAD = 0.7;
const INDEX_BITS = 28;
const INDEX_MASK = 2 ** INDEX_BITS - 1;
/** The id part of a claimed slot whose state is still being written. */
const BUSY = INDEX_MASK;
/** At most this many states in all (an entry holds id + 1 in INDEX_BITS, BUSY excepted). */
const MAX_STATES = INDEX_MASK - 2;
/** The table's prefix starts with this many slots, and grows to at most MAX_SLOTS. */
const MIN_SLOTS = 1 << 12;
const MAX_SLOTS = 2 ** 29;
/** From this many slots on, the table grows four times over (see grow). */
const GROW_FOUR_FROM = 1 << 20;
/** A region is at most this many words (a typed array's length stays below 2^31). */
const MAX_REGION_WORDS = 2 ** 31 - 1;
/** A thread adds its new states to the shared total this many at a time (the total is for the load). */
const FLUSH = 64;
/** States a rebuild hashes, then looks up together (as StateStore.growTable). */
const REHASH = 32;

// Control words (an Int32Array shared by every thread), on separate cache lines by how they are used.
const LINE = 16;
/** Read by every insert, written by a growth only: log2 of the table slots in use, the growth phase. */
const LOG2 = 0;
const GROW = 1;
const GROW_NONE = 0;
/** Inserting threads pause. */
const GROW_PAUSING = 1;
/** Paused threads help rebuild the table. */
const GROW_REHASHING = 2;
/** Set when the store cannot grow within its budget. */
const FULL = 2;
/** States in all, give or take FLUSH a thread. */
const TOTAL = LINE;
/** Threads inserting (between begin and end), how many of them are paused for a growth, and the rebuild. */
const RUNNING = 2 * LINE;
const PAUSED = RUNNING + 1;
const REHASH_NEXT = RUNNING + 2;
const REHASH_DONE = RUNNING + 3;
/** Bumped (and notified) on every change a waiting thread may be waiting for. */
const BELL = RUNNING + 4;
/** Region r's number of states, exact whenever its thread is not inserting. */
const COUNT = 3 * LINE;
const countOf = (region: number) => COUNT + region * LINE;

/** What a thread needs to open the store: plain data, to post to a worker. */
export interface SharedStoreBuffers {
  readonly words: number;
  readonly regions: readonly SharedArrayBuffer[];
  readonly control: SharedArrayBuffer;
  readonly table: SharedArrayBuffer;
  /** Bytes the store may hold (Infinity: as much as the reservation allows). */
  readonly budget: number;
}

/** The buffers of a store for `threads` threads, each inserting into its own region. */
export function sharedStoreBuffers(words: number, threads: number, budget = Infinity): SharedStoreBuffers {
  const record = words + 1;
  const limit = Number.isFinite(budget) ? budget : 2 ** 36;
  const states = Math.max(2, Math.min(MAX_STATES, Math.ceil(limit / 4 / record)));
  const perRegion = Math.max(2, Math.min(states, Math.floor(MAX_REGION_WORDS / record)));
  let slots = firstSlots(threads);
  while (slots < MAX_SLOTS && slots * MAX_LOAD < states) slots *= 2;
  return {
    words,
    regions: Array.from({ length: threads }, () => new SharedArrayBuffer(4 * perRegion * record)),
    control: new SharedArrayBuffer(4 * (COUNT + threads * LINE)),
    table: new SharedArrayBuffer(4 * slots),
    budget,
  };
}

/**
 * The table's first prefix: MIN_SLOTS, or more for many threads, so that the states the threads hold
 * unflushed (fewer than FLUSH each) and the flush that crosses the load always fit in the 30% of the
 * slots a table at its load leaves empty. (A full table would make add probe forever.)
 */
function firstSlots(threads: number): number {
  let slots = MIN_SLOTS;
  while (slots * (1 - MAX_LOAD) < (threads + 2) * FLUSH) slots *= 2;
  return slots;
}

export class SharedStore {
  readonly words: number;
  readonly threads: number;
  protected readonly table: Uint32Array;
  protected mask = 0;
  private readonly ctl: Int32Array;
  /** Record i of a region is [parent, words...] at i * (words + 1). */
  private readonly regions: Uint32Array[];
  private readonly arena: Uint32Array;
  private readonly record: number;
  private readonly capacity: number;
  private readonly budget: number;
  /** This thread's states (in its region), how many of them the total has, and the total when it last looked. */
  private local: number;
  private flushed: number;
  private total = 0;
  /** The total at which the table must grow, and the most states that fit within the budget beside it. */
  private growAt = 0;
  private room = 0;
  /** prefetch's table entries, and what it read (kept, so that the reads are not optimised away). */
  private entries = new Uint32Array(64);
  sink = 0;

  /** The store, opened by the thread that inserts into region `region`. */
  constructor(
    readonly buffers: SharedStoreBuffers,
    readonly region: number,
  ) {
    this.words = buffers.words;
    this.threads = buffers.regions.length;
    this.record = this.words + 1;
    this.ctl = new Int32Array(buffers.control);
    this.table = new Uint32Array(buffers.table);
    this.regions = buffers.regions.map((b) => new Uint32Array(b));
    this.arena = this.regions[region]!;
    this.capacity = Math.floor(this.arena.length / this.record);
    this.budget = buffers.budget;
    if (Atomics.load(this.ctl, LOG2) === 0) Atomics.store(this.ctl, LOG2, Math.log2(firstSlots(this.threads)));
    this.local = this.flushed = Atomics.load(this.ctl, countOf(region));
    this.resize();
  }

  /** States in region `region`: exact when its thread is not inserting. */
  countIn(region: number): number {
    return Atomics.load(this.ctl, countOf(region));
  }

  /** States in all (exact when no thread is inserting). */
  get count(): number {
    let n = 0;
    for (let r = 0; r < this.threads; r++) n += this.countIn(r);
    return n;
  }

  /** Bytes in use: the regions' records so far and the table's prefix. */
  get bytes(): number {
    return this.count * this.record * 4 + 2 ** Atomics.load(this.ctl, LOG2) * 4;
  }

  /** The id of the `local`-th state of region `region`. */
  id(region: number, local: number): number {
    return local * this.threads + region;
  }

  /** Copies the words of state `id` into `out`. */
  copy(id: number, out: Uint32Array): void {
    const { arena, offset } = this.view(id);
    for (let w = 0; w < this.words; w++) out[w] = arena[offset + w]!;
  }

  /** The array holding state `id`, and the state's offset in it. */
  view(id: number): { arena: Uint32Array; offset: number } {
    const local = Math.floor(id / this.threads);
    return { arena: this.regions[id - local * this.threads]!, offset: local * this.record + 1 };
  }

  parent(id: number): number {
    const { arena, offset } = this.view(id);
    return arena[offset - 1]! | 0;
  }

  /** This thread starts inserting (see grow: a growth waits for the threads that insert to pause). */
  begin(): void {
    Atomics.add(this.ctl, RUNNING, 1);
    this.ring();
    // The table may have grown while this thread was not inserting.
    this.resize();
  }

  /** This thread stops inserting until its next begin; its count is exact from here. */
  end(): void {
    this.flush(false);
    Atomics.sub(this.ctl, RUNNING, 1);
    this.ring();
  }

  /** As StateStore.prefetch: reads the slots the next adds will probe first, all together. */
  prefetch(hashes: Uint32Array, n: number): void {
    const { table, mask } = this;
    if (this.entries.length < n) this.entries = new Uint32Array(2 * n);
    const entries = this.entries;
    let sink = 0;
    for (let i = 0; i < n; i++) entries[i] = table[hashes[i]! & mask]!;
    for (let i = 0; i < n; i++) {
      const entry = entries[i]!;
      const id = (entry & INDEX_MASK) - 1;
      if (entry === EMPTY || id === BUSY - 1 || entry >>> INDEX_BITS !== hashes[i]! >>> INDEX_BITS) continue;
      const local = Math.floor(id / this.threads);
      sink ^= this.regions[id - local * this.threads]![local * this.record + 1]!;
    }
    this.sink = sink;
  }

  /**
   * Adds the state at word `at` of `src` (its hash is `hash`) unless it is there already: its
   * id if it is new, else -(id + 1). Only between begin and end. Throws StoreFull when the
   * store cannot take it within its budget.
   *
   * The probe loop is kept small, with the rare cases (a new state, a slot being written, a
   * growth) in functions of their own, so that the compiler inlines it into its caller's loop.
   * Its reads of the table need not be atomic: a 32-bit read is never torn, and a stale EMPTY
   * only makes the claim fail and the slot be read again.
   */
  add(src: Uint32Array, at: number, parent: number, hash: number): number {
    if (Atomics.load(this.ctl, GROW) !== GROW_NONE) this.pause();
    const { table, words, threads, regions, record } = this;
    const tag = ((hash >>> INDEX_BITS) << INDEX_BITS) >>> 0;
    const mask = this.mask;
    let slot = hash & mask;
    for (;;) {
      let entry = table[slot]!;
      if (entry === EMPTY) {
        const id = this.insert(src, at, parent, slot, tag);
        if (id >= 0) return id;
        continue; // another thread took the slot: look at it again
      }
      if ((entry & ~INDEX_MASK) >>> 0 === tag) {
        if ((entry & INDEX_MASK) === BUSY) entry = this.written(slot);
        const id = (entry & INDEX_MASK) - 1;
        const local = (id / threads) | 0;
        const arena = regions[id - local * threads]!;
        const base = local * record + 1;
        let w = 0;
        while (w < words && arena[base + w] === src[at + w]) w++;
        if (w === words) return -id - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Stores a new state in this thread's region, its id in empty slot `slot`: the id, or -1 if another took it. */
  private insert(src: Uint32Array, at: number, parent: number, slot: number, tag: number): number {
    if (this.local >= this.capacity || this.total + this.local - this.flushed >= this.room) throw this.full();
    if (!this.claim(slot, (tag | BUSY) >>> 0)) return -1;
    const local = this.local++;
    const base = local * this.record;
    const arena = this.arena;
    arena[base] = parent;
    for (let w = 0; w < this.words; w++) arena[base + 1 + w] = src[at + w]!;
    const id = local * this.threads + this.region;
    Atomics.store(this.table, slot, (tag | (id + 1)) >>> 0);
    // Every FLUSH states, and as soon as this thread's own count takes the table past its load: a
    // thread that leaves the store (end) every few states would otherwise never grow it.
    const unflushed = this.local - this.flushed;
    if (unflushed >= FLUSH || this.total + unflushed > this.growAt) this.flush();
    return id;
  }

  /** Another thread is writing a state with this slot's tag (it may be the one looked for): waits for its id. */
  private written(slot: number): number {
    let entry: number;
    do entry = Atomics.load(this.table, slot);
    while ((entry & INDEX_MASK) === BUSY);
    return entry;
  }

  /** Takes an empty slot for an entry, unless another thread has taken it first. */
  protected claim(slot: number, entry: number): boolean {
    return Atomics.compareExchange(this.table, slot, EMPTY, entry) === EMPTY;
  }

  /** Publishes this thread's count, adds its new states to the total, and grows the table if that is due. */
  private flush(grow = true): void {
    const ctl = this.ctl;
    Atomics.store(ctl, countOf(this.region), this.local);
    this.total = Atomics.add(ctl, TOTAL, this.local - this.flushed) + this.local - this.flushed;
    this.flushed = this.local;
    if (grow && this.total > this.growAt) this.grow();
  }

  /** The store is full: says so to every thread, and gives the error to throw. */
  private full(): StoreFull {
    Atomics.store(this.ctl, FULL, 1);
    this.ring();
    return new StoreFull(this.budget);
  }

  /** Reads the table's size (another thread may have grown it), and how many states fit beside it. */
  private resize(): void {
    const slots = 2 ** Atomics.load(this.ctl, LOG2);
    this.mask = slots - 1;
    this.growAt = slots * MAX_LOAD;
    this.total = Atomics.load(this.ctl, TOTAL);
    // Within the budget, and within what ids can number.
    this.room = Math.min(MAX_STATES, Math.floor((this.budget - slots * 4) / (4 * this.record)));
  }

  /** Waits until a growth another thread asked for is over (helping it rebuild the table). */
  private pause(): void {
    const ctl = this.ctl;
    Atomics.store(ctl, countOf(this.region), this.local);
    Atomics.add(ctl, PAUSED, 1);
    this.ring();
    for (;;) {
      const phase = Atomics.load(ctl, GROW);
      if (phase === GROW_NONE) break;
      if (phase === GROW_REHASHING) this.rebuild();
      this.waitFor(() => Atomics.load(ctl, GROW) !== phase);
    }
    Atomics.sub(ctl, PAUSED, 1);
    this.resize();
    if (Atomics.load(ctl, FULL)) throw new StoreFull(this.budget);
  }

  /**
   * The table is 70% full: makes its prefix larger, with the other inserting threads paused. Every
   * growth stops the world to rebuild the table, so from GROW_FOUR_FROM slots on the prefix grows
   * four times over (if that fits the budget), which rehashes a third fewer states in all than
   * doubling: 1.33 times the final count against 2 times.
   */
  private grow(): void {
    const ctl = this.ctl;
    if (Atomics.compareExchange(ctl, GROW, GROW_NONE, GROW_PAUSING) !== GROW_NONE) return; // asked already
    this.ring();
    // Every other inserting thread pauses at its next add (or stops inserting).
    this.waitFor(() => Atomics.load(ctl, PAUSED) >= Atomics.load(ctl, RUNNING) - 1);
    const old = this.mask + 1;
    const fitsIn = (slots: number) =>
      slots <= this.table.length && this.count * this.record * 4 + slots * 4 <= this.budget;
    const slots = old >= GROW_FOUR_FROM && fitsIn(4 * old) ? 4 * old : 2 * old;
    const fits = fitsIn(slots);
    if (fits) {
      // Past the old prefix the table was never written: it is still empty (and has no pages yet).
      this.table.fill(EMPTY, 0, old);
      Atomics.store(ctl, LOG2, Math.log2(slots));
      Atomics.store(ctl, REHASH_NEXT, 0);
      Atomics.store(ctl, REHASH_DONE, 0);
      Atomics.store(ctl, GROW, GROW_REHASHING);
      this.ring();
      this.rebuild();
      const count = this.count;
      this.waitFor(() => Atomics.load(ctl, REHASH_DONE) >= count);
    } else Atomics.store(ctl, FULL, 1);
    Atomics.store(ctl, GROW, GROW_NONE);
    this.ring();
    this.resize();
    if (!fits) throw new StoreFull(this.budget);
  }

  /** Re-inserts every region's states into the grown table, a batch at a time, with whoever else helps. */
  private rebuild(): void {
    const { ctl, table, record, words, threads } = this;
    const mask = 2 ** Atomics.load(ctl, LOG2) - 1;
    const counts = Array.from({ length: threads }, (_, r) => this.countIn(r));
    const count = counts.reduce((a, b) => a + b, 0);
    const batch = 1024;
    const hashes = new Uint32Array(REHASH);
    const ids = new Uint32Array(REHASH);
    for (let start = Atomics.add(ctl, REHASH_NEXT, batch); start < count; ) {
      const end = Math.min(count, start + batch);
      // Positions in the regions laid end to end.
      let region = 0;
      let first = 0;
      while (start >= first + counts[region]!) first += counts[region++]!;
      // REHASH states at a time: their hashes, then the slots they probe first read together (so that
      // the cache misses overlap, as in prefetch), then the inserts.
      for (let from = start; from < end; from += REHASH) {
        const n = Math.min(REHASH, end - from);
        for (let k = 0; k < n; k++) {
          const at = from + k;
          while (at >= first + counts[region]!) first += counts[region++]!;
          const local = at - first;
          hashes[k] = hashWords(this.regions[region]!, local * record + 1, words);
          ids[k] = local * threads + region;
        }
        let sink = 0;
        for (let k = 0; k < n; k++) sink ^= table[hashes[k]! & mask]!;
        this.sink ^= sink;
        for (let k = 0; k < n; k++) {
          const hash = hashes[k]!;
          const entry = (((hash >>> INDEX_BITS) << INDEX_BITS) | (ids[k]! + 1)) >>> 0;
          let slot = hash & mask;
          while (Atomics.load(table, slot) !== EMPTY || Atomics.compareExchange(table, slot, EMPTY, entry) !== EMPTY)
            slot = (slot + 1) & mask;
        }
      }
      Atomics.add(ctl, REHASH_DONE, end - start);
      start = Atomics.add(ctl, REHASH_NEXT, batch);
    }
  }

  /** Wakes the threads waiting for a change (waitFor). */
  ring(): void {
    Atomics.add(this.ctl, BELL, 1);
    Atomics.notify(this.ctl, BELL);
  }

  /** Spins a little, then sleeps between rings, until `ready` holds or `ms` milliseconds pass; whether it holds. */
  waitFor(ready: () => boolean, ms = Infinity): boolean {
    for (let spin = 0; spin < 2000; spin++) if (ready()) return true;
    const until = Date.now() + ms;
    for (;;) {
      const bell = Atomics.load(this.ctl, BELL);
      if (ready()) return true;
      const left = until - Date.now();
      if (left <= 0) return false;
      Atomics.wait(this.ctl, BELL, bell, Math.min(20, left));
    }
  }
}
