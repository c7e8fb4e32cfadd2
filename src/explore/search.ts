/*
 * Exhaustive search: every reachable state once, in the order a Frontier
 * gives (breadth-first, or fewest context switches). Properties are checked
 * when a state is expanded, which is when its cost (depth, or switches) is
 * final, so the first violation of each property has the least cost. The
 * search goes on after a violation until every checked property is violated
 * or the state space is exhausted, so one run gives a verdict for each.
 *
 * One Search object is one run: its fields are the state of the loop, so the
 * step callback (`emit`, called for every successor) reads fields of one
 * stable object rather than a closure over many variables.
 */
import { type Emit, ModelRuntimeError, type State, type TransitionSystem } from '../compile/index.js';
import { BitstateStore, FingerprintStore, type LoggedStore } from '../state/compact.js';
import { StateStore, StoreFull } from '../state/store.js';
import { type Canonicalize, canonicalizer } from '../state/symmetry.js';
import { Batch, Taken } from './batch.js';
import { emitLastFirst, FewestSwitches, stepProcesses } from './fewest-switches.js';
import { BreadthFirst, BreadthQueue, type Cost, compareCosts, type Frontier } from './frontier.js';
import { isAllocationFailure, LimitReached, LimitTicker, SUCCESSOR_TURN } from './limits.js';
import { Paths } from './paths.js';
import { Reduction } from './reduction.js';
import type { SearchOptions, StoreKind } from './search-options.js';
import {
  assembleVerdict,
  type Counterexample,
  type ExhaustiveVerdict,
  type Limit,
  type RuntimeFailure,
  type Stats,
  statistics,
} from './verdict.js';

export type { Order, SearchOptions, StoreKind } from './search-options.js';

const NONE = 0xffffffff; // "no last process", in the extra word of fewest-switches states
/** States taken at a time by breadth-first search (see explore). */
const WIDTH = 16;
/**
 * Table slots below which breadth-first search stores each successor as it is emitted (see
 * explore): a table of 2^20 slots (4 MiB) and its states' words mostly stay in the cache, where
 * batching has no misses to overlap and costs a copy of every successor.
 */
const BATCH_FROM = 1 << 20;

export function search(ts: TransitionSystem, options: SearchOptions = {}): Promise<ExhaustiveVerdict> {
  return new Search(ts, options).run();
}

/** A failed assert, found on a step, kept until no cheaper one can turn up. */
interface Pending {
  cost: Cost;
  from: number;
  state: State;
}

class Search {
  private readonly checked: readonly number[];
  /** 1 for each property still looked for. */
  private readonly open: Uint8Array;
  private remaining: number;
  private readonly deadlock: number;
  /** With nothing to check (or --exhaust), explore everything: to count states. */
  private readonly stopWhenAllViolated: boolean;
  private readonly words: number;
  private readonly kind: StoreKind;
  /** Words of a stored state: the model's, then the frontier's own (the last process, for fewest-switches). */
  private readonly stored: number;
  /** The exact store keeps every state, and is the breadth-first queue too; the others keep none. */
  private readonly exact: StateStore | undefined;
  private readonly logged: LoggedStore | undefined;
  private readonly frontier: Frontier;
  private readonly canonical: Canonicalize | undefined;
  private readonly reduction: Reduction | undefined;
  private readonly paths: Paths;
  private readonly ticker: LimitTicker;
  /** The state being expanded, and its successor being emitted. */
  private readonly cur: Uint32Array;
  private readonly next: Uint32Array;
  private readonly batch: Batch;
  /** The states generate took: their words, store indices, successor counts, and where their successors end. */
  private readonly taken: Taken;
  private readonly violations: Counterexample[] = [];
  private readonly pending = new Map<number, Pending>();
  /** By step id + 1: the transitions that took each step (coverage; one add per successor). */
  private readonly fired: Float64Array;

  private generated = 0;
  private depth = 0;
  /** The index of the state being expanded, and the process of its last step (-1: none known). */
  private current = 0;
  private last = -1;
  /** The process whose steps are being emitted, and the ordinal of its step, for the parent log. */
  private emitting = -1;
  private ordinal = 0;
  /**
   * A step of the expansion led to a state expanded before, or to itself (the reduction's cycle
   * proviso: the state of a cycle expanded last then expands every process). Breadth-first search
   * over the exact store expands states in the order of their indices, so those are the states
   * whose index is at most the current one; other frontiers count every state seen before.
   */
  private revisited = false;
  private readonly expandsInOrder: boolean;
  private limit: Limit | undefined;
  /** Successors emitted by the states being taken (see limits.ts: one state may have millions). */
  private emitted = 0;
  /** Expanding directly (explore): the cost of the state being expanded; -1 otherwise. */
  private direct = -1;

