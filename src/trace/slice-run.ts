/*
 * A counterexample read transition by transition with the IR executor
 * (execute.ts): for each step what it read and wrote, which earlier step
 * wrote each value it read, which earlier transition of its process decided
 * that it would run, and what the violation reads. And the test slicing is
 * built on: run the counterexample again with some steps made to have no
 * effect (their process just moves on to where it went), and see whether
 * every other step still takes the same path (same branches, same notes, the
 * same step) and the property is still violated at the end.
 */
import type { State } from '../compile/index.js';
import { high, low, type Model, type Property } from '../model/index.js';
import { layoutOf } from '../state/layout.js';
import { controlDependences } from './control-dependence.js';
import { type Execution, Executor } from './execute.js';

export interface RunStep {
  readonly proc: number;
  readonly step: number;
}

export class RecordedRun {
  /** values[i]: every slot's value before step i (values[k]: the last state). */
  readonly values: readonly Int32Array[];
  readonly execs: readonly Execution[];
  private readonly choices: readonly number[][];
  /** For each step, the steps that last wrote the slots it read. */
  readonly sources: readonly number[][];
  /** For each step, the earlier transitions of its process that took a branch deciding that it runs. */
  readonly deciders: readonly number[][];
  /** For each step, the step its process took before it (-1: none): what brought it to where it runs. */
  readonly previous: readonly number[];
  /** The steps that last wrote each slot, at the end (-1: its initial value). */
  private readonly writer: Int32Array;

  private constructor(
    readonly ex: Executor,
    readonly model: Model,
    readonly property: Property,
    readonly path: readonly RunStep[],
    values: Int32Array[],
    execs: Execution[],
    choices: number[][],
  ) {
    this.values = values;
    this.execs = execs;
    this.choices = choices;
    const writer = new Int32Array(model.slots.length).fill(-1);
    const sources: number[][] = [];
    execs.forEach((e, i) => {
      sources.push([...new Set([...e.reads].map((r) => writer[r]!).filter((w) => w >= 0))]);
      for (const w of e.writes) writer[w] = i;
    });
    this.sources = sources;
    this.writer = writer;
    const lastOf = new Map<number, number>();
    this.previous = path.map(({ proc }, i) => {
      const before = lastOf.get(proc) ?? -1;
      lastOf.set(proc, i);
      return before;
    });
    this.deciders = this.findDeciders();
  }

  /** The run read with the executor; undefined where the executor cannot follow it (slicing then stops). */
  static read(model: Model, property: Property, states: readonly State[], path: readonly RunStep[]) {
    const layout = layoutOf(model);
    const values = states.map((s) => layout.unpack(s));
    const ex = new Executor(model);
    const execs: Execution[] = [];
    const choices: number[][] = [];
    for (let i = 0; i < path.length; i++) {
      const { proc, step } = path[i]!;
      const want = values[i + 1]!;
      const found = ex
        .all(proc, values[i]!)
        .paths.find((x) => x.exec.step === step && x.exec.next.every((v, slot) => v === want[slot]));
      if (!found) return undefined;
      execs.push(found.exec);
      choices.push(found.choices);
    }
    return new RecordedRun(ex, model, property, path, values, execs, choices);
  }

  get length(): number {
    return this.path.length;
  }

  /** The step that last wrote `slot` before step `i` (-1: none, its initial value). */
  writerBefore(slot: number, i: number): number {
    for (let j = i - 1; j >= 0; j--) if (this.execs[j]!.writes.has(slot)) return j;
    return -1;
  }

  /**
   * The steps the violation reads from: the last writers of what the property reads in the last
   * state; for an assert, the step that fails it; for a deadlock, the last writers of what the
   * waiting processes' steps read, and each waiting process's last step (where it stopped).
   * `critical` are the ones the violation cannot do without: the failing step, the waiting
   * processes' last steps, and the last writers of the values that, changed alone, would undo
   * the violation.
   */
  seeds(): { all: number[]; critical: number[] } {
    const k = this.length;
    const last = this.values[k]!;
    const p = this.property;
    const all = new Set<number>();
    const critical = new Set<number>();
    const from = (reads: Iterable<number>) => {
      for (const r of reads) {
        const w = this.writer[r]!;
        if (w < 0) continue;
        all.add(w);
        if (this.undoes(r, last)) critical.add(w);
      }
    };
    if (p.kind === 'assert') {
      all.add(k - 1);
      critical.add(k - 1);
    } else if (p.kind === 'deadlock') {
      for (const proc of this.model.processes) {
        if (last[proc.pcSlot] === 0) continue;
        from(this.ex.all(proc.index, last).blocked);
        let mine = k - 1;
        while (mine >= 0 && this.path[mine]!.proc !== proc.index) mine--;
        if (mine >= 0) {
          all.add(mine);
          critical.add(mine);
        }
      }
    } else if (p.cond) from(this.ex.evaluate(p.cond, last).reads);
    const sorted = (x: Set<number>) => [...x].sort((a, b) => a - b);
    return { all: sorted(all), critical: sorted(critical) };
  }

  /** Whether some other value of `slot` in the last state, alone, would undo the violation (up to 64 tried). */
  private undoes(slot: number, last: Int32Array): boolean {
    const type = this.model.slots[slot]!.type;
    const lo = low(type);
    const hi = Math.min(high(type), lo + 63);
    for (let v = lo; v <= hi; v++) {
      if (v === last[slot]) continue;
      const vals = last.slice();
      vals[slot] = v;
      if (!this.violatedAt(vals)) return true;
    }
    return false;
  }

