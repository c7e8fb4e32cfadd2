/*
 * Partial-order reduction with stubborn sets (Valmari; the formulation with
 * necessary enabling sets of Godefroid's thesis), over the processes' next
 * steps. In each state the search expands the steps of a set T of processes
 * rather than of all of them, where T is closed under two rules:
 *
 * - a process in T that can move: every other process that could ever, from
 *   where it is now, touch what this step reads or writes (a conflict) is in
 *   T, so that whatever the others do first, the step commutes with it;
 * - a process in T that cannot move: every other process that could ever
 *   write a variable this step looked at while failing is in T, so that
 *   nothing outside T can enable it.
 *
 * What makes this work inside loops is that neither side is taken from the
 * pc alone. The step's side is measured in the state itself: the search runs
 * a variant of the model's code that marks the shared variables the step
 * reads and writes as it runs (compile's footprint variant), so a step that
 * branches on its process's control state (a `while true` loop over
 * `if state == ...`, as BEEM's models are written) counts only the branch it
 * takes. The other side, what a process could do from where it is, is static
 * but per control unit (model/units.ts): its pc and the value of the variable
 * it branches on, so only the branches it can still reach count, and none
 * that no reachable state takes (a translated model's error branches).
 *
 * Sound for everything racecheck checks: deadlocks (a state where a step can
 * be taken keeps one, and a step in T that cannot move stays so), invariants
 * and final properties (T is every process as soon as it holds a step that
 * writes a variable a property reads, ends a process a final property waits
 * for, or checks an assertion), and the cycle proviso: when a step of T leads
 * to a state expanded before (breadth-first; with other frontiers, seen
 * before), every other process is expanded too (search.ts). The state of a
 * cycle expanded last has such a step, so every cycle has a state that expands
 * every process, and no step is put off forever around it.
 */
import { compileFootprint, type Emit, type FootprintSystem, type TransitionSystem } from '../compile/index.js';
import { expr, Slots } from '../model/footprint.js';
import type { Touches } from '../model/ranges.js';
import { controlUnits, type ProcessUnits, type Unit } from '../model/units.js';
import type { Layout } from '../state/layout.js';

/** Reduction is for at most this many processes (a set of processes is a 32-bit mask). */
const MAX_PROCESSES = 31;

export class Reduction {
  /** The footprint variant: the model's successors, with its steps' footprints. */
  private readonly fp: FootprintSystem;
  private readonly processes: number;
  /** How to find each process's control unit in a state (model/units.ts). */
  private readonly units: Omit<ProcessUnits, 'units'>[];
  /**
   * Per process and unit: what it could read and write from there on (tracked slots), and whether
   * its step is visible.
   */
  private readonly futureReads: Uint32Array[][];
  private readonly futureWrites: Uint32Array[][];
  private readonly visibleAt: Uint8Array[];
  /** The tracked slots a property reads. */
  private readonly visible: Uint32Array;
  private readonly pcSlots: number[];
  private readonly names: string[];
  private readonly layout: Layout;
  /** In the state being expanded: each process's footprint, whether it can move, and its successors' range. */
  private readonly reads: Uint32Array[];
  private readonly writes: Uint32Array[];
  /** For each process, the processes its step conflicts with (or, if it cannot move, could enable it). */
  private readonly need: Int32Array;
  /** In the state being expanded: each process's unit (-1: it has ended), and its future. */
  private readonly at: Int32Array;
  private readonly fr: Uint32Array[];
  private readonly fw: Uint32Array[];
  readonly enabled: boolean;

  constructor(ts: TransitionSystem) {
    const model = ts.model;
    this.processes = model.processes.length;
    this.layout = ts.layout;
    this.pcSlots = model.processes.map((p) => p.pcSlot);
    this.names = model.processes.map((p) => p.name);
    this.enabled = this.processes <= MAX_PROCESSES;
    const all = controlUnits(model);
    // (The units' footprints over every slot are dropped once projected on the tracked ones.)
    this.units = all.map(({ control, lo, span, unitOf }) => ({ control, lo, span, unitOf }));
    // Tracked: the slots more than one process touches, and those the properties read.
    const visibleSlots = new Slots(model.slots.length);
    let endsVisible = new Set<number>();
    for (const p of model.properties) {
      if (p.kind === 'invariant' || p.kind === 'final') expr(p.cond!, visibleSlots);
      if (p.kind === 'final')
        endsVisible = new Set([...endsVisible, ...(p.after.length ? p.after : model.processes.map((q) => q.index))]);
    }
    const touchers = new Int32Array(model.slots.length);
    for (const { units } of all) {
      const all = new Slots(model.slots.length);
      for (const u of units) {
        all.addAll(u.now.reads);
        all.addAll(u.now.writes);
      }
      for (let slot = 0; slot < model.slots.length; slot++) if (all.has(slot)) touchers[slot]!++;
    }
    const tracked = new Int32Array(model.slots.length).fill(-1);
    let bits = 0;
    for (let slot = 0; slot < model.slots.length; slot++)
      if (touchers[slot]! > 1 || visibleSlots.has(slot)) tracked[slot] = bits++;
    const size = Math.floor(Math.max(0, bits - 1) / 32) + 1;
    const project = (from: Slots) => {
      const to = new Uint32Array(size);
      for (let slot = 0; slot < model.slots.length; slot++) {
        const bit = tracked[slot]!;
        if (bit >= 0 && from.has(slot)) to[bit >>> 5] = to[bit >>> 5]! | (1 << (bit & 31));
      }
      return to;
    };
    this.visible = project(visibleSlots);
    this.futureReads = all.map(({ units }) => units.map((u) => project(this.futureOf(u).reads)));
    this.futureWrites = all.map(({ units }) => units.map((u) => project(this.futureOf(u).writes)));
    // (A step that moves a process whose pc a property reads is visible through its footprint:
    // the footprint variant marks the pc written where it changes.)
    this.visibleAt = all.map(({ units }, p) =>
      Uint8Array.from(units, (u) => (u.asserts || (u.canEnd && endsVisible.has(p)) ? 1 : 0)),
    );
    this.fp = compileFootprint(model, tracked);
    this.reads = model.processes.map(() => new Uint32Array(size));
    this.writes = model.processes.map(() => new Uint32Array(size));
    this.need = new Int32Array(this.processes);
    this.at = new Int32Array(this.processes);
    this.fr = model.processes.map(() => new Uint32Array(size));
    this.fw = model.processes.map(() => new Uint32Array(size));
  }