  constructor(
    private readonly ts: TransitionSystem,
    private readonly options: SearchOptions,
  ) {
    const model = ts.model;
    this.checked = options.properties ?? model.properties.map((p) => p.index);
    this.open = new Uint8Array(model.properties.length);
    for (const p of this.checked) this.open[p] = 1;
    this.remaining = this.checked.length;
    this.deadlock = model.properties.find((p) => p.kind === 'deadlock')!.index;
    this.stopWhenAllViolated = !options.exhaust && this.checked.length > 0;
    this.words = ts.words;
    const fewest = options.order === 'fewest-switches';
    const kind = options.store ?? 'exact';
    this.kind = kind;
    const budget = options.maxBytes ?? Infinity;
    this.exact = kind === 'exact' ? new StateStore(this.words + (fewest ? 1 : 0), budget) : undefined;
    this.logged =
      kind === 'compact'
        ? new FingerprintStore(this.words, budget, (options.maxStates ?? Infinity) + 1)
        : kind === 'bitstate'
          ? new BitstateStore(this.words, options.bits ?? 30, budget)
          : undefined;
    this.frontier = this.exact
      ? fewest
        ? new FewestSwitches(this.exact)
        : new BreadthFirst(this.exact)
      : new BreadthQueue(this.words);
    this.expandsInOrder = this.frontier instanceof BreadthFirst;
    this.stored = this.words + this.frontier.extraWords;
    this.cur = new Uint32Array(this.stored);
    this.next = new Uint32Array(this.stored);
    this.batch = new Batch(this.stored);
    this.taken = new Taken(WIDTH, this.stored);
    this.canonical = options.symmetry !== false && !fewest ? canonicalizer(model.symmetries, ts.layout) : undefined;
    this.reduction =
      options.reduce instanceof Reduction ? options.reduce : options.reduce ? new Reduction(ts) : undefined;
    this.paths = new Paths(ts, options.from ?? ts.initial(), this.canonical);
    this.ticker = new LimitTicker(options, () => this.stats());
    this.fired = new Float64Array(model.steps.length + 1);
    ts.finalChecks.fill(0);
  }

  async run(): Promise<ExhaustiveVerdict> {
    try {
      try {
        await this.explore();
      } catch (e) {
        if (e instanceof ModelRuntimeError) {
          const failure = { loc: e.diagnostic.loc, message: e.diagnostic.message, states: this.path(this.current) };
          return this.verdict(false, failure);
        }
        // The store could not grow: stop with what we have.
        if (e instanceof StoreFull || isAllocationFailure(e)) this.limit = 'memory';
        else if (e instanceof LimitReached) this.limit = e.limit;
        else throw e;
      }
      this.settle(true);
      return this.verdict(this.current < 0 || (this.remaining === 0 && this.stopWhenAllViolated));
    } finally {
      // Counterexamples are rebuilt from the log by now; its file goes on every way out.
      this.logged?.log.close();
    }
  }

  private verdict(exhausted: boolean, failure?: RuntimeFailure): ExhaustiveVerdict {
    return assembleVerdict('exhaustive', {
      checked: this.checked,
      violations: this.violations,
      stats: this.stats(),
      exhausted,
      limit: this.limit,
      failure,
      store: { kind: this.kind, ...(this.logged && { coverage: this.logged.coverage() }) },
      symmetry: this.canonical && this.ts.model.symmetries.map((s) => s.name),
      coverage: this.coverage(),
    });
  }

  /**
   * What every reachable state's expansion took, when every one was expanded (not under
   * partial-order reduction, which leaves transitions out on purpose).
   */
  private coverage() {
    if (this.current >= 0 || this.reduction || this.options.from) return undefined;
    return { fired: Array.from(this.fired), finalChecks: Array.from(this.ts.finalChecks) };
  }

