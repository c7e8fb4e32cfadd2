/*
 * What each thread of the parallel search does with a level (parallel.ts):
 * takes slices of it from the shared cursors (its own region's first), checks
 * each state's properties, and inserts its successors into the shared store,
 * which makes them the next level's. The thread that starts the search runs
 * one of these too; the worker threads (worker.ts) each run another.
 */
import { type Emit, ModelRuntimeError, type TransitionSystem } from '../compile/index.js';
import type { Loc } from '../lang/index.js';
import type { SharedStore } from '../state/shared-store.js';
import { StoreFull } from '../state/store.js';
import type { Canonicalize } from '../state/symmetry.js';
import { Batch } from './batch.js';
import { type Levels, Stop } from './level.js';

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
  private readonly batch: Batch;
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
    this.batch = new Batch(this.words);
  }

  /**
   * Expands slices of the level until none is left, the search stops, or `budget` states are
   * expanded (to give the caller a turn); returns whether the level is done for this thread.
   * Stops the search at a limit it sees, a run-time failure of the model, or a full store.
   */
  expand(budget = Infinity): boolean {
    const { levels, store } = this;
    const { maxStates, maxBytes } = levels.control;
    this.depth = levels.depth;
    try {
      while (levels.stopped === Stop.None) {
        if (budget <= 0) return false;
        if (!levels.take(this.region)) return true;
        const { region, from, to } = levels;
        for (let i = from; i < to; i++) this.expandState(store.id(region, i));
        budget -= to - from;
        levels.generated[this.region] = this.generated;
        if (store.count > maxStates) levels.stop(Stop.States);
        else if (store.bytes > maxBytes) levels.stop(Stop.Memory);
      }
    } catch (e) {
      if (e instanceof ModelRuntimeError) {
        this.failure = { loc: e.diagnostic.loc, message: e.diagnostic.message, state: this.current };
        levels.stop(Stop.Failure);
      } else if (e instanceof StoreFull) levels.stop(Stop.Memory);
      else throw e;
    }
    return true;
  }

  private readonly emit: Emit = (proc, _step, failedAssert) => {
    this.generated++;
    this.canonical?.(this.next);
    this.batch.push(this.next, proc, failedAssert, 0);
  };

  private readonly report = (property: number): void => {
    if (this.levels.close(property)) this.found.push({ property, cost: this.depth, state: this.current });
  };

  /** Expands state `id`: checks it, stores its successors, notes a deadlock or a failed assert. */
  private expandState(id: number): void {
    const { ts, store, cur, next, batch, words, levels } = this;
    const open = levels.open;
    this.current = id;
    store.copy(id, cur);
    ts.check(cur, open, this.report);
    const n = ts.successors(cur, next, this.emit);
    if (n === 0 && open[this.deadlock] && !ts.allDone(cur)) this.report(this.deadlock);
    const size = batch.size;
    batch.size = 0;
    store.prefetch(batch.hashes, size);
    for (let i = 0; i < size; i++) {
      store.add(batch.data, i * words, id, batch.hashes[i]!);
      const failedAssert = batch.asserts[i]!;
      if (failedAssert >= 0 && open[failedAssert] && levels.close(failedAssert)) {
        batch.copy(i, next);
        this.found.push({ property: failedAssert, cost: this.depth + 1, state: id, last: Array.from(next) });
      }
    }
  }
}
