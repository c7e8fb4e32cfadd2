/*
 * Runs random schedules (random.ts) step by step without allocating: the
 * states of a run go into one reusable array, the successors of a step into
 * another, and under PCT only the running process's successors are computed
 * (the processes are tried from the highest priority down; the first that can
 * move is the one that runs). The choices are exactly those of computing every
 * successor and filtering: the same schedule gives the same run.
 *
 * A run may be long (simulate --depth 1e8) and a step may have millions of
 * successors: every STEP_TURN steps, and every SUCCESSOR_TURN successors
 * of one step, the runner calls its `watch`, which may throw LimitReached
 * (limits.ts) to stop the run there.
 */
import type { State, TransitionSystem } from '../compile/index.js';
import { SUCCESSOR_TURN } from './limits.js';

/** Steps of a run between calls of `watch` (a power of two). */
const STEP_TURN = 4096;

import type { Schedule } from './random.js';
import type { Bias } from './verdict.js';

export class ScheduleRunner {
  private readonly words: number;
  private readonly processes: number;
  /** The run's states, state k at k * words. */
  private path: Uint32Array;
  /** The successors of the current step, with their processes and failed asserts. */
  private succ: Uint32Array;
  private procs: Int32Array;
  private asserts: Int32Array;
  private count = 0;
  private readonly next: Uint32Array;
  private readonly cur: Uint32Array;
  /** pct: each process's priority, and the processes from the highest priority down. */
  private readonly priority: Float64Array;
  private readonly order: Int32Array;
  private violated = -1;
  /** Steps of the run so far, and successors of the step being taken, between calls of `watch`. */
  private taken = 0;
  private emitted = 0;
  /**
   * Called with the states the run holds (its steps and the successors of the step being taken) and
   * its bytes, every STEP_TURN steps and SUCCESSOR_TURN successors; may throw to stop the run.
   */
  watch: ((states: number, bytes: number) => void) | undefined;

  constructor(
    private readonly ts: TransitionSystem,
    private readonly bias: Bias,
    private readonly depth: number,
    private readonly open: Uint8Array,
    private readonly deadlock: number,
  ) {
    this.words = ts.words;
    this.processes = ts.model.processes.length;
    this.path = new Uint32Array(this.words * 64);
    this.succ = new Uint32Array(this.words * 16);
    this.procs = new Int32Array(16);
    this.asserts = new Int32Array(16);
    this.next = new Uint32Array(this.words);
    this.cur = new Uint32Array(this.words);
    this.priority = new Float64Array(this.processes);
    this.order = new Int32Array(this.processes);
  }

  private readonly report = (p: number): void => {
    if (this.violated < 0) this.violated = p;
  };

  private readonly emit = (proc: number, _step: number, failedAssert: number): void => {
    const i = this.count++;
    if (i === this.procs.length) this.growSuccessors();
    const { succ, next, words } = this;
    for (let w = 0; w < words; w++) succ[i * words + w] = next[w]!;
    this.procs[i] = proc;
    this.asserts[i] = failedAssert;
    if ((++this.emitted & (SUCCESSOR_TURN - 1)) === 0) this.watch?.(this.taken + this.count, this.bytes);
  };

  /** Bytes its arrays hold. */
  get bytes(): number {
    return this.path.byteLength + this.succ.byteLength + 8 * this.procs.length;
  }

  /** Steps of the run being taken so far (all of them, once it has ended or stopped). */
  get stepsSoFar(): number {
    return this.taken;
  }

  /** Runs one schedule from the initial state; stops at the first violation of an open property. */
  run(schedule: Schedule): { steps: number; violated: number } {
    this.begin(schedule);
    this.advance(Infinity);
    return { steps: this.steps, violated: this.violated };
  }

  /** The run being taken: its schedule, its next step, pct's next change point and running process. */
  private schedule: Schedule | undefined;
  private k = 0;
  private change = 0;
  private changeAt = -1;
  private running = -1;
  private over = false;

  /** Starts a run of `schedule` from the initial state (advance takes its steps). */
  begin(schedule: Schedule): void {
    const { ts, open, cur } = this;
    this.schedule = schedule;
    this.violated = -1;
    cur.set(ts.initial());
    this.path.set(cur);
    ts.check(cur, open, this.report);
    if (this.bias === 'pct') this.prioritise(schedule);
    this.change = 0; // which priority change point is next, and at which step
    this.changeAt = schedule.changes.length > 0 ? schedule.changes[0]! : -1;
    this.running = -1;
    this.k = 0;
    this.over = false;
    this.taken = 0;
    this.steps = 0;
  }

