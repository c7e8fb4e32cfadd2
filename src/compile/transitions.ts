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
} from '../model/index.js';
import type { Layout } from '../state/layout.js';
import { type Env, ExprGen } from './expressions.js';
import type { Sites } from './sites.js';

const NO_ENV: Env = new Map();

export class TransitionGen {
  private label = 0;
  /** Deepest nesting of choices, i.e. how many save buffers the code needs. */
  maxDepth = 0;
  private readonly gen: ExprGen;

  private readonly source: ExprGen;

  constructor(
    private readonly sites: Sites,
    private readonly layout: Layout,
    private readonly record: boolean,
  ) {
    this.gen = new ExprGen(sites, layout);
    this.source = new ExprGen(sites, layout, 'cur');
  }

  /** `to = from`, word by word: for a few words, faster than TypedArray.set. */
  private copy(to: string, from: string): string {
    return Array.from({ length: this.layout.words }, (_, w) => `${to}[${w}] = ${from}[${w}];`).join(' ');
  }

  /** `function pN(cur, s, emit)`: emits the successors of process N; returns how many. */
  processFunction(p: Process): string {
    const cases = waitPoints(p)
      .map((pc) => `case ${pc}: { ${this.copy('s', 'cur')} ${this.node(p, pc, 0)} break; }`)
      .join('\n');
    const begin = this.record ? 'rec.reset(0);' : '';
    const pc = this.source.readSlot(p.pcSlot);
    const head = `function p${p.index}(cur, s, emit) {\n  let n = 0, af = -1;${begin}\n`;
    return `${head}  switch (${pc}) {\n${cases}\n  }\n  return n;\n}`;
  }

  private fresh(): string {
    return `L${this.label++}`;
  }

  /** Code for every path from control node `n` to the end of its next step. */
  private node(p: Process, n: number, depth: number): string {
    const node: Node = p.nodes[n]!;
    switch (node.k) {
      case 'step': {
        const label = this.fresh();
        const site = node.step;
        const finish = (): string =>
          site.notes.map((note) => this.note(note.arrow, note.text, NO_ENV)).join('') +
          `${this.gen.writeSlot(p.pcSlot, String(node.next))} n++; emit(${p.index}, ${site.id}, af);`;
        const text = site.display ? this.gen.template(site.display.text, NO_ENV) : '""';
        const enter = this.record ? `rec.step(${site.id}, ${text});` : '';
        return `${label}: { ${enter}${this.stmts(site.body, NO_ENV, finish, label, depth)} }`;
      }
      case 'test': {
        // The step only decides its condition: where the process goes next is its whole effect.
        const label = this.fresh();
        const site = node.step;
        const notes = site.notes.map((note) => this.note(note.arrow, note.text, NO_ENV)).join('');
        const text = site.display ? this.gen.template(site.display.text, NO_ENV) : '""';
        const enter = this.record ? `rec.step(${site.id}, ${text});` : '';
        const go = this.ifElse(
          this.gen.expr(node.cond, NO_ENV),
          this.gen.writeSlot(p.pcSlot, String(node.then)),
          this.gen.writeSlot(p.pcSlot, String(node.else)),
        );
        return `${label}: { ${enter}${notes}${go} n++; emit(${p.index}, ${site.id}, af); }`;
      }
      case 'branch':
        return this.ifElse(
          this.gen.expr(node.cond, NO_ENV),
          this.node(p, node.then, depth),
          this.node(p, node.else, depth),
        );
      case 'choice':
        return this.alternatives(
          node.targets.map((t) => () => this.node(p, t, depth + 1)),
          depth,
        );
      case 'enter': {
        if (!this.record) return this.node(p, node.next, depth);
        const notes = node.frame.notes.map((x) => `[${x.arrow ? 1 : 0}, ${this.gen.template(x.text, NO_ENV)}]`);
        const text = this.gen.template(node.frame.text, NO_ENV);
        return `rec.enter(${node.frame.depth}, ${text}, [${notes.join(', ')}]); ${this.node(p, node.next, depth)}`;
      }
      case 'set':
        return this.assign(node.place, node.value, NO_ENV, node.at) + this.node(p, node.next, depth);
      case 'end': {
        // Reaching the end through control flow (a false `if` at the end, say) is a silent step.
        const shown = this.record ? 'rec.step(-1, "");' : '';
        return `${shown}${this.gen.writeSlot(p.pcSlot, '0')} n++; emit(${p.index}, -1, af);`;
      }
    }
  }

