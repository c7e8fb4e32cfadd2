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
    const from = (reads: Iterable<number>, violatedWith: (vals: Int32Array) => boolean, at: Int32Array) => {
      for (const r of reads) {
        const w = this.writer[r]!;
        if (w < 0) continue;
        all.add(w);
        if (this.undoes(r, at, violatedWith)) critical.add(w);
      }
    };
    if (p.kind === 'assert') {
      all.add(k - 1);
      critical.add(k - 1);
    } else if (p.kind === 'deadlock') {
      for (const proc of this.model.processes) {
        if (last[proc.pcSlot] === 0) continue;
        from(this.ex.all(proc.index, last).blocked, (vals) => this.violatedAt(vals), last);
        let mine = k - 1;
        while (mine >= 0 && this.path[mine]!.proc !== proc.index) mine--;
        if (mine >= 0) {
          all.add(mine);
          critical.add(mine);
        }
      }
    } else if (p.cond) from(this.ex.evaluate(p.cond, last).reads, (vals) => this.violatedAt(vals), last);
    const sorted = (x: Set<number>) => [...x].sort((a, b) => a - b);
    return { all: sorted(all), critical: sorted(critical) };
  }

  /** Whether some other value of `slot`, alone, would undo the violation (up to 64 values tried). */
  private undoes(slot: number, at: Int32Array, violatedWith: (vals: Int32Array) => boolean): boolean {
    const type = this.model.slots[slot]!.type;
    const lo = low(type);
    const hi = Math.min(high(type), lo + 63);
    for (let v = lo; v <= hi; v++) {
      if (v === at[slot]) continue;
      const vals = at.slice();
      vals[slot] = v;
      if (!violatedWith(vals)) return true;
    }
    return false;
  }

  /**
   * Runs the counterexample again with the steps marked in `hidden` taking no effect (their
   * process moves to where it went, nothing else changes). True when every other step takes the
   * same path as before and the property is still violated at the end.
   */
  holdsWithout(hidden: Uint8Array): boolean {
    let vals = this.values[0]!;
    for (let i = 0; i < this.length; i++) {
      const { proc } = this.path[i]!;
      if (hidden[i]) {
        vals = vals.slice();
        const pc = this.model.processes[proc]!.pcSlot;
        vals[pc] = this.values[i + 1]![pc]!;
        continue;
      }
      const e = this.ex.run(proc, vals, this.choices[i]!);
      const real = this.execs[i]!;
      if (!e || e.step !== real.step || e.shape !== real.shape) return false;
      vals = e.next;
    }
    return this.violatedAt(vals);
  }

  /** Whether step `i` would take another path had it read `slot` with the value `value`. */
  wouldDiffer(i: number, slot: number, value: number): boolean {
    const vals = this.values[i]!.slice();
    vals[slot] = value;
    const e = this.ex.run(this.path[i]!.proc, vals, this.choices[i]!);
    return !e || e.step !== this.execs[i]!.step || e.shape !== this.execs[i]!.shape;
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
