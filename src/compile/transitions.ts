/*
 * Generates one JavaScript function per process that, given a state, emits
 * every successor that process can produce. Control flow between steps and
 * the step's body run as one path on a working copy `s` of the state; `await`
 * abandons the path (break to its label), and each nondeterministic choice
 * saves `s` and runs every alternative in turn, emitting one successor each.
 *
 * With `record` the same code also reports what a diagram shows (frames
 * entered, the step, its notes) to `rec`; traces are rebuilt with that
 * variant, so the checker and the trace printer never disagree.
 */
import type { Loc } from '../lang/index.js';
import {
  chooses,
  type Expr,
  type Node,
  type Place,
  type Process,
  type Stmt,
  type Template,
  waitPoints,
  watchStage,
} from '../model/index.js';
import type { Layout } from '../state/layout.js';
import type { CodeSize } from './code-size.js';
import { type Env, ExprGen } from './expressions.js';
import { interval } from './intervals.js';
import type { Sites } from './sites.js';

const NO_ENV: Env = new Map();

/** States of at most this many words are copied by one assignment a word. */
const COPY_UNROLLED = 32;

/** Whether statements may write the state (so that a path through them needs its working copy). */
function mayWrite(list: readonly Stmt[]): boolean {
  return list.some((s) =>
    s.k === 'assign' || s.k === 'choose' || s.k === 'while'
      ? true
      : s.k === 'if'
        ? mayWrite(s.then) || mayWrite(s.else)
        : s.k === 'either' && s.branches.some(mayWrite),
  );
}

export class TransitionGen {
  private label = 0;
  /** The pc whose transitions are being generated. */
  private from = 0;
  /** Deepest nesting of choices, i.e. how many save buffers the code needs. */
  maxDepth = 0;
  private readonly gen: ExprGen;

  private readonly source: ExprGen;
  /** Expressions over `cur`, for a path that has not written its working copy yet. */
  private readonly onCur: ExprGen;

  constructor(
    private readonly sites: Sites,
    private readonly layout: Layout,
    private readonly record: boolean,
    /** Estimates each process's code before it is generated (and refuses code too large to generate). */
    private readonly size: CodeSize,
    /** The footprint variant's tracked slots (see ExprGen), or none. */
    tracked?: Int32Array,
  ) {
    this.gen = new ExprGen(sites, layout, 's', tracked);
    this.onCur = new ExprGen(sites, layout, 'cur', tracked);
    this.source = new ExprGen(sites, layout, 'cur');
  }

  /**
   * `to = from`, word by word: for a few words, faster than TypedArray.set; for many, a loop (the
   * code of a state of 2^20 bits would otherwise hold 32,768 assignments at every copy).
   */
  private copy(to: string, from: string): string {
    const words = this.layout.words;
    if (words > COPY_UNROLLED) return `for (let cw = 0; cw < ${words}; cw++) ${to}[cw] = ${from}[cw];`;
    return Array.from({ length: words }, (_, w) => `${to}[${w}] = ${from}[${w}];`).join(' ');
  }

  /**
   * The working copy: a path reads `cur` until its first write, and copies `cur` into `s` only
   * then (lazy copies), so a branch whose guard fails at once costs no copy. `dirty` says whether
   * `s` holds the path's state already. The recording variant copies at once (its notes read `s`).
   */
  private reader(dirty: boolean): ExprGen {
    return dirty ? this.gen : this.onCur;
  }

  /** The copy into `s` a path needs before its first write (none if it has written already). */
  private touch(dirty: boolean): string {
    return dirty ? '' : `${this.copy('s', 'cur')} `;
  }

  /** `function pN(cur, s, emit)`: emits the successors of process N; returns how many. */
  processFunction(p: Process): string {
    const lazy = !this.record;
    const points = waitPoints(p);
    this.size.process(p, points);
    const cases = points
      .map((pc) => {
        this.from = pc;
        return `case ${pc}: { ${lazy ? '' : this.copy('s', 'cur')} ${this.node(p, pc, 0, !lazy)} break; }`;
      })
      .join('\n');
    const begin = this.record ? 'rec.reset(0);' : '';
    const pc = this.source.readSlot(p.pcSlot);
    const head = `function p${p.index}(cur, s, emit) {\n  let n = 0, af = -1;${begin}\n`;
    return `${head}  switch (${pc}) {\n${cases}\n  }\n  return n;\n}`;
  }

  /**
   * Moves process p to pc `to` (0: it ends). The footprint variant marks the pc written where it
   * changes, so that a property that reads positions (`p at s`, `done(p)`) sees the step.
   */
  private writePc(p: Process, to: number): string {
    const value = String(to);
    return to === this.from ? this.gen.writeSlot(p.pcSlot, value) : this.gen.markedWrite(p.pcSlot, value);
  }