  /**
   * Statements of a step body followed by the continuation `k` (which ends the
   * transition). Deterministic statements become straight-line code; `either`
   * and `choose` copy the rest of the body into each alternative.
   */
  private stmts(list: readonly Stmt[], env: Env, k: () => string, label: string, depth: number): string {
    let code = '';
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      const rest = list.slice(i + 1);
      switch (s.k) {
        case 'assign':
          code += this.assign(s.place, s.value, env, s.at);
          break;
        case 'await':
          code += `if (!(${this.gen.expr(s.cond, env)})) break ${label};`;
          break;
        case 'if': {
          const cond = this.gen.expr(s.cond, env);
          if (!chooses(s.then) && !chooses(s.else)) {
            const then = this.stmts(s.then, env, () => '', label, depth);
            code += this.ifElse(
              cond,
              then,
              this.stmts(s.else, env, () => '', label, depth),
            );
            break;
          }
          const then = this.stmts([...s.then, ...rest], env, k, label, depth);
          return code + this.ifElse(cond, then, this.stmts([...s.else, ...rest], env, k, label, depth));
        }
        case 'either':
          return (
            code +
            this.alternatives(
              s.branches.map((b) => (l: string) => this.stmts([...b, ...rest], env, k, l, depth + 1)),
              depth,
            )
          );
        case 'choose':
          return code + this.choose(s, env, (l) => this.stmts(rest, env, k, l, depth + 1), depth);
        case 'while': {
          const guard = `g${this.label++}`;
          const test = this.gen.expr(s.cond, env);
          const stop = `if (++${guard} > 1000000) rt.loop(${this.sites.loc(s.at)});`;
          const body = this.stmts(s.body, env, () => '', label, depth);
          code += `{ let ${guard} = 0; while (${test}) { ${stop} ${body} } }`;
          break;
        }
        case 'assert':
          code += `if (af < 0 && !(${this.gen.expr(s.cond, env)})) af = ${s.property};`;
          break;
        case 'note':
          code += this.note(s.note.arrow, s.note.text, env);
          break;
      }
    }
    return code + k();
  }

  /** Runs each alternative on a fresh copy of the state at this point. */
  private alternatives(alts: ((label: string) => string)[], depth: number): string {
    this.maxDepth = Math.max(this.maxDepth, depth + 1);
    let code = this.save(depth);
    alts.forEach((alt, i) => {
      if (i > 0) code += ` ${this.restore(depth)}`;
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

  private choose(s: Stmt & { k: 'choose' }, env: Env, rest: (label: string) => string, depth: number): string {
    this.maxDepth = Math.max(this.maxDepth, depth + 1);
    const label = this.fresh();
    const v = `c${depth}`;
    const where = s.where ? `if (!(${this.gen.expr(s.where, env)})) break ${label};` : '';
    return (
      this.save(depth) +
      ` for (let ${v} = ${s.lo}; ${v} <= ${s.hi}; ${v}++) {` +
      ` if (${v} !== ${s.lo}) { ${this.restore(depth)} }` +
      ` ${label}: { ${this.gen.write(s.place, env, v)} ${where}${rest(label)} } } }`
    );
  }

  private assign(place: Place, value: Expr, env: Env, at: Loc): string {
    const v = this.gen.expr(value, env);
    const t = place.type;
    const fits = t.kind !== 'int' || (value.type.kind === 'int' && value.type.lo >= t.lo && value.type.hi <= t.hi);
    return this.gen.write(place, env, fits ? v : `rt.range(${v}, ${t.lo}, ${t.hi}, ${this.sites.loc(at)})`);
  }

  private note(arrow: boolean, text: Template, env: Env): string {
    return this.record ? `rec.note(${arrow ? 1 : 0}, ${this.gen.template(text, env)});` : '';
  }

  expr(e: Expr): string {
    return this.gen.expr(e, NO_ENV);
  }
}
