/*
 * What each thread of the parallel search does with a level (parallel.ts):
 * takes slices of it from the shared cursors (its own region's first), checks
 * each state's properties, and inserts its successors into the shared store,
 * which makes them the next level's. The thread that starts the search runs
 * one of these too; the worker threads (worker.ts) each run another.
 *
 * Every runner watches the limits it can see from its thread (states, the
 * memory of every thread, the deadline) after each slice, and every
 * SUCCESSOR_TURN successors inside one state's expansion, where it also stores
 * the successors held so far (a state may have millions): a stop set by any
 * thread ends every runner's expansion.
 */
import { type Emit, ModelRuntimeError, type TransitionSystem } from '../compile/index.js';
import type { Loc } from '../lang/index.js';
import type { SharedStore } from '../state/shared-store.js';
import { StoreFull } from '../state/store.js';
import type { Canonicalize } from '../state/symmetry.js';
import { Batch } from './batch.js';
import { type Levels, Stop } from './level.js';
import { heapUsed, LimitReached, SUCCESSOR_TURN } from './limits.js';

/** States expanded before their successors are stored: enough lookups in flight to hide the misses. */
const BATCH = 16;
/** States expanded between looks at this thread's heap. */
const HEAP_EVERY = 4096;

/** A violation found: at state `state` (an id of the shared store), or on a step from it to `last`. */
export interface Found {
  readonly property: number;
  readonly cost: number;
  readonly state: number;
  readonly last?: number[];
}

export interface Failure {
  readonly loc: Loc;
  readonly message: string;
  readonly state: number;
}

export class LevelRunner {
  readonly found: Found[] = [];
  failure: Failure | undefined;
  generated = 0;
  private readonly words: number;
  private readonly deadlock: number;
  private readonly cur: Uint32Array;
  private readonly next: Uint32Array;
  /** A copy of a successor that failed an assert (not `next`: a flush may run while `next` is being written). */
  private readonly failing: Uint32Array;
  private readonly batch: Batch;
  /** Successors emitted since the last flush, and states expanded since the heap was last looked at. */
  private emitted = 0;
  private sinceHeap = 0;
  private readonly heapAtStart = heapUsed().kept;
  /** The state being expanded, and the depth of its level. */
  private current = 0;
  private depth = 0;

  constructor(
    private readonly ts: TransitionSystem,
    private readonly store: SharedStore,
    private readonly levels: Levels,
    /** This thread's region of the store. */
    private readonly region: number,
    private readonly canonical: Canonicalize | undefined,
  ) {
    this.words = ts.words;
    this.deadlock = ts.model.properties.find((p) => p.kind === 'deadlock')!.index;
    this.cur = new Uint32Array(this.words);
    this.next = new Uint32Array(this.words);
    this.failing = new Uint32Array(this.words);
    this.batch = new Batch(this.words);
  }

  /**
   * Expands slices of the level until none is left, the search stops, or `budget` states are
   * expanded (to give the caller a turn); returns whether the level is done for this thread.
   * Stops the search at a limit it sees, a run-time failure of the model, or a full store.
   */
  expand(budget = Infinity): boolean {
    const { levels } = this;
    this.depth = levels.depth;
    try {
      while (levels.stopped === Stop.None) {
        if (budget <= 0) return false;
        if (!levels.take(this.region)) return true;
        const { region, from, to } = levels;
        this.expandStates(region, from, to);
        budget -= to - from;
        this.sinceHeap += to - from;
        levels.generated[this.region] = this.generated;
        this.watch();
      }
    } catch (e) {
      if (e instanceof ModelRuntimeError) {
        this.failure = { loc: e.diagnostic.loc, message: e.diagnostic.message, state: this.current };
        levels.stop(Stop.Failure);
      } else if (e instanceof StoreFull) levels.stop(Stop.Memory);
      else if (!(e instanceof LimitReached)) throw e;
    }
    this.batch.size = 0;
    return true;
  }

  /**
   * Stops the search at a limit this thread sees: the states stored, the bytes of the store and of
   * every thread beside it (this one's heap looked at every HEAP_EVERY states), the deadline.
   */
  private watch(): void {
    const { levels, store } = this;
    const { maxStates, maxBytes, deadline } = levels.control;
    if (this.sinceHeap >= HEAP_EVERY) {
      this.sinceHeap = 0;
      const heap = heapUsed();
      if (heap.used > heap.ceiling) levels.stop(Stop.Memory);
      // The starting thread's heap is its limit ticker's to count.
      const own = this.region === 0 ? 0 : Math.max(0, heap.kept - this.heapAtStart);
      levels.besides[this.region] = own + this.batch.bytes;
    }
    if (store.count > maxStates) levels.stop(Stop.States);
    else if (levels.bytes() > maxBytes) levels.stop(Stop.Memory);
    else if (Date.now() > deadline) levels.stop(Stop.Time);
  }

  private readonly emit: Emit = (proc, _step, failedAssert) => {
    this.generated++;
    this.canonical?.(this.next);
    this.batch.push(this.next, proc, failedAssert, 0, this.current);
    // One state with millions of successors: store those held so far, and look at the limits.
    if (++this.emitted === SUCCESSOR_TURN) {
      this.flush();
      this.sinceHeap = HEAP_EVERY;
      this.watch();
      // (The reason is the one the levels hold.)
      if (this.levels.stopped !== Stop.None) throw new LimitReached('interrupted');
    }
  };

  private readonly report = (property: number): void => {
    if (this.levels.close(property)) this.found.push({ property, cost: this.depth, state: this.current });
  };

  /** Expands states [from, to) of a region, BATCH at a time: their successors are stored together. */
  private expandStates(region: number, from: number, to: number): void {
    for (let start = from; start < to; start += BATCH) {
      const end = Math.min(to, start + BATCH);
      for (let i = start; i < end; i++) this.expandState(this.store.id(region, i));
      this.flush();
    }
  }

  /** Checks state `id` and emits its successors into the batch; notes a deadlock. */
  private expandState(id: number): void {
    const { ts, cur, next } = this;
    const open = this.levels.open;
    this.current = id;
    this.store.copy(id, cur);
    ts.check(cur, open, this.report);
    const n = ts.successors(cur, next, this.emit);
    if (n === 0 && open[this.deadlock] && !ts.allDone(cur)) this.report(this.deadlock);
  }

  /** Stores the batch's successors (looked up together), and notes failed asserts on the steps to them. */
  private flush(): void {
    const { store, batch, words, levels } = this;
    const open = levels.open;
    const size = batch.size;
    batch.size = 0;
    this.emitted = 0;
    store.prefetch(batch.hashes, size);
    for (let i = 0; i < size; i++) {
      const parent = batch.parents[i]!;
      store.add(batch.data, i * words, parent, batch.hashes[i]!);
      const failedAssert = batch.asserts[i]!;
      if (failedAssert >= 0 && open[failedAssert] && levels.close(failedAssert)) {
        batch.copy(i, this.failing);
        this.found.push({
          property: failedAssert,
          cost: this.depth + 1,
          state: parent,
          last: Array.from(this.failing),
        });
      }
    }
  }
}