  /** Expand every process when a step of the stubborn set leads to a state expanded before (search.ts). */
  readonly cycleProviso: boolean = true;

  /** How many successors the last expand emitted. */
  emitted = 0;

  /**
   * Emits every process's successors of `cur` (as the model's successors would), noting each
   * step's footprint; returns the processes whose successors the search should keep, as a mask
   * (-1: all of them), and sets `emitted` to how many there were.
   */
  expand(cur: Uint32Array, next: Uint32Array, emit: Emit): number {
    const { fp, processes } = this;
    let enabled = 0;
    let count = 0;
    for (let p = 0; p < processes; p++) {
      fp.reads.fill(0);
      fp.writes.fill(0);
      const n = fp.successorsOf[p]!(cur, next, emit);
      this.reads[p]!.set(fp.reads);
      this.writes[p]!.set(fp.writes);
      if (n > 0) enabled |= 1 << p;
      count += n;
    }
    this.emitted = count;
    return this.enabled ? this.stubborn(cur, enabled) : -1;
  }

  /** The smallest stubborn set's processes that can move, as a mask; -1 when that is every one. */
  private stubborn(cur: Uint32Array, enabled: number): number {
    if ((enabled & (enabled - 1)) === 0) return -1; // one process can move (or none): nothing to choose
    const { processes, need: needs, at, fr, fw } = this;
    for (let r = 0; r < processes; r++) at[r] = this.unit(cur, r);
    // Which processes each one needs beside it in a stubborn set.
    let visibleMoves = 0;
    for (let q = 0; q < processes; q++) {
      const canMove = (enabled >>> q) & 1;
      const reads = this.reads[q]!;
      const writes = this.writes[q]!;
      if (canMove && this.visibleStep(writes, this.visibleAt[q]![at[q]!] === 1)) visibleMoves |= 1 << q;
      let need = 0;
      for (let r = 0; r < processes; r++) {
        if (r === q || at[r] === -1) continue; // r has ended: it touches nothing
        if (this.needs(canMove === 1, reads, writes, fr[r]!, fw[r]!)) need |= 1 << r;
      }
      needs[q] = need;
    }
    // From each invisible process that can move, the closure; the one with the fewest moves wins.
    let best = enabled;
    let bestCount = popcount(enabled);
    for (let p = 0; p < processes; p++) {
      if (!((enabled >>> p) & 1) || (visibleMoves >>> p) & 1) continue;
      let set = 1 << p;
      let todo = set;
      while (todo !== 0) {
        const q = 31 - Math.clz32(todo);
        todo &= ~(1 << q);
        const more = needs[q]! & ~set;
        set |= more;
        todo |= more;
        if (set & visibleMoves || popcount(set & enabled) >= bestCount) break;
      }
      const moves = set & enabled;
      if (set & visibleMoves || popcount(moves) >= bestCount) continue;
      best = moves;
      bestCount = popcount(moves);
    }
    return best === enabled ? -1 : best;
  }

  /**
   * Whether a process that could, from where it is, read `futureReads` and write `futureWrites`
   * must be in a stubborn set with a step that read `reads` and wrote `writes`: if the step can
   * move, when they conflict; if it cannot, when the other could write what it looked at.
   */
  protected needs(
    canMove: boolean,
    reads: Uint32Array,
    writes: Uint32Array,
    futureReads: Uint32Array,
    futureWrites: Uint32Array,
  ): boolean {
    return canMove
      ? meets(writes, futureWrites) || meets(writes, futureReads) || meets(reads, futureWrites)
      : meets(reads, futureWrites);
  }

  /** What a process in unit `u` could touch from there on (tests break it on purpose). */
  protected futureOf(u: Unit): Touches {
    return u.future;
  }

  /**
   * Whether a step that can move and wrote `writes` is visible (`atPc`: it asserts, or ends a
   * process a final waits for).
   */
  protected visibleStep(writes: Uint32Array, atPc: boolean): boolean {
    return atPc || meets(writes, this.visible);
  }

  /** Process p's unit in state s (-1 if it has ended), with its future in fr and fw. */
  private unit(s: Uint32Array, p: number): number {
    const pc = this.layout.get(s, this.pcSlots[p]!);
    if (pc === 0) return -1;
    const { control, lo, span, unitOf } = this.units[p]!;
    const u = unitOf[pc * span + (control < 0 ? 0 : this.layout.get(s, control) - lo)]!;
    // The analysis covers every reachable state; a state outside it means the analysis is wrong,
    // and then so may be which slots the footprints track: no answer is safe.
    if (u < 0) throw new Error(`partial-order reduction: ${this.names[p]} is where its analysis says it cannot be`);
    this.fr[p] = this.futureReads[p]![u]!;
    this.fw[p] = this.futureWrites[p]![u]!;
    return u;
  }
}

export function meets(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i]! & b[i]!) !== 0) return true;
  return false;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}