  private fresh(): string {
    return `L${this.label++}`;
  }

  /** Code for every path from control node `n` to the end of its next step. */
  private node(p: Process, n: number, depth: number, dirty: boolean): string {
    watchStage('compiling');
    const node: Node = p.nodes[n]!;
    switch (node.k) {
      case 'step': {
        const label = this.fresh();
        const site = node.step;
        const finish = (written: boolean): string =>
          site.notes.map((note) => this.note(note.arrow, note.text, NO_ENV)).join('') +
          this.touch(written) +
          `${this.writePc(p, node.next)} n++; emit(${p.index}, ${site.id}, af);`;
        const text = site.display ? this.gen.template(site.display.text, NO_ENV) : '""';
        const enter = this.record ? `rec.step(${site.id}, ${text});` : '';
        return `${label}: { ${enter}${this.stmts(site.body, NO_ENV, finish, label, depth, dirty)} }`;
      }
      case 'test': {
        // The step only decides its condition: where the process goes next is its whole effect.
        const label = this.fresh();
        const site = node.step;
        const notes = site.notes.map((note) => this.note(note.arrow, note.text, NO_ENV)).join('');
        const text = site.display ? this.gen.template(site.display.text, NO_ENV) : '""';
        const enter = this.record ? `rec.step(${site.id}, ${text});` : '';
        // (On a lazy path the condition reads `cur`; the copy is made only to write the pc.)
        const go = this.ifElse(
          this.reader(dirty).expr(node.cond, NO_ENV),
          this.writePc(p, node.then),
          this.writePc(p, node.else),
        );
        return `${label}: { ${enter}${notes}${this.touch(dirty)}${go} n++; emit(${p.index}, ${site.id}, af); }`;
      }
      case 'branch':
        return this.ifElse(
          this.reader(dirty).expr(node.cond, NO_ENV),
          this.node(p, node.then, depth, dirty),
          this.node(p, node.else, depth, dirty),
        );
      case 'choice':
        return this.alternatives(
          node.targets.map((t) => () => this.node(p, t, depth + 1, dirty)),
          depth,
          dirty,
        );
      case 'enter': {
        if (!this.record) return this.node(p, node.next, depth, dirty);
        const notes = node.frame.notes.map((x) => `[${x.arrow ? 1 : 0}, ${this.gen.template(x.text, NO_ENV)}]`);
        const text = this.gen.template(node.frame.text, NO_ENV);
        const rest = this.node(p, node.next, depth, dirty);
        return `rec.enter(${node.frame.depth}, ${text}, [${notes.join(', ')}]); ${rest}`;
      }
      case 'set':
        return (
          this.touch(dirty) +
          this.assign(node.place, node.value, NO_ENV, node.at) +
          this.node(p, node.next, depth, true)
        );
      case 'end': {
        // Reaching the end through control flow (a false `if` at the end, say) is a silent step.
        const shown = this.record ? 'rec.step(-1, "");' : '';
        return `${shown}${this.touch(dirty)}${this.writePc(p, 0)} n++; emit(${p.index}, -1, af);`;
      }
    }
  }

