/*
 * The replay search: over (model state, how far the diagram is drawn, each
 * process's pen), where a step that draws an entry happens in the diagram's
 * order and any process may take the steps the diagram leaves out at any
 * time (moves.ts). Visited states are kept in the explore stage's store, and
 * the limit ticker stops it. States are expanded in order of context
 * switches, then steps (a FIFO queue per switch count), so the first run
 * found fills the diagram in with the fewest switches.
 *
 * Once the whole diagram is drawn, the search goes on over the model's state
 * alone, looking for a violation the run ends in. A state where no process
 * can move while the diagram's last entries are what the waiting processes
 * would draw next (the final `schedule()` of a lost wake-up) is a deadlock
 * that the diagram draws. Without any run to the end, the search is
 * exhausted (infeasible) or stopped by a limit (undecided); it keeps the
 * furthest entry reached and the states where it stopped there.
 */
import { compile, type State, type TransitionSystem } from '../../compile/index.js';
import { type Limit, LimitTicker, SingleProcessReduction, type Stats, statistics } from '../../explore/index.js';
import { expr, footprints, type LocationFootprint, Slots } from '../../model/footprint.js';
import { type Model, visitProcess } from '../../model/index.js';
import { StateStore, StoreFull } from '../../state/store.js';
import type { Candidate, Stepper } from '../stepper.js';
import { DeadEnds } from './dead.js';
import { eventsKey, initialSide, type Script, type Side, sideKey, tryMoves } from './moves.js';
import type { ReplayOptions } from './types.js';
import { drawnByWaits } from './waits.js';

const NONE = 0xffffffff;

/** How the search ended: at a goal, at the end of the diagram, stuck, or at a limit. */
export type SearchEnd =
  /** Node `index` violates `property` (on the step into it, when `onStep`). */
  | { readonly kind: 'violation'; readonly index: number; readonly property: number; readonly drawnByWaits: boolean }
  /** Node `index` drew the whole diagram; no violation found (`complete`: none reachable at all). */
  | { readonly kind: 'feasible'; readonly index: number; readonly complete: boolean }
  /** Exhausted: no run drew script position `furthest`; `stops` are the nodes where runs stopped there. */
  | { readonly kind: 'stuck'; readonly furthest: number; readonly stops: readonly number[]; readonly reached: number }
  | { readonly kind: 'limit'; readonly limit: Limit; readonly furthest: number; readonly reached: number };

export class ReplaySearch {
  readonly store: StateStore;
  /** Interned sides: id → side; id 0 is "the diagram is drawn" (the pens no longer matter). */
  readonly sides: (Side | undefined)[] = [undefined];
  private readonly sideIds = new Map<string, number>();
  private readonly words: number;
  /** The model without recording, for steps whose drawing does not matter. */
  private readonly plain: TransitionSystem;
  private readonly reduction: SingleProcessReduction;
  private readonly prints: Map<number, LocationFootprint>[];
  /** The slots the texts of the diagram's processes show (their holes). */
  private readonly shown: Slots;
  private readonly ticker: LimitTicker;
  /** The lenient search prunes states the diagram cannot be finished from (the strict one keeps them). */
  private readonly deadEnds: DeadEnds | undefined;
  private readonly moves = new Map<string, readonly { id: number; at: number }[]>();
  private readonly next: Uint32Array;
  /** The node being expanded, the side its plain successors get, and what the reduction did. */
  private current = 0;
  private sideOfNext = 0;
  private revisited = false;
  private reducedTo = -1;
  private costs = new Int32Array(1 << 12);
  private depths = new Int32Array(1 << 12);
  /** A FIFO queue of nodes per switch count: typed arrays, off the heap and counted in bytes(). */
  private readonly buckets: NodeQueue[] = [];
  private bucket = 0;
  /** Nodes whose step into them fails an assertion: index → property. */
  private readonly failed = new Map<number, number>();
  private generated = 0;
  private depth = 0;
  private furthest = -1;
  /** The first node to reach `furthest`, and the nodes that stopped there. */
  private reached = -1;
  private stops: number[] = [];
  private firstEnd = -1;

