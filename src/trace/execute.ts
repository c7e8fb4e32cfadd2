/*
 * One transition of a process, run over the IR rather than the compiled
 * code, to learn what the compiled code cannot tell: which slots it read
 * (before writing them), which it wrote, which branches it took and which
 * notes it drew. Slicing (slice.ts) reads a counterexample with it, and runs
 * variants of it ("what if this step had had no effect?").
 *
 * The meaning is the compiler's (compile/transitions.ts, expressions.ts):
 * `&&`, `||`, `=>` and `?:` evaluate their right side only when needed, an
 * `await` that fails abandons the path, `either`, `choose` and a control
 * `choice` take the alternative the caller names, a value out of its range
 * or an index out of bounds makes the path impossible. Nondeterminism is a
 * list of choices: the k-th choice made takes alternative choices[k].
 * slice.ts checks every transition of a trace against the recorded run, so
 * a difference from the compiled code shows as a trace that is not sliced.
 */

import {
  type Expr,
  high,
  low,
  type Model,
  type Place,
  type Process,
  type Stmt,
  type Template,
} from '../model/index.js';
import { fold } from '../model/operators.js';

export interface Execution {
  /** The step taken (its index in the model), or -1 for reaching the end through control flow. */
  readonly step: number;
  /** The values after the transition (one number per slot, program counters included). */
  readonly next: Int32Array;
  /** Slots read before the transition wrote them (display texts' values included; program counters not). */
  readonly reads: ReadonlySet<number>;
  /** Slots assigned (whether or not the value changed; program counters not). */
  readonly writes: ReadonlySet<number>;
  /** The control branches passed (node indices), each once. */
  readonly branches: ReadonlySet<number>;
  /** What the transition drew, as a string to compare: which notes (not the values they show), the failed assert. */
  readonly shape: string;
  readonly failedAssert: number;
}

/** The path cannot be taken: an await fails, a `where` is false, or the model would fail at run time. */
class Blocked extends Error {}

type Env = Map<number, number>;

export class Executor {
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  private readonly notes = new Map<Template, number>();

  constructor(readonly model: Model) {
    this.lo = Int32Array.from(model.slots, (s) => low(s.type));
    this.hi = Int32Array.from(model.slots, (s) => high(s.type));
  }

  /** The transition of `proc` from `values` that takes the given choices; undefined if that path blocks. */
  run(proc: number, values: Int32Array, choices: readonly number[]): Execution | undefined {
    return this.attempt(proc, values, choices).done;
  }

  /**
   * Every path of `proc`'s next transition from `values`, with the choices that take it; `blocked`
   * are the slots the paths that block read (what keeps the process waiting). At most `limit` paths.
   */
  all(
    proc: number,
    values: Int32Array,
    limit = 4096,
  ): { paths: { exec: Execution; choices: number[] }[]; blocked: Set<number> } {
    const paths: { exec: Execution; choices: number[] }[] = [];
    const blocked = new Set<number>();
    let choices: number[] = [];
    for (let n = 0; n < limit; n++) {
      const a = this.attempt(proc, values, choices);
      if (a.done) paths.push({ exec: a.done, choices: a.taken });
      else for (const r of a.reads) blocked.add(r);
      // The next list of choices, as an odometer over the alternatives each choice had.
      let k = a.taken.length - 1;
      while (k >= 0 && a.taken[k]! + 1 >= a.arity[k]!) k--;
      if (k < 0) break;
      choices = [...a.taken.slice(0, k), a.taken[k]! + 1];
    }
    return { paths, blocked };
  }

  /** The value of an expression over `values`, and the slots it read. */
  evaluate(e: Expr, values: Int32Array): { value: number; reads: Set<number> } {
    const run = new Run(this, values, []);
    const value = run.expr(e, new Map());
    return { value, reads: run.reads };
  }

  private attempt(
    proc: number,
    values: Int32Array,
    choices: readonly number[],
  ): { done?: Execution; reads: Set<number>; taken: number[]; arity: number[] } {
    const run = new Run(this, values, choices);
    try {
      const step = run.transition(this.model.processes[proc]!);
      const done: Execution = {
        step,
        next: run.vals,
        reads: run.reads,
        writes: run.writes,
        branches: run.branches,
        shape: run.shape.join(' '),
        failedAssert: run.af,
      };
      return { done, reads: run.reads, taken: run.taken, arity: run.arity };
    } catch (e) {
      if (!(e instanceof Blocked)) throw e;
      return { reads: run.reads, taken: run.taken, arity: run.arity };
    }
  }

  /** A number for each note of the model (its text's identity), to tell drawn notes apart. */
  noteId(text: Template): number {
    let id = this.notes.get(text);
    if (id === undefined) {
      id = this.notes.size;
      this.notes.set(text, id);
    }
    return id;
  }

  /** Stores `v` in `slot`, unless out of its range (the compiled model would fail). */
  store(vals: Int32Array, slot: number, v: number): void {
    if (v < this.lo[slot]! || v > this.hi[slot]!) throw new Blocked();
    vals[slot] = v;
  }
}

/** The state of one transition being run. */
class Run {
  readonly vals: Int32Array;
  readonly reads = new Set<number>();
  readonly writes = new Set<number>();
  readonly branches = new Set<number>();
  readonly shape: (string | number)[] = [];
  readonly taken: number[] = [];
  readonly arity: number[] = [];
  af = -1;

  constructor(
    private readonly ex: Executor,
    values: Int32Array,
    private readonly choices: readonly number[],
  ) {
    this.vals = values.slice();
  }

