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
import { FewestSwitches } from './fewest-switches.js';
import { BreadthFirst, BreadthQueue, type Cost, compareCosts, type Frontier } from './frontier.js';
import { type LimitOptions, LimitTicker } from './limits.js';
import { Paths } from './paths.js';
import { Reduction } from './reduction.js';
import {
  assembleVerdict,
  type Counterexample,
  type ExhaustiveVerdict,
  type Limit,
  type RuntimeFailure,
  type Stats,
  statistics,
} from './verdict.js';

const NONE = 0xffffffff; // "no last process", in the extra word of fewest-switches states

export type Order = 'shortest' | 'fewest-switches';

/** exact: every state stored; compact: 64-bit fingerprints; bitstate: a bit array (see state/compact.ts). */
export type StoreKind = 'exact' | 'compact' | 'bitstate';

export interface SearchOptions extends LimitOptions {
  /** Property indices to check (default: all). */
  properties?: readonly number[];
  /** shortest (breadth-first, the default) or fewest-switches (exact store only). */
  order?: Order;
  store?: StoreKind;
  /** bitstate: the bit array has 2^bits bits (default 30, 128 MiB), as SPIN's -w. */
  bits?: number;
  /** Stop at the first violation of any property. */
  stopAtFirst?: boolean;
  /** Start from this state instead of the initial one (to complete a replayed run). */
  from?: State;
  /** Explore every reachable state even once every checked property is violated (to count them). */
  exhaust?: boolean;
  /** Partial-order reduction (see reduction.ts). */
  reduce?: boolean;
  /**
   * Symmetry reduction (unless false) where the model has a `symmetric` process array: states
   * are stored in canonical form (see state/symmetry.ts). Not with fewest-switches, whose
   * states carry a process number that a permutation would change.
   */
  symmetry?: boolean;
}

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
  private readonly violations: Counterexample[] = [];
  private readonly pending = new Map<number, Pending>();
  /** By step id + 1: the transitions that took each step (coverage; one add per successor). */
  private readonly fired: Float64Array;

  private generated = 0;
  private depth = 0;
  /** The index of the state being expanded, its cost, and the process of its last step (-1: none known). */
  private current = 0;
  private currentCost = 0;
  private last = -1;
  /** The process whose steps are being emitted, and the ordinal of its step, for the parent log. */
  private emitting = -1;
  private ordinal = 0;
  /** A step of the expansion led to a state seen before (the reduction's cycle proviso). */
  private revisited = false;
  private limit: Limit | undefined;

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
        ? new FingerprintStore(this.words, budget)
        : kind === 'bitstate'
          ? new BitstateStore(this.words, options.bits ?? 30)
          : undefined;
    this.frontier = this.exact
      ? fewest
        ? new FewestSwitches(this.exact)
        : new BreadthFirst(this.exact)
      : new BreadthQueue(this.words);
    this.stored = this.words + this.frontier.extraWords;
    this.cur = new Uint32Array(this.stored);
    this.next = new Uint32Array(this.stored);
    this.canonical = options.symmetry !== false && !fewest ? canonicalizer(model.symmetries, ts.layout) : undefined;
    this.reduction = options.reduce ? new Reduction(ts) : undefined;
    this.paths = new Paths(ts, options.from ?? ts.initial(), this.canonical);
    this.ticker = new LimitTicker(options, () => this.stats());
    this.fired = new Float64Array(model.steps.length + 1);
    ts.finalChecks.fill(0);
  }

  async run(): Promise<ExhaustiveVerdict> {
    try {
      await this.explore();
    } catch (e) {
      if (e instanceof ModelRuntimeError) {
        const failure = { loc: e.diagnostic.loc, message: e.diagnostic.message, states: this.path(this.current) };
        this.logged?.log.close();
        return this.verdict(false, failure);
      }
      // The store could not grow: stop with what we have.
      if (e instanceof StoreFull || isAllocationFailure(e)) this.limit = 'memory';
      else throw e;
    }
    this.settle(true);
    this.logged?.log.close();
    return this.verdict(this.current < 0 || (this.remaining === 0 && this.stopWhenAllViolated));
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

  /** The loop: expands states in the frontier's order until none is left, or nothing to look for, or a limit. */
  private async explore(): Promise<void> {
    const { ts, frontier, cur, open, ticker, words } = this;
    const stopAtFirst = this.options.stopAtFirst === true;
    const maxStates = ticker.maxStates;
    cur.set(this.paths.start);
    if (this.stored > words) cur[words] = NONE;
    if (this.exact) this.exact.add(cur, -1);
    else this.logged!.add(cur, -1, 0, 0);
    frontier.start(cur);
    let expanded = 0;
    for (
      this.current = frontier.next(cur);
      this.current >= 0 && (this.remaining > 0 || !this.stopWhenAllViolated);
      this.current = frontier.next(cur)
    ) {
      if ((++expanded & 1023) === 0) {
        const count = this.count();
        this.limit = ticker.check(count, this.bytes(), count - expanded);
        if (this.limit) break;
        const pause = ticker.breathe();
        if (pause) await pause;
      }
      const cost = frontier.cost(this.current);
      this.currentCost = cost;
      if (cost > this.depth) this.depth = cost;
      if (this.pending.size > 0) this.settle();
      this.last = this.stored > words ? cur[words]! | 0 : -1;
      this.emitting = -1;
      ts.check(cur, open, this.report);
      const n = this.reduction
        ? this.expandReduced(this.reduction)
        : frontier.countsPreemptions && this.last >= 0
          ? this.expandLastFirst()
          : ts.successors(cur, this.next, this.emit);
      if (n === 0 && open[this.deadlock] && !ts.allDone(cur)) this.violated(this.deadlock, this.current, cost);
      if (stopAtFirst && (this.violations.length > 0 || this.pending.size > 0)) break;
      if (this.count() > maxStates) {
        this.limit = 'states';
        break;
      }
    }
  }

  /** Called for every successor, in `next`: stores it, offers it to the frontier, notes a failed assert. */
  private readonly emit: Emit = (proc, step, failedAssert) => {
    this.generated++;
    this.fired[step + 1]!++;
    if (proc !== this.emitting) {
      this.emitting = proc;
      this.ordinal = 0;
    }
    const next = this.next;
    this.canonical?.(next);
    if (this.stored > this.words) next[this.words] = proc;
    const added = this.exact
      ? this.exact.add(next, this.current)
      : this.logged!.add(next, this.current, proc, this.ordinal);
    this.ordinal++;
    const isNew = added >= 0;
    if (!isNew) this.revisited = true;
    const index = isNew ? added : -added - 1;
    if (this.frontier.offer(index, isNew, proc, next) && !isNew) this.exact!.setParent(index, this.current);
    if (failedAssert >= 0 && this.open[failedAssert]) {
      const cost = this.frontier.stepCost(proc);
      const seen = this.pending.get(failedAssert);
      if (!seen || compareCosts(cost, seen.cost) < 0)
        this.pending.set(failedAssert, { cost, from: this.current, state: next.slice() });
    }
  };

  /**
   * The successors of the last step's process first, then the others' in process order: a switch
   * away from it is a preemption when it could move (fewest-switches). The order within each cost
   * is the same as in process order, since its own steps cost less than the others'.
   */
  private expandLastFirst(): number {
    const { ts, cur, next, emit, last } = this;
    const own = ts.successorsOf[last]!(cur, next, emit);
    this.frontier.lastCouldMove(own > 0);
    let n = own;
    for (let q = 0; q < ts.successorsOf.length; q++) if (q !== last) n += ts.successorsOf[q]!(cur, next, emit);
    return n;
  }

  /** Called for each property the state being expanded violates. */
  private readonly report = (property: number): void => this.violated(property, this.current, this.currentCost);

  /** Expands with one process when that stands for all (see reduction.ts); else every process. */
  private expandReduced(r: Reduction): number {
    const { ts, cur, next, emit } = this;
    if (this.frontier.countsPreemptions && this.last >= 0) {
      // Whether the last step's process could move, before any successor is offered: a dry run.
      const scratch = new Uint32Array(next.length);
      this.frontier.lastCouldMove(ts.successorsOf[this.last]!(cur, scratch, () => {}) > 0);
    }
    for (let p = r.candidate(cur); p >= 0; p = r.candidate(cur, p)) {
      this.revisited = false;
      const n = ts.successorsOf[p]!(cur, next, emit);
      if (n === 0) continue; // p cannot move here: try another
      if (!this.revisited) return n;
      // The cycle proviso: a step back to a seen state, so expand every other process too.
      let all = n;
      for (let q = 0; q < ts.successorsOf.length; q++) if (q !== p) all += ts.successorsOf[q]!(cur, next, emit);
      return all;
    }
    return ts.successors(cur, next, emit);
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
      ...(this.stored > this.words && { processes: this.processes(index, last) }),
    });
  }

  /** The process of each step to state `index` (then `last`), from the extra word of fewest-switches states. */
  private processes(index: number, last?: State): number[] {
    const out: number[] = last ? [last[this.words]!] : [];
    for (let i = index; i > 0; i = this.exact!.parent(i)) {
      const { arena, offset } = this.exact!.view(i);
      out.push(arena[offset + this.words]!);
    }
    return out.reverse();
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

  private stats(): Stats {
    const counts = { generated: this.generated, distinct: this.count(), depth: this.depth, bytes: this.bytes() };
    return statistics(counts, this.ticker.elapsed(), this.ts.layout);
  }
}

/** The engine's own arrays could not be allocated (as opposed to a bug that throws a RangeError). */
export function isAllocationFailure(e: unknown): boolean {
  return e instanceof RangeError && /allocation failed|Invalid typed array length|Array buffer/i.test(e.message);
}