  /**
   * Takes up to `most` more steps of the run begun (so that a long one can give the event loop a
   * turn between them); true once the run is over (its depth reached, stuck, or a violation).
   */
  advance(most: number): boolean {
    const { ts, open, words, depth, cur } = this;
    const schedule = this.schedule!;
    let { change, changeAt, running, k } = this;
    let steps = this.steps;
    const until = Math.min(depth, k + most);
    let over = this.over || this.violated >= 0;
    for (; k < until && !over && this.violated < 0; k++) {
      this.emitted = 0;
      if ((k & (STEP_TURN - 1)) === STEP_TURN - 1) this.watch?.(k, this.bytes);
      let chosen: number;
      if (this.bias === 'uniform') {
        this.count = 0;
        for (let p = 0; p < this.processes; p++) if (schedule.active[p]) ts.successorsOf[p]!(cur, this.next, this.emit);
        if (this.count === 0) {
          this.stuck(schedule);
          over = true;
          break;
        }
        chosen = (schedule.picks[k] ?? 0) % this.count;
      } else {
        // The running process drops below every other at a change point; the highest enabled one runs.
        if (k === changeAt) {
          if (running >= 0) this.demote(running);
          // The next change point after this step (gaps of 0 name this step again).
          while (changeAt === k) {
            change++;
            changeAt = change < schedule.changes.length ? changeAt + schedule.changes[change]! : -1;
          }
        }
        running = -1;
        for (let i = 0; i < this.processes && running < 0; i++) {
          const p = this.order[i]!;
          this.count = 0;
          if (schedule.active[p] && ts.successorsOf[p]!(cur, this.next, this.emit) > 0) running = p;
        }
        if (running < 0) {
          this.stuck(schedule);
          over = true;
          break;
        }
        const pick = schedule.picks.length ? schedule.picks[k % schedule.picks.length]! : 0;
        chosen = pick % this.count;
      }
      const failed = this.asserts[chosen]!;
      if (failed >= 0 && open[failed]) this.violated = failed;
      steps = k + 1;
      this.taken = steps;
      this.steps = steps;
      if ((steps + 1) * words > this.path.length) this.growPath();
      const { path, succ } = this; // (both may have grown during the step)
      for (let w = 0; w < words; w++) {
        const v = succ[chosen * words + w]!;
        cur[w] = v;
        path[steps * words + w] = v;
      }
      if (this.violated < 0) ts.check(cur, open, this.report);
    }
    this.steps = steps;
    this.change = change;
    this.changeAt = changeAt;
    this.running = running;
    this.k = k;
    this.over = over || this.violated >= 0 || k >= depth;
    return this.over;
  }

  /** Steps of the last run. */
  private steps = 0;

  /** The open property the last run violated, if it did. */
  get violatedProperty(): number | undefined {
    return this.violated >= 0 ? this.violated : undefined;
  }

  /** The states of the last run, from the initial one. */
  states(): State[] {
    return Array.from({ length: this.steps + 1 }, (_, k) => this.path.slice(k * this.words, (k + 1) * this.words));
  }

  /** No process taking part can move: a deadlock if no process at all can, and not all have ended. */
  private stuck(schedule: Schedule): void {
    const { ts, open, cur } = this;
    if (!open[this.deadlock] || ts.allDone(cur)) return;
    this.count = 0;
    for (let p = 0; p < this.processes; p++) {
      if (!schedule.active[p] && ts.successorsOf[p]!(cur, this.next, this.emit) > 0) return;
    }
    this.violated = this.deadlock;
  }

  /** pct: priorities from the schedule's keys (smaller key, higher priority; ties by process order). */
  private prioritise(schedule: Schedule): void {
    const n = this.processes;
    for (let p = 0; p < n; p++) this.priority[p] = -((schedule.priorities[p] ?? 0) * n + p) - n;
    this.lowest = Infinity;
    for (let p = 0; p < n; p++) this.lowest = Math.min(this.lowest, this.priority[p]! - 1);
    this.sort();
  }

  private lowest = 0;

  /** The running process drops to the lowest priority of all. */
  private demote(p: number): void {
    this.priority[p] = this.lowest--;
    this.sort();
  }

  /** Orders the processes by priority, highest first (insertion sort: few processes). */
  private sort(): void {
    const { order, priority } = this;
    for (let p = 0; p < this.processes; p++) {
      let j = p;
      for (; j > 0 && priority[order[j - 1]!]! < priority[p]!; j--) order[j] = order[j - 1]!;
      order[j] = p;
    }
  }

  private growSuccessors(): void {
    const n = 2 * this.procs.length;
    const succ = new Uint32Array(n * this.words);
    succ.set(this.succ);
    this.succ = succ;
    const procs = new Int32Array(n);
    procs.set(this.procs);
    this.procs = procs;
    const asserts = new Int32Array(n);
    asserts.set(this.asserts);
    this.asserts = asserts;
  }

  private growPath(): void {
    const path = new Uint32Array(2 * this.path.length);
    path.set(this.path);
    this.path = path;
  }
}
