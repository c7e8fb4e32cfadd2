/*
 * Fair cycles in a state graph, the way LTSmin and TLC look for them: the
 * strongly connected components (Tarjan's algorithm, iterative) of the part
 * of the graph a liveness property allows, reachable from its seeds, each
 * then tested against the processes' fairness (Emerson and Lei):
 *
 * - an infinite run that stays in a component C forever can go round every
 *   state and transition of C; it is fair to a weakly fair process p if p
 *   takes a step inside C, or some state of C gives p nothing to do (p is
 *   not enabled there); to a strongly fair one if p takes a step inside C,
 *   or no state of C gives p anything to do;
 * - if a weakly fair p is enabled in every state of C and takes no step
 *   inside it, no run inside C is fair to p (every smaller cycle has the same
 *   fault): C is dropped;
 * - if a strongly fair p is enabled somewhere in C but takes no step inside
 *   it, a fair run inside C must avoid the states where p is enabled: those
 *   are removed, and the rest is split into components again and each tested
 *   the same way.
 *
 * "Enabled" is about the whole model: p can move there, whether or not its
 * step stays inside the allowed part. A state with no transition at all (a
 * deadlock, or every process finished) is a run that stops there forever,
 * which is fair to everyone. The cost is linear in the transitions of the
 * allowed part, times one round per strongly fair process at most.
 */
import type { Fairness } from '../model/index.js';
import type { StateGraph } from './liveness-graph.js';

/** A set of states that a fair run can stay in forever: a fair component, or one state where the run stops. */
export interface FairComponent {
  readonly states: readonly number[];
  /** A state with no transition: the run stops there. */
  readonly stop: boolean;
}

export interface FairSearch {
  /** Per state, the index of the fair component it belongs to, or -1. */
  readonly component: Int32Array;
  readonly components: readonly FairComponent[];
}

/**
 * The fair components of the part of `g` whose states `allowed` marks (1), among the
 * states reachable inside it from `seeds`.
 */
export function fairComponents(
  g: StateGraph,
  allowed: Uint8Array,
  seeds: Iterable<number>,
  fairness: readonly Fairness[],
): FairSearch {
  return new FairComponents(g, fairness).run(allowed, seeds);
}

/** The search, with its arrays (a few words a state), to run once per property on one graph. */
export class FairComponents {
  private readonly component: Int32Array;
  private components: FairComponent[] = [];
  /** Tarjan's numbering and low links (-1: not visited in the current round). */
  private readonly order: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  /** The round each state belongs to: the states of the universe being split into components. */
  private readonly universe: Int32Array;
  private round = 0;
  /** Per process, the state number + 1 at which it was last seen enabled (a reusable mark). */
  private readonly seen: Int32Array;
  /** Marks the members of the component being judged, with a number of its own. */
  private readonly member: Int32Array;
  private marks = 0;

  constructor(
    private readonly g: StateGraph,
    private readonly fairness: readonly Fairness[],
  ) {
    const n = g.count;
    this.component = new Int32Array(n);
    this.order = new Int32Array(n);
    this.low = new Int32Array(n);
    this.onStack = new Uint8Array(n);
    this.universe = new Int32Array(n);
    this.seen = new Int32Array(fairness.length);
    this.member = new Int32Array(n);
  }

  /** The fair components of the allowed part reachable from the seeds (the result is valid until the next run). */
  run(allowed: Uint8Array, seeds: Iterable<number>): FairSearch {
    const pending: number[][] = [];
    this.components = [];
    this.component.fill(-1);
    this.order.fill(-1);
    this.seen.fill(0);
    // Rounds number the universes; a new run starts past every round of the runs before.
    this.round++;
    const first = this.round;
    for (let v = 0; v < this.g.count; v++) if (allowed[v]) this.universe[v] = first;
    // The first round: the allowed part, from the seeds; later rounds: what strong fairness leaves of a component.
    this.split(seeds, pending);
    while (pending.length > 0) {
      const states = pending.pop()!;
      this.round++;
      for (const v of states) {
        this.universe[v] = this.round;
        this.order[v] = -1;
      }
      this.split(states, pending);
    }
    return { component: this.component, components: this.components };
  }