  constructor(
    private readonly model: Model,
    private readonly stepper: Stepper,
    readonly script: Script,
    private readonly limits: ReplayOptions,
    /**
     * Whether processes without a column move before the diagram's end (the search that decides);
     * without them, a search for a run to show that has no steps the diagram cannot place.
     */
    private readonly outsiders = true,
    /** Partial-order reduction (the search that decides; the one for a run to show keeps every order). */
    private readonly reduce = true,
    /** Every step may be one the diagram leaves out, even one that draws an entry's text (see tryMoves). */
    readonly lenient = false,
  ) {
    this.plain = compile(model);
    this.words = this.plain.words;
    this.reduction = new SingleProcessReduction(this.plain);
    this.prints = footprints(model);
    this.shown = shownSlots(model, script.processes);
    this.next = new Uint32Array(this.words + 2);
    this.deadEnds = lenient ? new DeadEnds(model, script) : undefined;
    this.store = new StateStore(this.words + 2, limits.maxBytes ?? Infinity);
    this.ticker = new LimitTicker(limits, () => this.stats());
  }

  /** Node `index`'s model state, side and the process of the step into it (-1 for the start). */
  node(index: number): { state: State; side: Side | undefined; sideId: number; last: number } {
    const { arena, offset } = this.store.view(index);
    const state = arena.slice(offset, offset + this.words);
    const sideId = arena[offset + this.words]!;
    const last = arena[offset + this.words + 1]!;
    return { state, side: this.sides[sideId], sideId, last: last === NONE ? -1 : last };
  }

  /** The nodes from the start to `index`. */
  chain(index: number): number[] {
    const out: number[] = [];
    for (let i = index; i >= 0; i = this.store.parent(i)) out.push(i);
    return out.reverse();
  }

  intern(side: Side): number {
    if (side.at >= this.script.n) return 0;
    const key = sideKey(side);
    let id = this.sideIds.get(key);
    if (id === undefined) {
      id = this.sides.length;
      this.sides.push(side);
      this.sideIds.set(key, id);
    }
    return id;
  }

  stats(): Stats {
    const counts = { generated: this.generated, distinct: this.store.count, depth: this.depth, bytes: this.bytes() };
    return statistics(counts, this.ticker.elapsed(), this.plain.layout);
  }

  async run(): Promise<SearchEnd> {
    try {
      return await this.explore();
    } catch (e) {
      if (e instanceof StoreFull) return this.limited('memory');
      throw e;
    }
  }

  private limited(limit: Limit): SearchEnd {
    if (this.firstEnd >= 0) return { kind: 'feasible', index: this.firstEnd, complete: false };
    return { kind: 'limit', limit, furthest: this.furthest, reached: this.reached };
  }

  private async explore(): Promise<SearchEnd> {
    const { plain, words } = this;
    const key = new Uint32Array(words + 2);
    key.set(plain.initial());
    key[words + 1] = NONE;
    const start = initialSide(this.script, this.model.processes.length);
    key[words] = this.intern(start);
    this.offer(this.store.add(key, -1), -1, 0, 0);
    this.furthest = start.at;
    this.reached = 0;
    const open = openProperties(this.model, this.limits.properties);
    const deadlock = this.model.properties.find((p) => p.kind === 'deadlock')!.index;
    const deadlocks = open[deadlock] === 1;
    let expanded = 0;
    for (let index = this.pop(); index >= 0; index = this.pop()) {
      if (this.store.count > this.ticker.maxStates) return this.limited('states');
      if (this.ticker.interrupted()) return this.limited('interrupted');
      if ((++expanded & 255) === 0) {
        const limit = this.ticker.check(this.store.count, this.bytes(), 0);
        if (limit) return this.limited(limit);
        const pause = this.ticker.breathe();
        if (pause) await pause;
      }
      const { state, side, sideId } = this.node(index);
      this.current = index;
      this.depth = Math.max(this.depth, this.depths[index]!);
      if (!side) {
        // The diagram is drawn: look for a violation the run ends in.
        if (this.firstEnd < 0) this.firstEnd = index;
        const failed = this.failed.get(index);
        if (failed !== undefined && open[failed])
          return { kind: 'violation', index, property: failed, drawnByWaits: false };
        let broken = -1;
        plain.check(state, open, (p) => (broken = broken < 0 ? p : broken));
        if (broken >= 0) return { kind: 'violation', index, property: broken, drawnByWaits: false };
        const n = this.expandPlain(state, 0, () => this.reduce);
        if (n === 0 && deadlocks && !plain.allDone(state))
          return { kind: 'violation', index, property: deadlock, drawnByWaits: false };
        continue;
      }
      if (this.deadEnds?.dead(state, side)) continue;
      // A process the diagram has no column for draws nothing: its steps leave the drawing as it is.
      const outside = (p: number) => this.script.columnOf[p]! < 0 && !this.writesDrawn(p, state);
      let enabled = this.outsiders && this.reduce ? this.expandPlain(state, sideId, outside) : 0;
      let allowed = enabled;
      if (enabled === 0 || this.revisited) {
        this.sideOfNext = sideId;
        for (let q = 0; q < this.model.processes.length; q++) {
          if (this.script.columnOf[q]! < 0) {
            if (!this.outsiders || (enabled > 0 && q === this.reducedTo)) continue;
            const n = this.plain.successorsOf[q]!(state, this.next, this.emitSame);
            enabled += n;
            allowed += n;
            continue;
          }
          for (const c of this.stepper.candidatesOf(state, q)) {
            enabled++;
            for (const to of this.movesOf(side, sideId, c)) {
              allowed++;
              this.next.set(c.next);
              const i = this.add(to.id, c.proc, to.at);
              // The step that draws the diagram's last entry may break an assertion: the run ends in it.
              if (to.id === 0 && c.failedAssert >= 0) this.failed.set(i >= 0 ? i : -i - 1, c.failedAssert);
            }
          }
        }
      }
      const stuck = enabled === 0 && !plain.allDone(state) && (this.outsiders || !this.outsidersMove(state));
      if (stuck && deadlocks && drawnByWaits(this.model, this.stepper, this.script, state, side))
        return { kind: 'violation', index, property: deadlock, drawnByWaits: true };
      if (allowed === 0 && side.at === this.furthest) this.stops.push(index);
    }
    if (this.firstEnd >= 0) return { kind: 'feasible', index: this.firstEnd, complete: true };
    return { kind: 'stuck', furthest: this.furthest, stops: this.stops, reached: this.reached };
  }

