/*
 * The order in which the search expands states. Breadth-first expands them
 * in the order they were found (the store is the queue), so each state's cost
 * is its depth and a first violation has the fewest steps. Fewest-switches
 * charges 1 for each step taken by a different process than the step before
 * (a context switch) and 0 otherwise, and expands states in order of that
 * cost with a double-ended queue (0-1 BFS), re-queueing a state when a
 * cheaper path to it turns up: its first violation has the fewest context
 * switches, the search CHESS's iterative context bounding performs.
 */
import type { StateStore } from '../state/store.js';

export interface Frontier {
  /** Extra words each stored state carries (the last process, for fewest-switches). */
  readonly extraWords: number;
  /** The index of the next state to expand, its words copied into `out`; -1 when none is left. */
  next(out: Uint32Array): number;
  /** The cost of a state (its depth, or its number of context switches). */
  cost(index: number): number;
  /** The cost of taking a step of `proc` from a state whose last step was by `last`. */
  edge(last: number, proc: number): number;
  /**
   * A step reached state `index` (new, or seen before) at `cost`; returns
   * whether that is cheaper than before, so the step's source becomes its parent.
   */
  offer(index: number, isNew: boolean, cost: number, state: Uint32Array): boolean;
  /** Bytes the frontier holds beyond the store. */
  readonly bytes: number;
}

/** Copies the words of stored state `index` into `out`. */
function fetch(store: StateStore, index: number, out: Uint32Array): void {
  const { arena, offset } = store.view(index);
  for (let w = 0; w < out.length; w++) out[w] = arena[offset + w]!;
}

/** Breadth-first over a store that keeps every state: its insertion order is the queue. */
export class BreadthFirst implements Frontier {
  readonly extraWords = 0;
  readonly bytes = 0;
  private count = 1;
  private readonly depth = new BreadthFirstLevels();

  constructor(private readonly store: StateStore) {}

  next(out: Uint32Array): number {
    if (this.depth.taken >= this.count) return -1;
    const index = this.depth.take();
    fetch(this.store, index, out);
    return index;
  }

  cost(index: number): number {
    return this.depth.cost(index);
  }

  edge(): number {
    return 1;
  }

  offer(index: number, isNew: boolean, cost: number): boolean {
    if (!isNew) return false;
    this.depth.found(index, cost);
    this.count = index + 1;
    return true;
  }
}

/**
 * Breadth-first over a store that keeps no states (compact, bitstate): the
 * states waiting to be expanded are kept here, in a ring buffer.
 */
export class BreadthQueue implements Frontier {
  readonly extraWords = 0;
  private ring: Uint32Array;
  private head = 0;
  private size = 0;
  private readonly depth = new BreadthFirstLevels();

  constructor(private readonly words: number) {
    this.ring = new Uint32Array(words * 1024);
  }

  next(out: Uint32Array): number {
    if (this.size === 0) return -1;
    const capacity = this.ring.length / this.words;
    for (let w = 0; w < this.words; w++) out[w] = this.ring[this.head * this.words + w]!;
    this.head = (this.head + 1) % capacity;
    this.size--;
    return this.depth.take();
  }

  cost(index: number): number {
    return this.depth.cost(index);
  }

  edge(): number {
    return 1;
  }

  offer(index: number, isNew: boolean, cost: number, state: Uint32Array): boolean {
    if (!isNew) return false;
    this.depth.found(index, cost);
    let capacity = this.ring.length / this.words;
    if (this.size === capacity) {
      const ring = new Uint32Array(this.ring.length * 2);
      for (let i = 0; i < this.size; i++) {
        const from = ((this.head + i) % capacity) * this.words;
        ring.set(this.ring.subarray(from, from + this.words), i * this.words);
      }
      this.ring = ring;
      this.head = 0;
      capacity *= 2;
    }
    const at = ((this.head + this.size) % capacity) * this.words;
    for (let w = 0; w < this.words; w++) this.ring[at + w] = state[w]!;
    this.size++;
    return true;
  }

  get bytes(): number {
    return this.ring.byteLength;
  }
}

/** Depths of states numbered in breadth-first order: where each level starts. */
class BreadthFirstLevels {
  private readonly levels = [0];
  taken = 0;

  take(): number {
    return this.taken++;
  }

  found(index: number, cost: number): void {
    if (cost === this.levels.length) this.levels.push(index);
  }

  cost(index: number): number {
    let d = this.levels.length - 1;
    while (this.levels[d]! > index) d--;
    return d;
  }
}

/** 0-1 BFS on context switches. */
export class FewestSwitches implements Frontier {
  readonly extraWords = 1;
  private costs = new Int32Array(1 << 12);
  // A ring buffer of (index, cost) pairs: cost-0 steps go to the front, cost-1 to the back.
  private ring = new Int32Array(1 << 13);
  private head = 0;
  private size = 0;
  /** The cost of the state being expanded: the deque holds only this cost and the next. */
  private current = 0;

  constructor(private readonly store: StateStore) {
    this.costs[0] = 0;
    this.pushBack(0, 0);
  }

  get bytes(): number {
    return this.costs.byteLength + this.ring.byteLength;
  }

  next(out: Uint32Array): number {
    while (this.size > 0) {
      const index = this.ring[this.head]!;
      const cost = this.ring[this.head + 1]!;
      this.head = (this.head + 2) & (this.ring.length - 1);
      this.size--;
      if (cost === this.costs[index]) {
        this.current = cost;
        fetch(this.store, index, out);
        return index;
      }
      // else a stale entry: a cheaper path to the state came later
    }
    return -1;
  }

  cost(index: number): number {
    return this.costs[index]!;
  }

  edge(last: number, proc: number): number {
    return last >= 0 && last !== proc ? 1 : 0;
  }

  offer(index: number, isNew: boolean, cost: number): boolean {
    if (index >= this.costs.length) {
      const grown = new Int32Array(Math.max(this.costs.length * 2, index + 1));
      grown.set(this.costs);
      this.costs = grown;
    }
    if (!isNew && this.costs[index]! <= cost) return false;
    this.costs[index] = cost;
    if (cost <= this.current) this.pushFront(index, cost);
    else this.pushBack(index, cost);
    return true;
  }

  private pushFront(index: number, cost: number): void {
    this.reserve();
    this.head = (this.head - 2) & (this.ring.length - 1);
    this.ring[this.head] = index;
    this.ring[this.head + 1] = cost;
    this.size++;
  }

  private pushBack(index: number, cost: number): void {
    this.reserve();
    const at = (this.head + 2 * this.size) & (this.ring.length - 1);
    this.ring[at] = index;
    this.ring[at + 1] = cost;
    this.size++;
  }

  private reserve(): void {
    if (2 * (this.size + 1) <= this.ring.length) return;
    const ring = new Int32Array(this.ring.length * 2);
    for (let i = 0; i < this.size; i++) {
      const from = (this.head + 2 * i) & (this.ring.length - 1);
      ring[2 * i] = this.ring[from]!;
      ring[2 * i + 1] = this.ring[from + 1]!;
    }
    this.ring = ring;
    this.head = 0;
  }
}
