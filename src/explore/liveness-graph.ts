/*
 * The reachable state graph, kept whole for the liveness engine: a
 * breadth-first search like the safety search's, but one that records every
 * transition (its target and its process) in compressed rows, state by state
 * in the order they are expanded, and the value of each liveness property's
 * conditions in each state. Fair cycles are then looked for in this graph
 * (liveness-fair.ts); a counterexample is a list of transitions, replayed
 * from the initial state to get its states back, so no store needs to keep
 * the states themselves.
 *
 * Stores: exact (every state, as the safety search keeps them) or compact
 * (a 64-bit fingerprint and a state number per state: two states with one
 * fingerprint are taken as one, with the same chance as the safety search's
 * compact store). The cost is the store, plus 12 bytes a state (row start,
 * parent, labels) and 6 bytes a transition.
 */

import type { Condition } from '../compile/conditions.js';
import { type Emit, ModelRuntimeError, type State, type TransitionSystem } from '../compile/index.js';
import type { Loc } from '../lang/index.js';
import { hashWords } from '../state/hash.js';
import { StateStore, StoreFull } from '../state/store.js';
import { BreadthQueue } from './frontier.js';
import { isAllocationFailure, type LimitOptions, LimitReached, LimitTicker, SUCCESSOR_TURN } from './limits.js';
import { type Limit, type Stats, statistics } from './verdict.js';

export type GraphStore = 'exact' | 'compact';

export interface StateGraph {
  /** Distinct states; state 0 is the initial one. */
  readonly count: number;
  /** The transitions of state v are rows[v] .. rows[v + 1] - 1. */
  readonly rows: Uint32Array;
  readonly targets: Uint32Array;
  readonly procs: Uint16Array;
  /** Per state, a bit per condition: bit k of labels[v * stride + (k >> 3)]. */
  readonly labels: Uint8Array;
  readonly stride: number;
  /** Each state's parent in the breadth-first tree (-1 for the initial state). */
  readonly parents: Int32Array;
}

/** Whether condition k holds in state v. */
export function label(g: StateGraph, v: number, k: number): boolean {
  return (g.labels[v * g.stride + (k >> 3)]! & (1 << (k & 7))) !== 0;
}

export interface GraphResult {
  readonly graph?: StateGraph;
  readonly stats: Stats;
  readonly limit?: Limit;
  readonly failure?: { readonly loc: Loc; readonly message: string; readonly state: number };
  /** For the compact store: what it may have cost in completeness. */
  readonly coverage?: string;
}

export interface GraphOptions extends LimitOptions {
  readonly store?: GraphStore;
  /** The states and transitions to expect (from a search done before), to size the arrays once. */
  readonly expect?: { readonly states: number; readonly transitions: number };
}

export function buildGraph(ts: TransitionSystem, conditions: readonly Condition[], options: GraphOptions) {
  return new GraphBuilder(ts, conditions, options).run();
}