  /** Whether a process without a column could move (when the search keeps them still). */
  private outsidersMove(state: State): boolean {
    const scratch = new Uint32Array(this.words);
    return this.model.processes.some(
      (q) => this.script.columnOf[q.index]! < 0 && this.plain.successorsOf[q.index]!(state, scratch, () => {}) > 0,
    );
  }

  /**
   * Partial-order reduction (persistent sets of one process, explore/single-reduction.ts): when one
   * process's next steps may stand for every process's (`may` says which processes can), expands
   * only those; returns how many, 0 when no process can. `revisited` says whether one led to a
   * state seen before (then the caller expands the rest too: the cycle proviso).
   */
  private expandPlain(state: State, sideId: number, may: (p: number) => boolean): number {
    this.revisited = false;
    this.sideOfNext = sideId;
    this.reducedTo = -1;
    for (let p = this.reduction.candidate(state); p >= 0; p = this.reduction.candidate(state, p)) {
      if (!may(p)) continue;
      const n = this.plain.successorsOf[p]!(state, this.next, this.emitSame);
      if (n === 0) continue;
      this.reducedTo = p;
      if (!this.revisited || sideId !== 0) return n;
      // After the diagram's end every process is expanded alike.
      let all = n;
      for (let q = 0; q < this.model.processes.length; q++)
        if (q !== p) all += this.plain.successorsOf[q]!(state, this.next, this.emitSame);
      return all;
    }
    if (sideId !== 0) return 0;
    return this.plain.successors(state, this.next, this.emitSame);
  }

  /** A successor in `next` that leaves the drawing as it is. */
  private readonly emitSame = (proc: number, _step: number, failedAssert: number): void => {
    const i = this.add(this.sideOfNext, proc, -1);
    if (i < 0) this.revisited = true;
    if (failedAssert >= 0 && this.sideOfNext === 0) this.failed.set(i >= 0 ? i : -i - 1, failedAssert);
  };

  /** Stores the successor in `next` with its side and process; returns what the store's add does. */
  private add(sideId: number, proc: number, at: number): number {
    const { next, words } = this;
    const from = this.current;
    next[words] = sideId;
    next[words + 1] = proc;
    const i = this.store.add(next, from);
    this.generated++;
    if (i >= 0 && at > this.furthest) {
      this.furthest = at;
      this.reached = i;
      this.stops = [];
    }
    const last = this.store.view(from);
    const before = last.arena[last.offset + words + 1]!;
    const cost = this.costs[from]! + (before !== NONE && before !== proc ? 1 : 0);
    this.offer(i, from, cost, this.depths[from]! + 1);
    return i;
  }

