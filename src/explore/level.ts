/*
 * The level-synchronous schedule of the parallel search, in shared memory:
 * which range of each region of the shared store is the level being
 * expanded, the cursors the workers take slices of it from, the barrier at
 * its end, which workers take part (a worker joins at a barrier once its
 * thread is up, so a small search is over before it would pay for one), the
 * properties still open, and why the search stopped. Every thread holds a
 * Levels over the same buffers.
 */
import type { SharedStore, SharedStoreBuffers } from '../state/shared-store.js';

/** Why the search stopped; the first reason set wins. */
export const Stop = {
  None: 0,
  /** Every state explored, or every checked property violated. */
  Finished: 1,
  /** The first violation was found, and stopAtFirst asked for no more. */
  First: 2,
  States: 3,
  Memory: 4,
  Time: 5,
  Interrupted: 6,
  /** The model failed at run time, or a worker crashed. */
  Failure: 7,
} as const;

// Words of the level control (an Int32Array): the schedule's, then a cache line per region.
/** Bumped by the worker that starts a level. */
const EPOCH = 0;
/** Workers at the barrier. */
const ARRIVED = 1;
/** The size of a slice a worker takes. */
const GRAIN = 2;
/** The level's depth (the cost of its states). */
const DEPTH = 3;
/** A Stop reason, once one is set. */
const STOP = 4;
/** Checked properties not violated yet. */
const REMAINING = 5;
/** Workers that take part (the barrier waits for them all). */
const MEMBERS = 6;
/** Set when a thread fails (a bug): no thread waits for another after that. */
const CRASHED = 7;
/**
 * 1 when the last barrier started a level, 0 when it ended the search: what every thread that passed
 * it goes by. (Each reading the stop reason instead, one that read it after another thread had
 * already set a limit in the new level would leave, and the others would wait for it forever.)
 */
const GO = 8;
/** 1 while the level is the starting thread's alone (see LevelSettings.soloBelow). */
const SOLO = 9;
const LINE = 16;
/** The level is states [START, END) of each region (local indices); NEXT is the first not taken yet. */
const START = 0;
const END = 1;
const NEXT = 2;
/**
 * WANTS is set by the region's worker once it is ready to join. MEMBER is COUNTED once a barrier
 * has counted it among the members of the next level, and IN once the barrier has let it go.
 */
const WANTS = 3;
const MEMBER = 4;
const COUNTED = 2;
const IN = 1;
const at = (region: number, word: number) => LINE * (1 + region) + word;

export interface LevelSettings {
  readonly workers: number;
  readonly properties: number;
  readonly checked: readonly number[];
  /** Stop once every checked property is violated (unless --exhaust). */
  readonly stopWhenAllViolated: boolean;
  readonly stopAtFirst: boolean;
  readonly maxStates: number;
  /** Bytes of the store and of every thread's heap growth and buffers beside it. */
  readonly maxBytes: number;
  /** When to stop at the time limit (Date.now() milliseconds; Infinity: never), for every thread to see. */
  readonly deadline: number;
  /**
   * A level of fewer states is expanded by the starting thread alone, while the others sit it out:
   * a barrier costs more than sharing out so few states saves (a model with 1,285 levels of a few
   * hundred states took 3.7 times as long on two threads). 0: every level is shared (tests).
   */
  readonly soloBelow: number;
}

/** The shared buffers and settings, as plain data to post to a worker. */
export interface LevelControl extends LevelSettings {
  readonly store: SharedStoreBuffers;
  readonly words: SharedArrayBuffer;
  /** A byte per property: 1 while it is checked and not violated yet. */
  readonly open: SharedArrayBuffer;
  /** Transitions taken by each worker so far (a float each), for progress reports. */
  readonly generated: SharedArrayBuffer;
  /** Bytes each thread holds beside the store (its heap's growth, its batch), a float each. */
  readonly besides: SharedArrayBuffer;
}

/** The control of a search whose first level is the arena's first state. */
export function levelControl(store: SharedStoreBuffers, settings: LevelSettings): LevelControl {
  const control = {
    ...settings,
    store,
    words: new SharedArrayBuffer(4 * LINE * (1 + settings.workers)),
    open: new SharedArrayBuffer(Math.max(1, settings.properties)),
    generated: new SharedArrayBuffer(8 * settings.workers),
    besides: new SharedArrayBuffer(8 * settings.workers),
  };
  const words = new Int32Array(control.words);
  words[at(0, END)] = 1; // the initial state, in region 0
  words[GRAIN] = 1;
  words[GO] = 1; // the first level has started (sitOut reads it before any barrier)
  // Region 0's worker (the thread that starts the search) takes part from the start; the others join.
  words[MEMBERS] = 1;
  words[at(0, MEMBER)] = IN;
  words[REMAINING] = settings.checked.length;
  const open = new Uint8Array(control.open);
  for (const p of settings.checked) open[p] = 1;
  return control;
}

