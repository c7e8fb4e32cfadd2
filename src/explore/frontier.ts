/*
 * The order in which the search expands states. Breadth-first expands them
 * in the order they were found (the store is the queue), so each state's cost
 * is its depth and a first violation has the fewest steps. Fewest-switches
 * (fewest-switches.ts) orders them by context switches, then preemptions,
 * then steps. The frontier owns the arithmetic of costs: the search tells it
 * which process took each step, and asks it only whether an assert found on a
 * step can still be beaten.
 */
import type { StateStore } from '../state/store.js';

/** A cost, compared component by component (breadth-first: [steps]). */
export type Cost = readonly number[];

export interface Frontier {
  /** Extra words each stored state carries (the last process, for fewest-switches). */
  readonly extraWords: number;
  /** The initial state, stored as state 0, is the first to expand. */
  start(state: Uint32Array): void;
  /** The index of the next state to expand, its words copied into `out`; -1 when none is left. */
  next(out: Uint32Array): number;
  /**
   * State `index`, taken by `next`, is expanded now: returns the first component of its cost (its
   * depth, or its number of context switches). Costs of the steps offered next are relative to it.
   * Breadth-first search takes several states before it expands the first (search.ts), so the
   * state being expanded need not be the one taken last; states are expanded in the order taken.
   */
  expanding(index: number): number;
  /**
   * Whether a step away from the last step's process costs more when that process could
   * have moved (a preemption): then the search emits that process's successors first and
   * says, before the others', whether there were any.
   */
  readonly countsPreemptions: boolean;
  lastCouldMove(could: boolean): void;
  /**
   * A step of `proc` from the state being expanded reached state `index` (new, or seen
   * before); returns whether that path is cheaper than any before, so the step's source
   * becomes its parent.
   */
  offer(index: number, isNew: boolean, proc: number, state: Uint32Array): boolean;
  /** The whole cost of a step of `proc` from the state being expanded (for an assert that fails on it). */
  stepCost(proc: number): Cost;
  /** Whether `cost` is no more than the cost of the state being expanded: nothing cheaper can turn up. */
  settled(cost: Cost): boolean;
  /** Bytes the frontier holds beyond the store. */
  readonly bytes: number;
}

/** Lexicographic order of costs. */
export function compareCosts(a: Cost, b: Cost): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
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

  start(): void {}

  next(out: Uint32Array): number {
    if (this.depth.taken >= this.count) return -1;
    const index = this.depth.take();
    fetch(this.store, index, out);
    return index;
  }

  expanding(index: number): number {
    return this.depth.expanding(index);
  }

  readonly countsPreemptions = false;
  lastCouldMove(): void {}

  offer(index: number, isNew: boolean): boolean {
    if (!isNew) return false;
    this.depth.found(index);
    this.count = index + 1;
    return true;
  }

  stepCost(): Cost {
    return [this.depth.current + 1];
  }

  settled(cost: Cost): boolean {
    return cost[0]! <= this.depth.current;
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

  expanding(index: number): number {
    return this.depth.expanding(index);
  }

  readonly countsPreemptions = false;
  lastCouldMove(): void {}

  stepCost(): Cost {
    return [this.depth.current + 1];
  }

  settled(cost: Cost): boolean {
    return cost[0]! <= this.depth.current;
  }

  start(state: Uint32Array): void {
    this.push(state);
  }

  offer(index: number, isNew: boolean, _proc: number, state: Uint32Array): boolean {
    if (!isNew) return false;
    this.depth.found(index);
    this.push(state);
    return true;
  }

  private push(state: Uint32Array): void {
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
  }

  get bytes(): number {
    return this.ring.byteLength;
  }
}

/** Depths of states numbered in breadth-first order: where each level starts. */
class BreadthFirstLevels {
  private readonly levels = [0];
  taken = 0;
  /** The depth of the state being expanded. */
  current = 0;

  take(): number {
    return this.taken++;
  }

  /** State `index` is expanded now (states are expanded in index order): returns its depth. */
  expanding(index: number): number {
    while (this.current + 1 < this.levels.length && this.levels[this.current + 1]! <= index) this.current++;
    return this.current;
  }

  /** State `index` was found one step below the state being expanded. */
  found(index: number): void {
    if (this.current + 1 === this.levels.length) this.levels.push(index);
  }
}