  /**
   * The loop: expands states in the frontier's order until none is left, or nothing to look for, or
   * a limit. Breadth-first over a large exact store, it takes WIDTH states at a time and stores all
   * their successors together (their lookups overlap, see batch.ts); it commits each state's results
   * in order, exactly as one at a time would: violations, successors, the stop conditions after each.
   * While the table is small (and always with a store that keeps no states, which has nothing to look
   * up ahead) it expands one state at a time and stores each successor as it is emitted (`direct`).
   */
  private async explore(): Promise<void> {
    const { cur, words } = this;
    cur.set(this.paths.start);
    if (this.stored > words) cur[words] = NONE;
    if (this.exact) this.exact.add(cur, -1);
    else this.logged!.add(cur, -1, 0, 0);
    this.frontier.start(cur);
    // Batches only for plain breadth-first search. Fewest-switches takes one state at a time: its
    // frontier's next() moves its notion of the state being expanded (level, steps, last process), and
    // a cheaper path found by one expansion may change which state comes next. The reduction expands
    // each state in commit, after the states before it are stored (its cycle proviso looks at them).
    const plain = !this.reduction && !this.frontier.countsPreemptions;
    const width = plain ? WIDTH : 1;
    const batchFrom = this.options.batchFrom ?? BATCH_FROM;
    let expanded = 0;
    while (this.remaining > 0 || !this.stopWhenAllViolated) {
      if (plain && (this.exact === undefined || this.exact.slots < batchFrom)) {
        const index = this.frontier.next(cur);
        if (index < 0) {
          this.current = -1;
          return;
        }
        if ((++expanded & 1023) === 0) {
          const tick = this.tick(expanded);
          if (tick === true) return;
          if (tick) await tick;
        }
        if (this.expandDirect(index)) return;
        continue;
      }
      const taken = this.generate(width);
      if (taken === 0) {
        this.current = -1;
        return;
      }
      this.exact?.prefetch(this.batch.hashes, this.batch.size);
      let stop = false;
      for (let k = 0; k < taken && !stop; k++) {
        if ((++expanded & 1023) === 0) {
          const tick = this.tick(expanded);
          if (tick === true) return;
          if (tick) await tick;
        }
        stop = this.commit(k);
      }
      this.batch.size = 0;
      if (stop) return;
    }
  }

  /**
   * Takes up to `width` states from the frontier, checks each, and emits their successors into the
   * batch (state k's are entries ends[k - 1] to ends[k]); returns how many it took. A run-time failure
   * of the model ends the taking there (commit throws it at its state).
   */
  private generate(width: number): number {
    const { ts, open, taken } = this;
    this.batch.size = 0;
    taken.found.length = 0;
    taken.failure = undefined;
    taken.stopped = undefined;
    this.emitted = 0;
    let k = 0;
    for (; k < width; k++) {
      const into = taken.states[k]!;
      const index = this.frontier.next(into);
      if (index < 0) break;
      taken.indices[k] = index;
      this.current = index;
      taken.checking = k;
      this.emitting = -1;
      ts.check(into, open, this.report);
      if (!this.reduction) {
        try {
          const last = this.stored > this.words ? into[this.words]! | 0 : -1;
          taken.moves[k] =
            this.frontier.countsPreemptions && last >= 0
              ? emitLastFirst(ts, into, this.next, this.emit, last)
              : ts.successors(into, this.next, this.emit);
        } catch (e) {
          if (e instanceof LimitReached) taken.stopped = { at: k, limit: e.limit };
          else if (e instanceof ModelRuntimeError) taken.failure = { at: k, error: e };
          else throw e;
          taken.ends[k] = this.batch.size;
          return k + 1;
        }
      }
      taken.ends[k] = this.batch.size;
    }
    return k;
  }

  /**
   * Expands state `index` (its words in `cur`) one successor at a time, as commit does a state taken:
   * its violations, its successors stored as emitted, a deadlock; true when the search stops.
   */
  private expandDirect(index: number): boolean {
    const { ts, open, cur } = this;
    this.current = index;
    const cost = this.frontier.expanding(index);
    if (cost > this.depth) this.depth = cost;
    if (this.pending.size > 0) this.settle();
    this.last = -1;
    this.emitting = -1;
    this.direct = cost;
    this.emitted = 0;
    try {
      ts.check(cur, open, this.report);
      const n = ts.successors(cur, this.next, this.emit);
      if (n === 0 && open[this.deadlock] && !ts.allDone(cur)) this.violated(this.deadlock, index, cost);
    } finally {
      this.direct = -1;
    }
    if (this.options.stopAtFirst && (this.violations.length > 0 || this.pending.size > 0)) return true;
    if (this.count() > this.ticker.maxStates) {
      this.limit = 'states';
      return true;
    }
    return this.remaining === 0 && this.stopWhenAllViolated;
  }