export class Levels {
  private readonly words: Int32Array;
  readonly open: Uint8Array;
  readonly generated: Float64Array;
  readonly besides: Float64Array;

  constructor(
    readonly control: LevelControl,
    private readonly store: SharedStore,
  ) {
    this.words = new Int32Array(control.words);
    this.open = new Uint8Array(control.open);
    this.generated = new Float64Array(control.generated);
    this.besides = new Float64Array(control.besides);
  }

  /** Bytes of the store, and what every thread holds beside it (as each last reported). */
  bytes(): number {
    let n = this.store.bytes;
    for (let r = 0; r < this.control.workers; r++) n += this.besides[r]!;
    return n;
  }

  get depth(): number {
    return Atomics.load(this.words, DEPTH);
  }

  /** The Stop reason, or Stop.None while the search goes on. */
  get stopped(): number {
    return Atomics.load(this.words, STOP);
  }

  /** A thread failed: stops the search, and every wait for another thread. */
  crash(): void {
    Atomics.store(this.words, CRASHED, 1);
    this.stop(Stop.Failure);
    this.store.ring();
  }

  private get crashed(): boolean {
    return Atomics.load(this.words, CRASHED) === 1;
  }

  /** Stops the search for `reason`, unless it has stopped already. */
  stop(reason: number): void {
    if (Atomics.compareExchange(this.words, STOP, Stop.None, reason) === Stop.None) this.store.ring();
  }

  /** States found and not expanded yet. */
  get queued(): number {
    let n = 0;
    for (let r = 0; r < this.control.workers; r++) {
      const taken = Math.min(Atomics.load(this.words, at(r, NEXT)), Atomics.load(this.words, at(r, END)));
      n += this.store.countIn(r) - taken;
    }
    return n;
  }

  /** States in the level being expanded. */
  get size(): number {
    let n = 0;
    for (let r = 0; r < this.control.workers; r++)
      n += Atomics.load(this.words, at(r, END)) - Atomics.load(this.words, at(r, START));
    return n;
  }

  /** Whether the level being expanded is the starting thread's alone (soloBelow). */
  get solo(): boolean {
    return Atomics.load(this.words, SOLO) === 1;
  }

  /** The slice take() found: states [from, to) of region `region`. */
  region = 0;
  from = 0;
  to = 0;

  /** Finds the next slice of this level to expand, from region `first` on (a worker's own first); false if none. */
  take(first: number): boolean {
    const w = this.words;
    const grain = Atomics.load(w, GRAIN);
    const regions = this.control.workers;
    for (let k = 0; k < regions; k++) {
      const r = (first + k) % regions;
      const end = Atomics.load(w, at(r, END));
      if (Atomics.load(w, at(r, NEXT)) >= end) continue;
      const from = Atomics.add(w, at(r, NEXT), grain);
      if (from >= end) continue;
      this.region = r;
      this.from = from;
      this.to = Math.min(end, from + grain);
      return true;
    }
    return false;
  }

  /**
   * Worker `region` is ready (its thread has started and compiled the model): waits until a
   * barrier lets it in, so that it takes part from the start of a level. False if the search
   * ended without it. A worker let in takes part even if the search has stopped since: the
   * barrier counts it, so it must arrive once more (else the others wait for it forever).
   */
  join(region: number): boolean {
    const w = this.words;
    Atomics.store(w, at(region, WANTS), 1);
    this.store.waitFor(() => Atomics.load(w, at(region, MEMBER)) === IN || this.stopped !== Stop.None);
    return Atomics.load(w, at(region, MEMBER)) === IN;
  }

