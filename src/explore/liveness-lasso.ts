/*
 * A liveness counterexample as a lasso: a prefix from the initial state to a
 * fair component, then a cycle inside it that the run repeats forever (or,
 * for a component that is one state without transitions, nothing: the run
 * stops there). The prefix is found by a 0-1 breadth-first search with the
 * fewest context switches, as the safety counterexamples are (or the fewest
 * steps); it runs over pairs (state, phase): in phase 0 the run goes
 * anywhere (leadsto and always-eventually), in phase 1 it stays where the
 * property allows, from a seed (where P holds and Q does not, for leadsto)
 * on. The cycle goes round the component, taking a step of each fair process
 * that takes one there and passing a state where each other weakly fair one
 * cannot move, so that it is a fair run; then back to where it began.
 */
import type { Fairness } from '../model/index.js';
import type { FairSearch } from './liveness-fair.js';
import type { StateGraph } from './liveness-graph.js';
import type { LassoShape } from './verdict.js';

export interface LassoQuery {
  /** The states the run may stay in once the property's trigger held. */
  readonly allowed: Uint8Array;
  /** Where the trigger holds (the run enters phase 1 there). */
  readonly seeds: Uint8Array;
  /** Whether the run may move before the trigger (false: the trigger is the initial state). */
  readonly free: boolean;
  readonly search: FairSearch;
  readonly fairness: readonly Fairness[];
  readonly fewestSwitches: boolean;
}

/** A lasso as the verdict carries it (its marks), found as transitions of the graph. */
export interface Lasso extends LassoShape {
  /** Transitions (positions in the graph's targets) from the initial state: the prefix, then the cycle. */
  readonly edges: readonly number[];
}

/** Product states beyond this many: the prefix is the shortest one, not the one with the fewest switches. */
const MAX_PRODUCT = 1 << 22;

export function findLasso(g: StateGraph, q: LassoQuery): Lasso | undefined {
  const prefix = prefixPath(g, q);
  if (!prefix) return undefined;
  const { edges, end, trigger } = prefix;
  const c = q.search.components[q.search.component[end]!]!;
  if (c.stop) return { edges, loop: edges.length, trigger, stop: true, starved: [], passedOver: [], still: [] };
  const cycle = new CycleBuilder(g, q.search.component, q.search.component[end]!, c.states, q.fairness).build(end);
  const { starved, passedOver, still } = passedBy(g, cycle, q.fairness.length);
  return { edges: [...edges, ...cycle], loop: edges.length, trigger, stop: false, starved, passedOver, still };
}

/** Steps count below switches in a prefix's cost: (switches, steps), compared in that order. */
const STEP = 1;
const SWITCH = 2 ** 22;

/**
 * The cheapest path from the initial state to a fair component, through the seeds: the fewest
 * context switches, then the fewest steps (Dijkstra's algorithm on that pair, over a heap).
 */
function prefixPath(g: StateGraph, q: LassoQuery): { edges: number[]; end: number; trigger: number } | undefined {
  const procs = q.fairness.length;
  const lasts = q.fewestSwitches && g.count * 2 * (procs + 1) <= MAX_PRODUCT ? procs + 1 : 1;
  const NONE = lasts - 1; // "no step yet" (or: switches not counted)
  const size = g.count * 2 * lasts;
  const node = (v: number, phase: number, last: number) => (v * 2 + phase) * lasts + last;
  const cost = new Float64Array(size).fill(Infinity);
  const parent = new Int32Array(size).fill(-1);
  const via = new Int32Array(size).fill(-1); // the transition taken, or -1 for the step into phase 1
  const heap = new Heap();
  const start = node(0, 0, NONE);
  cost[start] = 0;
  heap.push(0, start);
  const offer = (from: number, to: number, edge: number, price: number): void => {
    const c = cost[from]! + price;
    if (cost[to]! <= c) return;
    cost[to] = c;
    parent[to] = from;
    via[to] = edge;
    heap.push(c, to);
  };
  while (heap.size > 0) {
    const [key, n] = heap.pop();
    if (key > cost[n]!) continue; // a costlier entry, superseded
    const last = n % lasts;
    const pair = (n - last) / lasts;
    const phase = pair % 2;
    const v = (pair - phase) / 2;
    if (phase === 1 && q.search.component[v]! >= 0) return unwind(n);
    if (phase === 0 && q.seeds[v]) offer(n, node(v, 1, last), -1, 0);
    if (phase === 0 && !q.free) continue;
    for (let e = g.rows[v]!; e < g.rows[v + 1]!; e++) {
      const w = g.targets[e]!;
      if (phase === 1 && !q.allowed[w]) continue;
      const p = lasts === 1 ? NONE : g.procs[e]!;
      const price = STEP + (last !== NONE && last !== p ? SWITCH : 0);
      offer(n, node(w, phase, p), e, price);
    }
  }
  return undefined;

  function unwind(n: number): { edges: number[]; end: number; trigger: number } {
    const edges: number[] = [];
    let trigger = 0;
    for (let x = n; parent[x]! >= 0; x = parent[x]!) {
      if (via[x]! >= 0) edges.push(via[x]!);
      else trigger = edges.length;
    }
    edges.reverse();
    return { edges, end: Math.floor(n / lasts / 2), trigger: edges.length - trigger };
  }
}