  /**
   * Every 1024 states expanded: true at a limit (this.limit says which), the pause to wait for when
   * the event loop is due a turn, else false.
   */
  private tick(expanded: number): boolean | Promise<void> {
    const count = this.count();
    this.limit = this.ticker.check(count, this.memory(), count - expanded);
    return this.limit !== undefined || (this.ticker.breathe() ?? false);
  }

  /** Commits the k-th state taken: its violations, its successors, a deadlock; true when the search stops. */
  private commit(k: number): boolean {
    const { ts, open, taken, words } = this;
    const state = taken.states[k]!;
    this.current = taken.indices[k]!;
    const cost = this.frontier.expanding(this.current);
    if (cost > this.depth) this.depth = cost;
    if (this.pending.size > 0) this.settle();
    this.last = this.stored > words ? state[words]! | 0 : -1;
    for (let f = 0; f < taken.found.length; f += 2)
      if (taken.found[f] === k) this.violated(taken.found[f + 1]!, this.current, cost);
    if (taken.failure && k === taken.failure.at) throw taken.failure.error;
    if (taken.stopped && k === taken.stopped.at) {
      // Its successors so far were generated, if not stored.
      this.generated += taken.ends[k]! - (k === 0 ? 0 : taken.ends[k - 1]!);
      this.limit = taken.stopped.limit;
      return true;
    }
    let n: number;
    if (this.reduction) {
      this.cur.set(state);
      this.emitting = -1;
      n = this.expandReduced(this.reduction);
      this.batch.size = 0;
    } else {
      n = taken.moves[k]!;
      const from = k === 0 ? 0 : taken.ends[k - 1]!;
      this.lastCouldMove(from, taken.ends[k]!);
      this.flush(-1, from, taken.ends[k]!);
    }
    if (n === 0 && open[this.deadlock] && !ts.allDone(state)) this.violated(this.deadlock, this.current, cost);
    if (this.options.stopAtFirst && (this.violations.length > 0 || this.pending.size > 0)) return true;
    if (this.count() > this.ticker.maxStates) {
      this.limit = 'states';
      return true;
    }
    return this.remaining === 0 && this.stopWhenAllViolated;
  }

  /**
   * Called for every successor, in `next`: canonicalises it and holds it in the batch (see batch.ts),
   * or, expanding directly, stores it.
   */
  private readonly emit: Emit = (proc, step, failedAssert) => {
    this.fired[step + 1]!++;
    if (proc !== this.emitting) {
      this.emitting = proc;
      this.ordinal = 0;
    }
    const next = this.next;
    this.canonical?.(next);
    if (this.stored > this.words) next[this.words] = proc;
    if (this.direct >= 0) {
      this.generated++;
      // One state stored past --max-states at most, and the search stops there (as flush and commit).
      if (!this.store(next, proc, failedAssert, this.ordinal)) throw new LimitReached('states');
      this.ordinal++;
      if ((++this.emitted & (SUCCESSOR_TURN - 1)) === 0) this.ticker.during(this.count(), this.memory());
      return;
    }
    this.batch.push(next, proc, failedAssert, this.ordinal++);
    if ((++this.emitted & (SUCCESSOR_TURN - 1)) === 0)
      this.ticker.during(this.count() + this.batch.size, this.memory());
  };

  /**
   * Stores the batch's successors from..to of the processes in `keep` (a mask; -1 for all) in order,
   * offers them to the frontier, notes failed asserts. The batch is emptied by the caller.
   */
  private flush(keep = -1, from = 0, to = this.batch.size): void {
    const { batch, next } = this;
    const exact = this.exact;
    for (let i = from; i < to; i++) {
      const proc = batch.procs[i]!;
      if (((keep >>> proc) & 1) === 0) continue;
      const failedAssert = batch.asserts[i]!;
      if (exact && failedAssert < 0) {
        // The common case, without copying the successor out of the batch first.
        this.generated++;
        const added = exact.addAt(batch.data, i * batch.stride, this.current, batch.hashes[i]!);
        const isNew = added >= 0;
        const index = isNew ? added : -added - 1;
        if (!isNew && (index <= this.current || !this.expandsInOrder)) this.revisited = true;
        if (this.frontier.offer(index, isNew, proc, next) && !isNew) exact.setParent(index, this.current);
        if (isNew && this.count() > this.ticker.maxStates) return;
      } else {
        this.generated++;
        batch.copy(i, next);
        if (!this.store(next, proc, failedAssert, batch.ordinals[i]!, batch.hashes[i]!)) return;
      }
      // Millions of successors of one state take a while to store too.
      if (((i - from) & (SUCCESSOR_TURN - 1)) === SUCCESSOR_TURN - 1) this.ticker.during(this.count(), this.memory());
    }
  }