  /** The sides a column process's step can lead to (memoised: they depend on the side and what the step draws). */
  private movesOf(side: Side, sideId: number, c: Candidate): readonly { id: number; at: number }[] {
    const key = `${sideId}|${c.proc}|${c.step}|${eventsKey(c)}`;
    let to = this.moves.get(key);
    if (to === undefined) {
      to = tryMoves(this.model, this.script, side, c, this.lenient).map((m) => ({
        id: this.intern(m.side),
        at: m.side.at,
      }));
      this.moves.set(key, to);
    }
    return to;
  }

  /** Whether process `p`'s next step may change a value that a diagram column's text shows. */
  private writesDrawn(p: number, state: State): boolean {
    const pc = this.plain.layout.get(state, this.model.processes[p]!.pcSlot);
    const here = this.prints[p]!.get(pc);
    return here?.now.writes.meets(this.shown) === true;
  }

  /** A node reached at `cost` switches and `depth` steps (index < 0: seen before, as -(index + 1)). */
  private offer(added: number, parent: number, cost: number, depth: number): void {
    const isNew = added >= 0;
    const index = isNew ? added : -added - 1;
    if (index >= this.costs.length) {
      const size = Math.max(this.costs.length * 2, index + 1);
      const costs = new Int32Array(size);
      costs.set(this.costs);
      this.costs = costs;
      const depths = new Int32Array(size);
      depths.set(this.depths);
      this.depths = depths;
    }
    if (!isNew) {
      if (this.costs[index]! <= cost) return;
      // A cheaper way to a state still waiting: it is expanded at the cheaper cost, from the new parent.
      this.store.setParent(index, parent);
    }
    this.costs[index] = cost;
    this.depths[index] = depth;
    while (this.buckets.length <= cost) this.buckets.push(new NodeQueue());
    this.buckets[cost]!.push(index);
  }

  /** The next node to expand (the cheapest; first found first), or -1. */
  private pop(): number {
    while (this.bucket < this.buckets.length) {
      const queue = this.buckets[this.bucket]!;
      while (!queue.empty) {
        const index = queue.shift();
        // A stale entry: the state was queued again at a lower cost since.
        if (this.costs[index] === this.bucket) return index;
      }
      queue.release();
      this.bucket++;
    }
    return -1;
  }

  private bytes(): number {
    let queued = 0;
    for (let b = this.bucket; b < this.buckets.length; b++) queued += this.buckets[b]!.bytes;
    return this.store.bytes + this.costs.byteLength * 2 + this.sides.length * 256 + queued;
  }
}

/** A growing FIFO queue of node indices. */
class NodeQueue {
  private data = new Int32Array(64);
  private head = 0;
  private tail = 0;

  get empty(): boolean {
    return this.head === this.tail;
  }

  get bytes(): number {
    return this.data.byteLength;
  }

  push(index: number): void {
    if (this.tail === this.data.length) {
      // Move what is left to the front; grow only when more than half of it is still waiting.
      const left = this.tail - this.head;
      if (left * 2 >= this.data.length) {
        const data = new Int32Array(Math.max(64, this.data.length * 2));
        data.set(this.data.subarray(this.head, this.tail));
        this.data = data;
      } else this.data.copyWithin(0, this.head, this.tail);
      this.head = 0;
      this.tail = left;
    }
    this.data[this.tail++] = index;
  }

  shift(): number {
    return this.data[this.head++]!;
  }

  /** Done with: its memory goes. */
  release(): void {
    this.data = new Int32Array(0);
    this.head = this.tail = 0;
  }
}

/** The slots read by the holes of the texts the given processes draw. */
function shownSlots(model: Model, processes: readonly number[]): Slots {
  const reads = new Slots(model.slots.length);
  for (const p of processes)
    visitProcess(model.processes[p]!, {
      text: (t) => {
        for (const part of t) if (typeof part !== 'string') expr(part, reads);
      },
    });
  return reads;
}

/** 1 for each property a run may end in a violation of. */
export function openProperties(model: Model, properties?: readonly number[]): Uint8Array {
  const open = new Uint8Array(model.properties.length);
  for (const p of properties ?? model.properties.map((q) => q.index)) open[p] = 1;
  return open;
}
