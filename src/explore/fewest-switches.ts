/*
 * The frontier of the fewest-switches search: states in order of the cost of
 * the cheapest path found to them, where a cost is compared component by
 * component: context switches (a step by another process than the step
 * before), then preemptions (a switch away from a process that could still
 * have moved), then steps, then the process of the first step. So the first
 * violation found has the fewest switches, then the fewest preemptions, then
 * the fewest steps; among those, one whose first step is by the lowest-
 * numbered process (the first declared: the commits' CPU 1), and further ties
 * go to the path found first, with every state's successors offered in
 * process order. This is the order of CHESS's iterative context bounding,
 * refined to prefer the short run among the runs with as few switches.
 *
 * Dijkstra's search with a bucket queue. The switches and preemptions of a
 * cost make its level; a step costs (0, 0) within a level, or moves to the
 * next switch count. A level is filled from three sources: itself, and the
 * two levels one switch cheaper (with and without a preemption). Each source
 * delivers its states in order of (steps, first process), because its own
 * states are expanded in that order and a step adds one to the steps; so a
 * level expands in order by taking the least of its three queues' heads.
 * Every operation is O(1). A state reached again more cheaply is queued
 * again; its old entry is skipped when it comes up (its cost no longer
 * matches).
 */
import type { Emit, TransitionSystem } from '../compile/index.js';
import type { StateStore } from '../state/store.js';
import type { Cost, Frontier } from './frontier.js';

/** The queues of a level, by where their states come from. */
const OWN = 0; // a step by the same process
const SWITCH = 1; // a switch from the level one switch cheaper
const PREEMPT = 2; // a preemption from the level one switch and one preemption cheaper
type Source = typeof OWN | typeof SWITCH | typeof PREEMPT;

export class FewestSwitches implements Frontier {
  readonly extraWords = 1;
  readonly countsPreemptions = true;
  /** The cheapest cost found for each state: switches, preemptions, steps, first process (-1: none yet). */
  private switches = new Int32Array(1 << 12);
  private preemptions = new Int32Array(1 << 12);
  private steps = new Int32Array(1 << 12);
  private first = new Int32Array(1 << 12);
  /** Levels by switches, then preemptions; only the level being expanded and the next switch count hold any. */
  private readonly levels = new Map<number, (Level | undefined)[]>();
  /** The cost of the state being expanded, and whether its last step's process could move again. */
  private s = 0;
  private p = 0;
  private n = 0;
  private f = -1;
  /** The process of the last step into the state being expanded (-1: none), and whether it could move again. */
  private last = -1;
  private could = false;

  constructor(private readonly store: StateStore) {}

  get bytes(): number {
    let queued = 0;
    for (const row of this.levels.values()) for (const level of row) queued += level?.bytes ?? 0;
    return 4 * this.switches.byteLength + queued;
  }

  start(): void {
    this.record(0, 0, 0, 0, -1);
    this.level(0, 0).queues[OWN].push(0, 0, -1);
  }

  next(out: Uint32Array): number {
    for (;;) {
      const level = this.levels.get(this.s)?.[this.p];
      const q = level?.least();
      if (!level || q === undefined) {
        if (!this.advance()) return -1;
        continue;
      }
      const index = q.headIndex;
      const n = q.headSteps;
      const f = q.headFirst;
      q.drop();
      if (this.steps[index] !== n || this.first[index] !== f || this.switches[index] !== this.s) continue;
      if (this.preemptions[index] !== this.p) continue; // a stale entry: a cheaper path came later
      this.n = n;
      this.f = f;
      const { arena, offset } = this.store.view(index);
      for (let w = 0; w < out.length; w++) out[w] = arena[offset + w]!;
      this.last = out[out.length - 1]! | 0; // the extra word: the last step's process, or -1
      return index;
    }
  }

  expanding(index: number): number {
    return this.switches[index]!;
  }

  lastCouldMove(could: boolean): void {
    this.could = could;
  }

  stepCost(proc: number): Cost {
    const { s, p } = this.edge(proc);
    return [s, p, this.n + 1, this.f < 0 ? proc : this.f];
  }

  settled(cost: Cost): boolean {
    const mine = [this.s, this.p, this.n, this.f];
    for (let i = 0; i < 4; i++) if (cost[i] !== mine[i]) return cost[i]! < mine[i]!;
    return true;
  }

  offer(index: number, isNew: boolean, proc: number): boolean {
    const { s, p, source } = this.edge(proc);
    const n = this.n + 1;
    const f = this.f < 0 ? proc : this.f;
    if (!isNew && !this.cheaper(index, s, p, n, f)) return false;
    this.record(index, s, p, n, f);
    this.level(s, p).queues[source].push(index, n, f);
    return true;
  }