  /**
   * Statements of a step body followed by the continuation `k` (which ends the
   * transition, told whether the path has written `s`). Deterministic statements
   * become straight-line code; `either` and `choose` copy the rest of the body
   * into each alternative.
   */
  private stmts(
    list: readonly Stmt[],
    env: Env,
    k: (dirty: boolean) => string,
    label: string,
    depth: number,
    dirty: boolean,
  ): string {
    let code = '';
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      // What follows, for the statements that copy it into their branches (sliced only then: once
      // per statement would be quadratic in a long body).
      const rest = () => list.slice(i + 1);
      switch (s.k) {
        case 'assign':
          code += this.touch(dirty) + this.assign(s.place, s.value, env, s.at);
          dirty = true;
          break;
        case 'await':
          code += `if (!(${this.reader(dirty).expr(s.cond, env)})) break ${label};`;
          break;
        case 'if': {
          if (!chooses(s.then) && !chooses(s.else)) {
            // Both branches go on to what follows: they start from one working copy.
            if (mayWrite(s.then) || mayWrite(s.else)) {
              code += this.touch(dirty);
              dirty = true;
            }
            const cond = this.reader(dirty).expr(s.cond, env);
            const then = this.stmts(s.then, env, () => '', label, depth, dirty);
            code += this.ifElse(
              cond,
              then,
              this.stmts(s.else, env, () => '', label, depth, dirty),
            );
            break;
          }
          const cond = this.reader(dirty).expr(s.cond, env);
          const then = this.stmts([...s.then, ...rest()], env, k, label, depth, dirty);
          return code + this.ifElse(cond, then, this.stmts([...s.else, ...rest()], env, k, label, depth, dirty));
        }
        case 'either': {
          const after = rest();
          const alts = s.branches.map((b) => (l: string) => this.stmts([...b, ...after], env, k, l, depth + 1, dirty));
          return code + this.alternatives(alts, depth, dirty);
        }
        case 'choose':
          return code + this.choose(s, env, (l) => this.stmts(rest(), env, k, l, depth + 1, true), depth, dirty);
        case 'while': {
          code += this.touch(dirty);
          dirty = true;
          const guard = `g${this.label++}`;
          const test = this.gen.expr(s.cond, env);
          const stop = `if (++${guard} > 1000000) rt.loop(${this.sites.loc(s.at)});`;
          const body = this.stmts(s.body, env, () => '', label, depth, true);
          code += `{ let ${guard} = 0; while (${test}) { ${stop} ${body} } }`;
          break;
        }
        case 'assert':
          code += `if (af < 0 && !(${this.reader(dirty).expr(s.cond, env)})) af = ${s.property};`;
          break;
        case 'note':
          code += this.note(s.note.arrow, s.note.text, env);
          break;
      }
    }
    return code + k(dirty);
  }

  /**
   * Runs each alternative from the state at this point: on a path that has not written yet each
   * reads `cur` until it writes (no copy); on one that has, each starts from a saved copy.
   */
  private alternatives(alts: ((label: string) => string)[], depth: number, dirty: boolean): string {
    if (dirty) this.maxDepth = Math.max(this.maxDepth, depth + 1);
    let code = dirty ? this.save(depth) : `{ const af${depth} = af;`;
    alts.forEach((alt, i) => {
      if (i > 0) code += ` ${dirty ? this.restore(depth) : `af = af${depth};`}`;
      const label = this.fresh();
      code += ` ${label}: { ${alt(label)} }`;
    });
    return `${code} }`;
  }

  /** Opens a block that saves the state, the failed assertion and the recording at nesting `depth`. */
  private save(depth: number): string {
    const mark = this.record ? ` const m${depth} = rec.mark();` : '';
    return `{ const sv${depth} = sv[${depth}]; ${this.copy(`sv${depth}`, 's')} const af${depth} = af;${mark}`;
  }

  /** Goes back to what save(depth) saved, for the next alternative. */
  private restore(depth: number): string {
    return `${this.copy('s', `sv${depth}`)} af = af${depth};${this.record ? ` rec.reset(m${depth});` : ''}`;
  }

  private ifElse(cond: string, then: string, otherwise: string): string {
    return `if (${cond}) { ${then} } else { ${otherwise} }`;
  }

  /** Each value in turn, from the state at this point (`cur` itself when the path has not written yet). */
  private choose(
    s: Stmt & { k: 'choose' },
    env: Env,
    rest: (label: string) => string,
    depth: number,
    dirty: boolean,
  ): string {
    const label = this.fresh();
    const v = `c${depth}`;
    const where = s.where ? `if (!(${this.gen.expr(s.where, env)})) break ${label};` : '';
    const body = ` ${label}: { ${this.gen.write(s.place, env, v)} ${where}${rest(label)} } } }`;
    if (!dirty)
      return (
        `{ const af${depth} = af; for (let ${v} = ${s.lo}; ${v} <= ${s.hi}; ${v}++) {` +
        ` ${this.copy('s', 'cur')} af = af${depth};${body}`
      );
    this.maxDepth = Math.max(this.maxDepth, depth + 1);
    return (
      this.save(depth) +
      ` for (let ${v} = ${s.lo}; ${v} <= ${s.hi}; ${v}++) {` +
      ` if (${v} !== ${s.lo}) { ${this.restore(depth)} }` +
      body
    );
  }

  private assign(place: Place, value: Expr, env: Env, at: Loc): string {
    const v = this.gen.expr(value, env);
    const t = place.type;
    const [lo, hi] = interval(value);
    const fits = t.kind !== 'int' || (lo >= t.lo && hi <= t.hi);
    return this.gen.write(place, env, fits ? v : `rt.range(${v}, ${t.lo}, ${t.hi}, ${this.sites.loc(at)})`);
  }

  private note(arrow: boolean, text: Template, env: Env): string {
    return this.record ? `rec.note(${arrow ? 1 : 0}, ${this.gen.template(text, env)});` : '';
  }

  expr(e: Expr): string {
    return this.gen.expr(e, NO_ENV);
  }
}