  /**
   * Stores one successor of the state being expanded, offers it to the frontier, notes a failed
   * assert; false when it was a new state past --max-states (one at most: the compact table is sized
   * for no more), and the successors after it are not stored.
   */
  private store(state: Uint32Array, proc: number, failedAssert: number, ordinal: number, hash?: number): boolean {
    const added = this.exact
      ? this.exact.add(state, this.current, hash)
      : this.logged!.add(state, this.current, proc, ordinal);
    const isNew = added >= 0;
    const index = isNew ? added : -added - 1;
    if (!isNew && (index <= this.current || !this.expandsInOrder)) this.revisited = true;
    if (this.frontier.offer(index, isNew, proc, state) && !isNew) this.exact!.setParent(index, this.current);
    if (isNew && this.count() > this.ticker.maxStates) return false;
    if (failedAssert >= 0 && this.open[failedAssert]) {
      const cost = this.frontier.stepCost(proc);
      const seen = this.pending.get(failedAssert);
      if (!seen || compareCosts(cost, seen.cost) < 0)
        this.pending.set(failedAssert, { cost, from: this.current, state: state.slice() });
    }
    return true;
  }

  /**
   * Tells a frontier that counts preemptions whether the last step's process could move from the
   * state being committed: whether it has a successor among the batch's entries from..to (all of
   * the state's successors, emitted before any is offered).
   */
  private lastCouldMove(from: number, to: number): void {
    if (!this.frontier.countsPreemptions || this.last < 0) return;
    this.frontier.lastCouldMove(this.batch.has(this.last, from, to));
  }

  /** Called for each property a state taken violates: noted, and reported when the state is committed. */
  private readonly report = (property: number): void => {
    if (this.direct >= 0) this.violated(property, this.current, this.direct);
    else this.taken.found.push(this.taken.checking, property);
  };

  /**
   * Expands the processes of a stubborn set (see reduction.ts), or every process when one of
   * their steps leads to a state seen before (the cycle proviso); returns the successors there were.
   */
  private expandReduced(r: Reduction): number {
    const keep = r.expand(this.cur, this.next, this.emit);
    this.lastCouldMove(0, this.batch.size);
    this.exact?.prefetch(this.batch.hashes, this.batch.size);
    this.revisited = false;
    this.flush(keep);
    if (keep !== -1 && this.revisited && r.cycleProviso) this.flush(~keep);
    return r.emitted;
  }

  /** Property `property` is violated at state `index` (or on the step from it to `last`) at `cost` (its first part). */
  private violated(property: number, index: number, cost: number, last?: State): void {
    if (!this.open[property]) return;
    this.open[property] = 0;
    this.remaining--;
    this.pending.delete(property);
    const states = this.path(index, last, last ? property : -1);
    this.violations.push({
      property,
      cost,
      states,
      ...(this.stored > this.words && { processes: stepProcesses(this.exact!, this.words, index, last) }),
    });
  }

  /** Asserts found on steps no dearer than the state being expanded (all, at the end) can no longer be beaten. */
  private settle(all = false): void {
    for (const [p, v] of this.pending)
      if (all || this.frontier.settled(v.cost)) this.violated(p, v.from, v.cost[0]!, v.state);
  }

  /** The states from the initial one to state `index` (then `last`), as a run of the model. */
  private path(index: number, last?: State, assert = -1): State[] {
    const stored = this.exact ? this.paths.chain(this.exact, index) : this.paths.replay(this.logged!.log, index);
    return this.paths.run(stored, last, assert);
  }

  private count(): number {
    return (this.exact ?? this.logged)!.count;
  }

  private bytes(): number {
    return (this.exact?.bytes ?? this.logged!.bytes) + this.frontier.bytes;
  }

  /** What the limits count: the store and frontier, and the successors held back in the batch. */
  private memory(): number {
    return this.bytes() + this.batch.bytes;
  }

  private stats(): Stats {
    const counts = { generated: this.generated, distinct: this.count(), depth: this.depth, bytes: this.bytes() };
    return statistics(counts, this.ticker.elapsed(), this.ts.layout);
  }
}