  /** Runs the process's control flow to its next step and that step's body; returns the step's index. */
  transition(p: Process): number {
    let n = this.vals[p.pcSlot]!;
    if (n === 0) throw new Blocked(); // finished: it has no transition
    for (let guard = 0; ; guard++) {
      if (guard > 100000) throw new Blocked();
      const node = p.nodes[n]!;
      switch (node.k) {
        case 'step': {
          const site = node.step;
          if (site.display) this.template(site.display.text, new Map());
          this.stmts(site.body, new Map());
          for (const note of site.notes) this.note(note.text, new Map());
          this.vals[p.pcSlot] = node.next;
          return site.id;
        }
        case 'branch': {
          this.branches.add(n);
          n = this.expr(node.cond, new Map()) ? node.then : node.else;
          break;
        }
        case 'choice':
          n = node.targets[this.choose(node.targets.length)]!;
          break;
        case 'enter':
          this.template(node.frame.text, new Map());
          for (const note of node.frame.notes) this.template(note.text, new Map());
          n = node.next;
          break;
        case 'set':
          this.assign(node.place, node.value, new Map());
          n = node.next;
          break;
        case 'end':
          this.vals[p.pcSlot] = 0;
          return -1;
      }
    }
  }

  private choose(arity: number): number {
    const k = this.taken.length;
    const alt = this.choices[k] ?? 0;
    if (alt >= arity) throw new Blocked();
    this.taken.push(alt);
    this.arity.push(arity);
    return alt;
  }

  private stmts(list: readonly Stmt[], env: Env): void {
    for (const s of list) this.stmt(s, env);
  }

  private stmt(s: Stmt, env: Env): void {
    switch (s.k) {
      case 'assign':
        this.assign(s.place, s.value, env);
        return;
      case 'await':
        if (!this.expr(s.cond, env)) throw new Blocked();
        return;
      case 'if':
        this.stmts(this.expr(s.cond, env) ? s.then : s.else, env);
        return;
      case 'either':
        this.stmts(s.branches[this.choose(s.branches.length)]!, env);
        return;
      case 'choose': {
        const v = s.lo + this.choose(s.hi - s.lo + 1);
        this.write(s.place, env, v);
        if (s.where && !this.expr(s.where, env)) throw new Blocked();
        return;
      }
      case 'while':
        for (let guard = 0; this.expr(s.cond, env); guard++) {
          if (guard >= 1000000) throw new Blocked();
          this.stmts(s.body, env);
        }
        return;
      case 'assert':
        if (this.af < 0 && !this.expr(s.cond, env)) {
          this.af = s.property;
          this.shape.push(`a${s.property}`);
        }
        return;
      case 'note':
        this.note(s.note.text, env);
        return;
    }
  }

  private note(text: Template, env: Env): void {
    this.shape.push(this.ex.noteId(text));
    this.template(text, env);
  }

  /** A display text's values are read (what it shows depends on them), but not part of the shape. */
  private template(t: Template, env: Env): void {
    for (const part of t) if (typeof part !== 'string') this.expr(part, env);
  }

  private assign(place: Place, value: Expr, env: Env): void {
    this.write(place, env, this.expr(value, env));
  }

  private write(place: Place, env: Env, v: number): void {
    const slot = this.slot(place, env);
    this.ex.store(this.vals, slot, v);
    this.writes.add(slot);
  }

  private slot(p: Place, env: Env): number {
    let slot = p.base;
    for (const ix of p.indices) {
      const v = this.expr(ix.expr, env);
      if (v < ix.lo || v >= ix.lo + ix.length) throw new Blocked();
      slot += (v - ix.lo) * ix.stride;
    }
    return slot;
  }

  private read(slot: number): number {
    if (!this.writes.has(slot)) this.reads.add(slot);
    return this.vals[slot]!;
  }

  expr(e: Expr, env: Env): number {
    switch (e.k) {
      case 'const':
        return e.value;
      case 'read':
        return this.read(this.slot(e.place, env));
      case 'bound':
        return env.get(e.id)!;
      case 'unary':
        return e.op === '!' ? (this.expr(e.operand, env) ? 0 : 1) : -this.expr(e.operand, env);
      case 'cond':
        return this.expr(e.test, env) ? this.expr(e.then, env) : this.expr(e.else, env);
      case 'quant':
        return this.quant(e, env);
      case 'binary': {
        const a = this.expr(e.left, env);
        if (e.op === '&&') return a ? (this.expr(e.right, env) ? 1 : 0) : 0;
        if (e.op === '||') return a ? 1 : this.expr(e.right, env) ? 1 : 0;
        if (e.op === '=>') return a ? (this.expr(e.right, env) ? 1 : 0) : 1;
        const b = this.expr(e.right, env);
        if ((e.op === '/' || e.op === '%') && b === 0) throw new Blocked();
        return fold(e.op, a, b);
      }
    }
  }

  /** forall and exists stop at the first value that decides them, as the compiled code does. */
  private quant(e: Expr & { k: 'quant' }, env: Env): number {
    let count = 0;
    for (let v = e.lo; v <= e.hi; v++) {
      const holds = this.expr(e.body, new Map(env).set(e.id, v)) !== 0;
      if (e.quant === 'forall' && !holds) return 0;
      if (e.quant === 'exists' && holds) return 1;
      if (holds) count++;
    }
    return e.quant === 'count' ? count : e.quant === 'forall' ? 1 : 0;
  }
}
