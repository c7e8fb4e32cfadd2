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

export interface Frontier {
  /** Extra words each stored state carries (the last process, for fewest-switches). */
  readonly extraWords: number;
  /** The next state to expand, or -1 when none is left. */
  next(): number;
  /** The cost of a state (its depth, or its number of context switches). */
  cost(index: number): number;
  /** The cost of taking a step of `proc` from a state whose last step was by `last`. */
  edge(last: number, proc: number): number;
  /**
   * A step reached state `index` (new, or seen before) at `cost`; returns
   * whether that is cheaper than before, so the step's source becomes its parent.
   */
  offer(index: number, isNew: boolean, cost: number): boolean;
}

/** Breadth-first: the store's insertion order is the queue. */
export class BreadthFirst implements Frontier {
  readonly extraWords = 0;
  private cursor = 0;
  private count = 1;
  /** Index of the first state of each depth. */
  private readonly levels = [0];

  next(): number {
    if (this.cursor >= this.count) return -1;
    return this.cursor++;
  }

  cost(index: number): number {
    let d = this.levels.length - 1;
    while (this.levels[d]! > index) d--;
    return d;
  }

  edge(): number {
    return 1;
  }

  offer(index: number, isNew: boolean, cost: number): boolean {
    if (!isNew) return false;
    if (cost === this.levels.length) this.levels.push(index);
    this.count = index + 1;
    return true;
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

  constructor() {
    this.costs[0] = 0;
    this.pushBack(0, 0);
  }

  next(): number {
    while (this.size > 0) {
      const index = this.ring[this.head]!;
      const cost = this.ring[this.head + 1]!;
      this.head = (this.head + 2) & (this.ring.length - 1);
      this.size--;
      if (cost === this.costs[index]) {
        this.current = cost;
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
