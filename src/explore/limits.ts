/*
 * The limits every engine stops at (states stored, time, memory, Ctrl-C or
 * SIGTERM), progress reports while it runs, and the turns it gives the event
 * loop so that a signal handler can set the interrupt flag at all. An engine
 * calls `check` every so often (every 1024 states, every level, every run)
 * rather than on every state: reading the clock costs more than expanding a
 * state. One state may have millions of successors (an `either` inside a
 * `for`, in one step), so engines also call `during` every SUCCESSOR_TURN
 * successors of one expansion, which throws LimitReached out of it.
 *
 * Memory is what the engine says it holds (its store, queues, buffers) plus
 * what this thread's JavaScript heap has grown by since the engine started
 * (maps, arrays, traces: what no store counts), and never more than most of
 * V8's heap limit, whatever --max-memory says: past it the process would die
 * of heap exhaustion instead of stopping with its statistics.
 */
import { getHeapStatistics } from 'node:v8';
import { keptHeap } from '../model/index.js';
import type { Limit, Stats } from './verdict.js';

/** Successors of one expansion between looks at the limits (a power of two: engines mask a counter). */
export const SUCCESSOR_TURN = 65_536;

/** The share of V8's heap limit an engine may fill before it stops at the memory limit. */
const HEAP_CEILING = 0.8;

/** Thrown out of a successor generation (from the emit callback) that reached a limit. */
export class LimitReached extends Error {
  constructor(readonly limit: Limit) {
    super(`stopped at a limit (${limit})`);
  }
}

/**
 * What this thread's JavaScript heap holds: `kept`, its spaces but the young generation's (whose
 * garbage of the last few milliseconds would make the measure jump by megabytes), to count against
 * --max-memory; `used`, all of it, and `ceiling`, the most it may hold before an engine stops.
 */
export function heapUsed(): { kept: number; used: number; ceiling: number } {
  const h = getHeapStatistics();
  return { kept: keptHeap(), used: h.used_heap_size, ceiling: HEAP_CEILING * h.heap_size_limit };
}

/** Seconds between turns given to the event loop. */
const YIELD_EVERY = 0.05;

export interface LimitOptions {
  maxStates?: number;
  maxSeconds?: number;
  /** Stop when the state store would exceed this many bytes. */
  maxBytes?: number;
  /** Called every `progressEvery` seconds with the statistics so far. */
  progress?: (stats: Stats, queued: number) => void;
  progressEvery?: number;
  /** Set to stop the search (Ctrl-C); it ends with limit 'interrupted'. */
  interrupted?: () => boolean;
}

export class LimitTicker {
  readonly maxStates: number;
  readonly maxSeconds: number;
  readonly maxBytes: number;
  private readonly started = process.hrtime.bigint();
  private readonly every: number;
  private nextProgress: number;
  private nextYield = YIELD_EVERY;
  private readonly heapAtStart = heapUsed().kept;

  constructor(
    private readonly options: LimitOptions,
    /** The statistics so far, for progress reports. */
    private readonly stats: () => Stats,
  ) {
    this.maxStates = options.maxStates ?? Infinity;
    this.maxSeconds = options.maxSeconds ?? Infinity;
    this.maxBytes = options.maxBytes ?? Infinity;
    this.every = options.progressEvery ?? 2;
    this.nextProgress = this.every;
  }

  /** Seconds since the engine started. */
  elapsed(): number {
    return Number(process.hrtime.bigint() - this.started) / 1e9;
  }

  /** Seconds left before the time limit. */
  secondsLeft(): number {
    return this.maxSeconds - this.elapsed();
  }

  interrupted(): boolean {
    return this.options.interrupted?.() ?? false;
  }

  /** Bytes the heap has grown by since the engine started (0 if it has shrunk). */
  heapGrowth(): number {
    return Math.max(0, heapUsed().kept - this.heapAtStart);
  }

  /**
   * Whether `bytes` (what the engine holds, other threads' heaps included) and this thread's heap
   * growth exceed --max-memory, or the heap is close to V8's limit.
   */
  overMemory(bytes: number): boolean {
    if (bytes > this.maxBytes) return true;
    const heap = heapUsed();
    return heap.used > heap.ceiling || bytes + Math.max(0, heap.kept - this.heapAtStart) > this.maxBytes;
  }

  /**
   * The limit reached with `count` states stored in `bytes`, if any; when none is, reports
   * progress if it is due (`queued` states waiting to be expanded).
   */
  check(count: number, bytes: number, queued: number): Limit | undefined {
    if (count >= this.maxStates) return 'states';
    if (this.overMemory(bytes)) return 'memory';
    if (this.interrupted()) return 'interrupted';
    const t = this.elapsed();
    if (t >= this.maxSeconds) return 'time';
    if (this.options.progress && t >= this.nextProgress) {
      this.nextProgress = t + this.every;
      this.options.progress(this.stats(), queued);
    }
    return undefined;
  }

  /**
   * Inside one expansion, every SUCCESSOR_TURN successors: throws LimitReached at a limit.
   * `count` is the states stored and waiting to be (the successors held back count: they are
   * work the limit is there to bound), `bytes` what the engine holds with them.
   */
  during(count: number, bytes: number): void {
    const limit = this.check(count, bytes, 0);
    if (limit) throw new LimitReached(limit);
  }

  /** A turn of the event loop to await if one is due (so that Ctrl-C's handler runs), else undefined. */
  breathe(): Promise<void> | undefined {
    const t = this.elapsed();
    if (t < this.nextYield) return undefined;
    this.nextYield = t + YIELD_EVERY;
    return new Promise((resolve) => setImmediate(resolve));
  }
}

/** The engine's own arrays could not be allocated (as opposed to a bug that throws a RangeError). */
export function isAllocationFailure(e: unknown): boolean {
  return e instanceof RangeError && /allocation failed|Invalid typed array length|Array buffer/i.test(e.message);
}