  /**
   * Lets the workers that are ready take part from the next level on: before the first level
   * (`release`: at once), or at a barrier, where they are counted first and let go by release()
   * only once the barrier has moved on. A worker let go earlier would read the old barrier's
   * epoch in its first arrive(), pass it at once, and arrive twice at the next one: the barrier
   * would end a level while another thread was still expanding it (and the search could end with
   * that thread waiting for a worker that had gone).
   */
  admit(release: boolean): number {
    const w = this.words;
    for (let r = 0; r < this.control.workers; r++) {
      if (Atomics.load(w, at(r, WANTS)) !== 1 || Atomics.load(w, at(r, MEMBER)) !== 0) continue;
      Atomics.store(w, at(r, MEMBER), release ? IN : COUNTED);
      Atomics.add(w, MEMBERS, 1);
    }
    return Atomics.load(w, MEMBERS);
  }

  /** Lets go the workers admit() counted at this barrier. */
  private release(): void {
    const w = this.words;
    for (let r = 0; r < this.control.workers; r++)
      if (Atomics.load(w, at(r, MEMBER)) === COUNTED) Atomics.store(w, at(r, MEMBER), IN);
  }

  /** Whether worker `region` took part in the search. */
  member(region: number): boolean {
    return Atomics.load(this.words, at(region, MEMBER)) === IN;
  }

  /** Closes an open property; true for the one thread that closed it (and reports its violation). */
  close(property: number): boolean {
    if (Atomics.compareExchange(this.open, property, 1, 0) !== 1) return false;
    const remaining = Atomics.sub(this.words, REMAINING, 1) - 1;
    if (this.control.stopAtFirst) this.stop(Stop.First);
    else if (remaining === 0 && this.control.stopWhenAllViolated) this.stop(Stop.Finished);
    return true;
  }

  /**
   * The barrier at the end of a level: the last worker to arrive starts the next level (the
   * states found in this one) or, if there are none, stops the search. Returns whether to go on.
   */
  arrive(): boolean {
    const epoch = this.arriveAt();
    if (epoch !== undefined) this.store.waitFor(() => this.passed(epoch));
    return this.goesOn();
  }

  /** After passing a barrier: whether it started a level (every thread that passed it takes part). */
  goesOn(): boolean {
    return Atomics.load(this.words, GO) === 1 && !this.crashed;
  }

  /**
   * A worker other than the starting thread, past a barrier: waits while the levels are the
   * starting thread's alone (it neither expands nor arrives at them); whether the search goes on.
   */
  sitOut(): boolean {
    const w = this.words;
    for (;;) {
      // The epoch first: the flags read after it are its barrier's or a later one's.
      const epoch = Atomics.load(w, EPOCH);
      if (!this.goesOn()) return false;
      if (!this.solo) return true;
      this.store.waitFor(() => this.passed(epoch));
    }
  }

  /** Whether the barrier a thread arrived at in `epoch` has moved on (or a thread crashed). */
  passed(epoch: number): boolean {
    return Atomics.load(this.words, EPOCH) !== epoch || this.crashed;
  }

  /**
   * Arrives at the barrier without waiting: undefined if this thread was the last (the barrier has
   * moved on), else the epoch to wait for the barrier to leave (see passed; the starting thread
   * waits in turns of its event loop, so that it can watch the clock and Ctrl-C meanwhile).
   */
  arriveAt(): number | undefined {
    const w = this.words;
    const epoch = Atomics.load(w, EPOCH);
    const members = this.solo ? 1 : Atomics.load(w, MEMBERS);
    if (Atomics.add(w, ARRIVED, 1) === members - 1) {
      Atomics.store(w, ARRIVED, 0);
      const regions = this.control.workers;
      let size = 0;
      for (let r = 0; r < regions; r++) size += this.store.countIn(r) - Atomics.load(w, at(r, END));
      if (size === 0) this.stop(Stop.Finished);
      // Read once: the starting thread may set a limit meanwhile (it watches while it waits here).
      const go = this.stopped === Stop.None;
      if (go) {
        for (let r = 0; r < regions; r++) {
          const end = Atomics.load(w, at(r, END));
          Atomics.store(w, at(r, START), end);
          Atomics.store(w, at(r, NEXT), end);
          Atomics.store(w, at(r, END), this.store.countIn(r));
        }
        // Slices small enough to share out the level, large enough to take rarely.
        Atomics.store(w, GRAIN, Math.max(1, Math.min(256, Math.floor(size / (16 * regions)))));
        Atomics.store(w, SOLO, size < this.control.soloBelow ? 1 : 0);
        Atomics.add(w, DEPTH, 1);
        this.admit(false);
      }
      Atomics.store(w, GO, go ? 1 : 0);
      Atomics.add(w, EPOCH, 1);
      this.release();
      this.store.ring();
      return undefined;
    }
    return epoch;
  }
}