  /**
   * Runs the counterexample again with the steps marked in `hidden` taking no effect: each must
   * still be able to run (its `await`s pass), but then its process just moves to where it went
   * and nothing else changes. True when every other step takes the same path as before and the
   * property is still violated at the end.
   */
  holdsWithout(hidden: Uint8Array): boolean {
    return this.failureWithout(hidden) < 0;
  }

  /**
   * Where the test of holdsWithout fails: the step that cannot run or goes another way, the run's
   * length if only the violation is gone; -1 if it passes.
   */
  failureWithout(hidden: Uint8Array): number {
    let vals = this.values[0]!;
    for (let i = 0; i < this.length; i++) {
      const { proc } = this.path[i]!;
      if (hidden[i]) {
        if (!this.ex.run(proc, vals, this.choices[i]!)) return i;
        vals = vals.slice();
        const pc = this.model.processes[proc]!.pcSlot;
        vals[pc] = this.values[i + 1]![pc]!;
        continue;
      }
      const e = this.ex.run(proc, vals, this.choices[i]!);
      const real = this.execs[i]!;
      if (!e || e.step !== real.step || e.shape !== real.shape) return i;
      vals = e.next;
    }
    return this.violatedAt(vals) ? -1 : this.length;
  }

  /**
   * Whether the violation needs step `i`: with it and the steps marked in `hidden` having no
   * effect, the others running in the same order of processes (each taking its recorded path,
   * or, where that is no longer possible, the first it can), some process cannot move when its
   * turn comes, or the property is no longer violated.
   */
  needs(i: number, hidden: Uint8Array): boolean {
    let vals: Int32Array = this.values[0]!;
    let failed = false;
    for (let j = 0; j < this.length; j++) {
      const { proc } = this.path[j]!;
      const recorded = this.ex.run(proc, vals, this.choices[j]!);
      const e =
        recorded && (j === i || hidden[j] || recorded.step === this.execs[j]!.step)
          ? recorded
          : this.ex.all(proc, vals, 64).paths[0]?.exec;
      if (!e) return true;
      if (j === i || hidden[j]) {
        vals = vals.slice();
        const pc = this.model.processes[proc]!.pcSlot;
        vals[pc] = this.values[j + 1]![pc]!;
        continue;
      }
      failed = e.failedAssert === this.property.index;
      vals = e.next;
    }
    if (this.property.kind === 'assert') return !failed;
    return !this.violatedAt(vals);
  }

  /**
   * Whether the order of steps `d` and `g` (d before g, of two processes) matters: run again
   * with `d` put off until just after `g` (with the steps of d's process between them), and again
   * with `g` brought forward to just before `d` (with the steps of g's process before it), every
   * step taking its recorded choices; both ways the run goes another way (a step cannot run, or
   * takes another step) or no longer violates the property. (Either way alone can change the run
   * only because of the steps it moves along.)
   */
  orderMatters(d: number, g: number): boolean {
    const later = (p: number, i: number) => this.path[i]!.proc === p;
    const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
    const between = range(d + 1, g);
    const dp = this.path[d]!.proc;
    const gp = this.path[g]!.proc;
    const delayed = [
      ...range(0, d),
      ...between.filter((i) => !later(dp, i)),
      g,
      d,
      ...between.filter((i) => later(dp, i)),
      ...range(g + 1, this.length),
    ];
    const advanced = [
      ...range(0, d),
      ...between.filter((i) => later(gp, i)),
      g,
      d,
      ...between.filter((i) => !later(gp, i)),
      ...range(g + 1, this.length),
    ];
    return this.changes(delayed) && this.changes(advanced);
  }

  /** Whether the run's steps in this order, each taking its recorded choices, go another way or violate nothing. */
  private changes(order: readonly number[]): boolean {
    let vals: Int32Array = this.values[0]!;
    let failed = -1;
    for (const i of order) {
      const e = this.ex.run(this.path[i]!.proc, vals, this.choices[i]!);
      if (!e || e.step !== this.execs[i]!.step) return true;
      if (e.failedAssert === this.property.index && this.property.kind === 'assert') failed = i;
      vals = e.next;
    }
    if (this.property.kind === 'assert') return failed !== this.length - 1;
    return !this.violatedAt(vals);
  }

  private violatedAt(vals: Int32Array): boolean {
    const p = this.property;
    switch (p.kind) {
      case 'assert':
        return true; // the failing step is always drawn, and its path (the failed assert included) compared
      case 'deadlock':
        return this.model.processes.every((q) => vals[q.pcSlot] === 0 || this.ex.all(q.index, vals).paths.length === 0);
      default:
        return this.ex.evaluate(p.cond!, vals).value === 0;
    }
  }

  private findDeciders(): number[][] {
    const dependences = this.model.processes.map((p) => controlDependences(p));
    const stepNode = new Map<number, number>();
    for (const p of this.model.processes)
      p.nodes.forEach((node, n) => {
        if (node.k === 'step') stepNode.set(node.step.id, n);
      });
    return this.path.map(({ proc, step }, i) => {
      const branches = dependences[proc]!.get(stepNode.get(step) ?? -1) ?? [];
      const out = new Set<number>();
      for (const b of branches) {
        if (this.execs[i]!.branches.has(b)) continue; // decided on the way to this very step
        for (let j = i - 1; j >= 0; j--) {
          if (this.path[j]!.proc === proc && this.execs[j]!.branches.has(b)) {
            out.add(j);
            break;
          }
        }
      }
      return [...out];
    });
  }
}