  /** Tarjan's algorithm over the current round's universe, from `roots`; each component is judged. */
  private split(roots: Iterable<number>, pending: number[][]): void {
    const { g, order, low, onStack, universe } = this;
    const round = this.round;
    const stack: number[] = [];
    const calls: number[] = []; // pairs: state, next transition to look at
    let counter = 0;
    for (const root of roots) {
      if (universe[root] !== round || order[root]! >= 0) continue;
      order[root] = low[root] = counter++;
      stack.push(root);
      onStack[root] = 1;
      calls.push(root, g.rows[root]!);
      while (calls.length > 0) {
        const v = calls[calls.length - 2]!;
        const e = calls[calls.length - 1]!;
        if (e < g.rows[v + 1]!) {
          calls[calls.length - 1] = e + 1;
          const w = g.targets[e]!;
          if (universe[w] !== round) continue;
          if (order[w]! < 0) {
            order[w] = low[w] = counter++;
            stack.push(w);
            onStack[w] = 1;
            calls.push(w, g.rows[w]!);
          } else if (onStack[w] && order[w]! < low[v]!) low[v] = order[w]!;
          continue;
        }
        calls.length -= 2;
        if (calls.length > 0) {
          const u = calls[calls.length - 2]!;
          if (low[v]! < low[u]!) low[u] = low[v]!;
        }
        if (low[v] !== order[v]) continue;
        if (stack[stack.length - 1] === v) {
          // A component of one state, as most are: a cycle only through a step back to itself.
          stack.pop();
          onStack[v] = 0;
          if (g.rows[v] === g.rows[v + 1]) this.keep([v], true);
          else if (this.selfLoop(v)) this.judge([v], pending);
          continue;
        }
        const members: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          members.push(w);
        } while (w !== v);
        this.judge(members, pending);
      }
    }
  }

  private selfLoop(v: number): boolean {
    for (let e = this.g.rows[v]!; e < this.g.rows[v + 1]!; e++) if (this.g.targets[e] === v) return true;
    return false;
  }

  /** Keeps a fair component, drops an unfair one, or queues what strong fairness leaves of it. */
  private judge(members: number[], pending: number[][]): void {
    const { g, seen, fairness } = this;
    const procs = fairness.length;
    const taken = new Uint8Array(procs);
    const everywhere = new Uint8Array(procs).fill(1);
    const somewhere = new Uint8Array(procs);
    let inner = false;
    const mark = ++this.marks;
    for (const v of members) this.member[v] = mark;
    for (const v of members) {
      for (let e = g.rows[v]!; e < g.rows[v + 1]!; e++) {
        const p = g.procs[e]!;
        seen[p] = v + 1;
        if (this.member[g.targets[e]!] === mark) {
          taken[p] = 1;
          inner = true;
        }
      }
      for (let p = 0; p < procs; p++) {
        if (seen[p] === v + 1) somewhere[p] = 1;
        else everywhere[p] = 0;
      }
    }
    if (!inner) {
      // One state without a step back to itself: a run can stay there only by stopping.
      const v = members[0]!;
      if (g.rows[v] === g.rows[v + 1]) this.keep(members, true);
      return;
    }
    const strongFaults: number[] = [];
    for (let p = 0; p < procs; p++) {
      if (taken[p] || fairness[p] === 'none') continue;
      if (fairness[p] === 'weak' && everywhere[p]) return; // p is passed over in every cycle of this component
      if (fairness[p] === 'strong' && somewhere[p]) strongFaults.push(p);
    }
    if (strongFaults.length === 0) {
      this.keep(members, false);
      return;
    }
    // A fair run in here must never give a faulty process a chance: leave out the states that do.
    const rest = members.filter((v) => {
      for (let e = g.rows[v]!; e < g.rows[v + 1]!; e++) if (strongFaults.includes(g.procs[e]!)) return false;
      return true;
    });
    if (rest.length > 0) pending.push(rest);
  }

  private keep(members: readonly number[], stop: boolean): void {
    const id = this.components.length;
    for (const v of members) this.component[v] = id;
    this.components.push({ states: members, stop });
  }
}