/** A growing typed array. */
class Grow<T extends Uint32Array | Uint16Array | Int32Array | Uint8Array> {
  length = 0;
  constructor(public data: T) {}

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new (this.data.constructor as new (n: number) => T)(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  done(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** Fingerprints with the number of the state each stands for (compact store). */
class FingerprintIndex {
  private table = new Uint32Array(3 * 4096); // (hi, lo, index + 1); 0 index: empty
  private mask = 4095;
  count = 0;

  constructor(
    private readonly words: number,
    private readonly budget: number,
  ) {}

  /** The state's number if new, or -(number + 1) if seen. */
  add(s: Uint32Array): number {
    const hi = hashWords(s, 0, this.words);
    const lo = hashWords(s, 0, this.words, 0x3c6ef372);
    for (let slot = lo & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = 3 * slot;
      const index = this.table[at + 2]!;
      if (index === 0) {
        this.table[at] = hi;
        this.table[at + 1] = lo;
        this.table[at + 2] = ++this.count;
        if (this.count > 0.7 * (this.mask + 1)) this.grow();
        return this.count - 1;
      }
      if (this.table[at] === hi && this.table[at + 1] === lo) return -index;
    }
  }

  private grow(): void {
    const old = this.table;
    const size = 2 * (this.mask + 1);
    if (3 * size * 4 + old.byteLength > this.budget) throw new StoreFull(this.budget);
    this.table = new Uint32Array(3 * size);
    this.mask = size - 1;
    for (let at = 0; at < old.length; at += 3) {
      if (old[at + 2] === 0) continue;
      let slot = old[at + 1]! & this.mask;
      while (this.table[3 * slot + 2] !== 0) slot = (slot + 1) & this.mask;
      this.table.set(old.subarray(at, at + 3), 3 * slot);
    }
  }

  get bytes(): number {
    return this.table.byteLength;
  }

  coverage(): string {
    const p = (this.count * this.count) / 2 ** 65;
    const chance = p < 1e-15 ? p.toExponential(1) : p.toPrecision(2);
    const what = 'hash compaction: the chance that a state was missed (two states with one 64-bit fingerprint)';
    return `${what} is at most ${chance}`;
  }
}

class GraphBuilder {
  private readonly words: number;
  private readonly exact: StateStore | undefined;
  private readonly index: FingerprintIndex | undefined;
  private readonly queue: BreadthQueue | undefined;
  private readonly ticker: LimitTicker;
  private readonly rows: Grow<Uint32Array>;
  private readonly targets: Grow<Uint32Array>;
  private readonly procs: Grow<Uint16Array>;
  private readonly labels: Grow<Uint8Array>;
  private readonly parents: Grow<Int32Array>;
  private readonly stride: number;
  private readonly cur: Uint32Array;
  private readonly next: Uint32Array;
  private current = 0;
  private depth = 0;
  private levelEnd = 1;
  /** Transitions recorded by the state being expanded (one state may have millions: see limits.ts). */
  private emitted = 0;

  constructor(
    private readonly ts: TransitionSystem,
    private readonly conditions: readonly Condition[],
    options: GraphOptions,
  ) {
    this.words = ts.words;
    const budget = options.maxBytes ?? Infinity;
    // Sized for what is expected, when known (no growing on the way), but within the limits.
    const states = Math.max(4096, Math.min(options.expect?.states ?? 0, options.maxStates ?? Infinity) + 2);
    const transitions = Math.max(4096, Math.min(options.expect?.transitions ?? 0, 2 ** 31) + 1);
    if ((options.store ?? 'exact') === 'exact') this.exact = new StateStore(this.words, budget, states);
    else {
      this.index = new FingerprintIndex(this.words, budget);
      this.queue = new BreadthQueue(this.words);
    }
    this.stride = Math.max(1, Math.ceil(conditions.length / 8));
    this.rows = new Grow(new Uint32Array(states));
    this.targets = new Grow(new Uint32Array(transitions));
    this.procs = new Grow(new Uint16Array(transitions));
    this.labels = new Grow(new Uint8Array(states * this.stride));
    this.parents = new Grow(new Int32Array(states));
    this.cur = new Uint32Array(this.words);
    this.next = new Uint32Array(this.words);
    this.ticker = new LimitTicker(options, () => this.stats());
  }

  async run(): Promise<GraphResult> {
    let limit: Limit | undefined;
    try {
      limit = await this.explore();
    } catch (e) {
      if (e instanceof ModelRuntimeError) {
        // The graph as far as it goes: enough to rebuild the path to the state that failed.
        const { loc, message } = e.diagnostic;
        return { graph: this.graph(), stats: this.stats(), failure: { loc, message, state: this.current } };
      }
      if (e instanceof StoreFull || isAllocationFailure(e)) limit = 'memory';
      else if (e instanceof LimitReached) limit = e.limit;
      else throw e;
    }
    if (limit) return { stats: this.stats(), limit };
    this.rows.push(this.targets.length);
    return { graph: this.graph(), stats: this.stats(), ...(this.index && { coverage: this.index.coverage() }) };
  }

  private graph(): StateGraph {
    return {
      count: this.count(),
      rows: this.rows.done(),
      targets: this.targets.done(),
      procs: this.procs.done(),
      labels: this.labels.done(),
      stride: this.stride,
      parents: this.parents.done(),
    };
  }

  private async explore(): Promise<Limit | undefined> {
    const { ts, cur, ticker } = this;
    const start = ts.initial();
    if (this.exact) this.exact.add(start, -1);
    else {
      this.index!.add(start);
      this.queue!.offer(0, true, 0, start);
    }
    this.parents.push(-1);
    for (this.current = 0; this.current < this.count(); this.current++) {
      if ((this.current & 1023) === 1023) {
        const limit = ticker.check(this.count(), this.bytes(), this.count() - this.current);
        if (limit) return limit;
        const pause = ticker.breathe();
        if (pause) await pause;
      }
      if (this.current === this.levelEnd) {
        this.depth++;
        this.levelEnd = this.count();
      }
      this.fetch(cur);
      this.rows.push(this.targets.length);
      this.label(cur);
      this.emitted = 0;
      ts.successors(cur, this.next, this.emit);
      if (this.count() > ticker.maxStates) return 'states';
    }
    return undefined;
  }

  private fetch(out: Uint32Array): void {
    if (this.exact) {
      const { arena, offset } = this.exact.view(this.current);
      for (let w = 0; w < this.words; w++) out[w] = arena[offset + w]!;
    } else this.queue!.next(out);
  }

  private label(s: State): void {
    const base = this.labels.length;
    for (let b = 0; b < this.stride; b++) this.labels.push(0);
    const data = this.labels.data;
    this.conditions.forEach((c, k) => {
      if (c(s)) data[base + (k >> 3)] = data[base + (k >> 3)]! | (1 << (k & 7));
    });
  }

  private readonly emit: Emit = (proc) => {
    const next = this.next;
    const added = this.exact ? this.exact.add(next, this.current) : this.index!.add(next);
    const index = added >= 0 ? added : -added - 1;
    if (added >= 0) {
      this.parents.push(this.current);
      this.queue?.offer(index, true, 0, next);
    }
    this.targets.push(index);
    this.procs.push(proc);
    if ((++this.emitted & (SUCCESSOR_TURN - 1)) === 0) this.ticker.during(this.count(), this.bytes());
  };

  private count(): number {
    return (this.exact ?? this.index)!.count;
  }

  private bytes(): number {
    const own =
      this.rows.data.byteLength +
      this.targets.data.byteLength +
      this.procs.data.byteLength +
      this.labels.data.byteLength +
      this.parents.data.byteLength;
    return own + (this.exact?.bytes ?? this.index!.bytes + this.queue!.bytes);
  }

  private stats(): Stats {
    const counts = { generated: this.targets.length, distinct: this.count(), depth: this.depth, bytes: this.bytes() };
    return statistics(counts, this.ticker.elapsed(), this.ts.layout);
  }
}

/** The states along a list of transitions (positions in `targets`) from the initial state, replayed. */
export function replayEdges(ts: TransitionSystem, g: StateGraph, edges: readonly number[]): State[] {
  let s = ts.initial();
  let v = 0;
  const states = [s];
  const out = new Uint32Array(ts.words);
  for (const e of edges) {
    const want = e - g.rows[v]!;
    let k = 0;
    let found: State | undefined;
    ts.successors(s, out, () => {
      if (k++ === want) found = out.slice();
    });
    if (!found || e < g.rows[v]! || e >= g.rows[v + 1]!)
      throw new Error(`internal error: transition ${e} does not leave state ${v}`);
    s = found;
    v = g.targets[e]!;
    states.push(s);
  }
  return states;
}

/** The transitions from the initial state to state v along the breadth-first tree. */
export function treePath(g: StateGraph, v: number): number[] {
  const edges: number[] = [];
  for (let x = v; g.parents[x]! >= 0; x = g.parents[x]!) {
    const p = g.parents[x]!;
    let e = g.rows[p]!;
    while (g.targets[e] !== x) e++;
    edges.push(e);
  }
  return edges.reverse();
}
