/*
 * The limits every engine stops at (states stored, time, memory, Ctrl-C),
 * progress reports while it runs, and the turns it gives the event loop so
 * that a signal handler can set the interrupt flag at all. An engine calls
 * `check` every so often (every 1024 states, every level, every run) rather
 * than on every state: reading the clock costs more than expanding a state.
 */
import type { Limit, Stats } from './verdict.js';

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

  /**
   * The limit reached with `count` states stored in `bytes`, if any; when none is, reports
   * progress if it is due (`queued` states waiting to be expanded).
   */
  check(count: number, bytes: number, queued: number): Limit | undefined {
    if (count >= this.maxStates) return 'states';
    if (bytes > this.maxBytes) return 'memory';
    if (this.interrupted()) return 'interrupted';
    const t = this.elapsed();
    if (t >= this.maxSeconds) return 'time';
    if (this.options.progress && t >= this.nextProgress) {
      this.nextProgress = t + this.every;
      this.options.progress(this.stats(), queued);
    }
    return undefined;
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