/** A binary min-heap of (key, node) pairs. */
class Heap {
  private readonly keys: number[] = [];
  private readonly nodes: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, node: number): void {
    const { keys, nodes } = this;
    let i = keys.length;
    keys.push(key);
    nodes.push(node);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (keys[up]! <= key) break;
      keys[i] = keys[up]!;
      nodes[i] = nodes[up]!;
      i = up;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  pop(): [number, number] {
    const { keys, nodes } = this;
    const top: [number, number] = [keys[0]!, nodes[0]!];
    const key = keys.pop()!;
    const node = nodes.pop()!;
    const n = keys.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && keys[child + 1]! < keys[child]!) child++;
      if (keys[child]! >= key) break;
      keys[i] = keys[child]!;
      nodes[i] = nodes[child]!;
      i = child;
    }
    keys[i] = key;
    nodes[i] = node;
    return top;
  }
}

/** A cycle through a fair component that is fair to every fair process. */
class CycleBuilder {
  private readonly stamp: Int32Array;
  private readonly from: Int32Array;
  private marks = 0;

  constructor(
    private readonly g: StateGraph,
    private readonly component: Int32Array,
    private readonly id: number,
    private readonly members: readonly number[],
    private readonly fairness: readonly Fairness[],
  ) {
    this.stamp = new Int32Array(g.count);
    this.from = new Int32Array(g.count);
  }

  private inside(v: number): boolean {
    return this.component[v] === this.id;
  }

  private enabled(v: number, p: number): boolean {
    for (let e = this.g.rows[v]!; e < this.g.rows[v + 1]!; e++) if (this.g.procs[e] === p) return true;
    return false;
  }

  /** The transition of p from v that stays inside, or -1. */
  private innerStep(v: number, p: number): number {
    for (let e = this.g.rows[v]!; e < this.g.rows[v + 1]!; e++)
      if (this.g.procs[e] === p && this.inside(this.g.targets[e]!)) return e;
    return -1;
  }

  build(start: number): number[] {
    const { g, fairness, members } = this;
    // What the cycle must do: a step of each fair process that takes one inside; a state where each
    // other weakly fair process cannot move (the component was kept because there is one).
    const mustStep = new Set<number>();
    const mustRest = new Set<number>();
    fairness.forEach((f, p) => {
      if (f === 'none') return;
      if (members.some((v) => this.innerStep(v, p) >= 0)) mustStep.add(p);
      else if (f === 'weak') mustRest.add(p);
    });
    const cycle: number[] = [];
    let at = start;
    const visit = (v: number) => {
      for (const p of mustRest) if (!this.enabled(v, p)) mustRest.delete(p);
    };
    const take = (e: number) => {
      cycle.push(e);
      mustStep.delete(g.procs[e]!);
      at = g.targets[e]!;
      visit(at);
    };
    visit(at);
    while (mustStep.size > 0 || mustRest.size > 0) {
      const path = this.pathTo(at, (v) => {
        for (const p of mustStep) if (this.innerStep(v, p) >= 0) return true;
        for (const p of mustRest) if (!this.enabled(v, p)) return true;
        return false;
      });
      for (const e of path) take(e);
      for (const p of mustStep) {
        const e = this.innerStep(at, p);
        if (e >= 0) {
          take(e);
          break;
        }
      }
    }
    // Back to the start, with at least one step.
    if (cycle.length === 0) {
      const e = this.firstInner(at);
      take(e);
    }
    for (const e of this.pathTo(at, (v) => v === start)) take(e);
    return cycle;
  }

  private firstInner(v: number): number {
    for (let e = this.g.rows[v]!; e < this.g.rows[v + 1]!; e++) if (this.inside(this.g.targets[e]!)) return e;
    throw new Error('internal error: a fair component without a step inside it');
  }

  /** The fewest transitions inside the component from v to a state that satisfies `goal` (none if v does). */
  private pathTo(v: number, goal: (w: number) => boolean): number[] {
    if (goal(v)) return [];
    const { g, stamp, from } = this;
    const mark = ++this.marks;
    stamp[v] = mark;
    from[v] = -1;
    const queue = [v];
    for (let i = 0; i < queue.length; i++) {
      const u = queue[i]!;
      for (let e = g.rows[u]!; e < g.rows[u + 1]!; e++) {
        const w = g.targets[e]!;
        if (!this.inside(w) || stamp[w] === mark) continue;
        stamp[w] = mark;
        from[w] = e;
        if (goal(w)) {
          const path: number[] = [];
          for (let x = w; from[x]! >= 0; ) {
            const edge = from[x]!;
            path.push(edge);
            x = sourceOf(g, edge);
          }
          return path.reverse();
        }
        queue.push(w);
      }
    }
    throw new Error('internal error: a fair component that is not strongly connected');
  }
}

/** The state a transition leaves (the row it is in). */
function sourceOf(g: StateGraph, e: number): number {
  let lo = 0;
  let hi = g.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (g.rows[mid]! <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Processes the cycle never moves although they could: at every state of it, or at some. */
function passedBy(g: StateGraph, cycle: readonly number[], procs: number) {
  const states = cycle.map((e) => sourceOf(g, e));
  const moved = new Set(cycle.map((e) => g.procs[e]!));
  const starved: number[] = [];
  const passedOver: number[] = [];
  const still: number[] = [];
  for (let p = 0; p < procs; p++) {
    if (moved.has(p)) continue;
    const can = states.map((v) => {
      for (let e = g.rows[v]!; e < g.rows[v + 1]!; e++) if (g.procs[e] === p) return true;
      return false;
    });
    if (can.every(Boolean)) starved.push(p);
    else if (can.some(Boolean)) passedOver.push(p);
    else still.push(p);
  }
  return { starved, passedOver, still };
}