  /** Where a step of `proc` from the state being expanded goes. */
  private edge(proc: number): { s: number; p: number; source: Source } {
    const last = this.last;
    if (last < 0 || last === proc) return { s: this.s, p: this.p, source: OWN };
    return this.could
      ? { s: this.s + 1, p: this.p + 1, source: PREEMPT }
      : { s: this.s + 1, p: this.p, source: SWITCH };
  }

  private cheaper(index: number, s: number, p: number, n: number, f: number): boolean {
    if (s !== this.switches[index]) return s < this.switches[index]!;
    if (p !== this.preemptions[index]) return p < this.preemptions[index]!;
    if (n !== this.steps[index]) return n < this.steps[index]!;
    return f < this.first[index]!;
  }

  private record(index: number, s: number, p: number, n: number, f: number): void {
    if (index >= this.steps.length) {
      const size = Math.max(this.steps.length * 2, index + 1);
      const grow = (a: Int32Array) => {
        const b = new Int32Array(size);
        b.set(a);
        return b;
      };
      this.switches = grow(this.switches);
      this.preemptions = grow(this.preemptions);
      this.steps = grow(this.steps);
      this.first = grow(this.first);
    }
    this.switches[index] = s;
    this.preemptions[index] = p;
    this.steps[index] = n;
    this.first[index] = f;
  }

  private level(s: number, p: number): Level {
    let row = this.levels.get(s);
    if (!row) {
      row = [];
      this.levels.set(s, row);
    }
    let level = row[p];
    if (!level) {
      level = new Level();
      row[p] = level;
    }
    return level;
  }

  /** Moves to the next level that holds states (more preemptions, then one more switch); false when none. */
  private advance(): boolean {
    const row = this.levels.get(this.s);
    if (row) row[this.p] = undefined;
    for (let p = this.p + 1; row && p < row.length; p++) {
      if (row[p]) {
        this.p = p;
        return true;
      }
    }
    this.levels.delete(this.s);
    const next = this.levels.get(this.s + 1);
    if (!next) return false;
    this.s++;
    this.p = next.findIndex((l) => l !== undefined);
    return this.p >= 0;
  }
}

/**
 * Emits the successors of `state` of the last step's process first, then the others' in process
 * order: a switch away from it is a preemption when it could move. The order within each cost is
 * the same as in process order, since its own steps cost less than the others'.
 */
export function emitLastFirst(ts: TransitionSystem, state: Uint32Array, next: Uint32Array, emit: Emit, last: number) {
  let n = ts.successorsOf[last]!(state, next, emit);
  for (let q = 0; q < ts.successorsOf.length; q++) if (q !== last) n += ts.successorsOf[q]!(state, next, emit);
  return n;
}

/** The process of each step to stored state `index` (then `last`), from the extra word after the model's `words`. */
export function stepProcesses(store: StateStore, words: number, index: number, last?: Uint32Array): number[] {
  const out: number[] = last ? [last[words]!] : [];
  for (let i = index; i > 0; i = store.parent(i)) {
    const { arena, offset } = store.view(i);
    out.push(arena[offset + words]!);
  }
  return out.reverse();
}

/** One level's three queues, each in order of (steps, first process). */
class Level {
  readonly queues = [new Queue(), new Queue(), new Queue()] as const;

  /** The queue whose head comes first; ties go to the source found earlier (preempt, switch, own). */
  least(): Queue | undefined {
    let best: Queue | undefined;
    for (let i = PREEMPT; i >= OWN; i--) {
      const q = this.queues[i as Source];
      if (q.size === 0) continue;
      if (!best || q.headSteps < best.headSteps || (q.headSteps === best.headSteps && q.headFirst < best.headFirst))
        best = q;
    }
    return best;
  }

  get bytes(): number {
    return this.queues.reduce((sum, q) => sum + q.bytes, 0);
  }
}

/** A first-in first-out queue of (state, steps, first process) triples. */
class Queue {
  private items = new Int32Array(3 * 64);
  private head = 0;
  private tail = 0;

  get size(): number {
    return (this.tail - this.head) / 3;
  }

  get headIndex(): number {
    return this.items[this.head]!;
  }

  get headSteps(): number {
    return this.items[this.head + 1]!;
  }

  get headFirst(): number {
    return this.items[this.head + 2]!;
  }

  get bytes(): number {
    return this.items.byteLength;
  }

  push(index: number, steps: number, first: number): void {
    if (this.tail + 3 > this.items.length) {
      // Move the live part to the front, and grow when it fills more than half.
      const live = this.items.subarray(this.head, this.tail);
      const items = live.length * 2 + 3 > this.items.length ? new Int32Array(this.items.length * 2) : this.items;
      items.set(live, 0);
      this.items = items;
      this.tail -= this.head;
      this.head = 0;
    }
    this.items[this.tail] = index;
    this.items[this.tail + 1] = steps;
    this.items[this.tail + 2] = first;
    this.tail += 3;
  }

  /** Removes the head. */
  drop(): void {
    this.head += 3;
  }
}
