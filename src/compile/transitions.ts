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
import type { Expr, Node, Place, Process, Stmt, Template } from '../model/index.js';
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
    return (
      `function p${p.index}(cur, s, emit) {\n  let n = 0, af = -1;${begin}\n` +
      `  switch (${this.source.readSlot(p.pcSlot)}) {\n${cases}\n  }\n  return n;\n}`
    );
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
      case 'branch':
        return (
          `if (${this.gen.expr(node.cond, NO_ENV)}) { ${this.node(p, node.then, depth)} }` +
          ` else { ${this.node(p, node.else, depth)} }`
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
        const silent = this.record ? 'rec.step(-1, "");' : '';
        return `${silent}${this.gen.writeSlot(p.pcSlot, '0')} n++; emit(${p.index}, -1, af);`;
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
          if (!branches([s.then, s.else])) {
            const then = this.stmts(s.then, env, () => '', label, depth);
            code += `if (${cond}) { ${then} } else { ${this.stmts(s.else, env, () => '', label, depth)} }`;
            break;
          }
          return (
            code +
            `if (${cond}) { ${this.stmts([...s.then, ...rest], env, k, label, depth)} }` +
            ` else { ${this.stmts([...s.else, ...rest], env, k, label, depth)} }`
          );
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
          const cond = this.gen.expr(s.cond, env);
          const limit = `if (++${guard} > 1000000) rt.loop(${this.sites.loc(s.at)});`;
          const body = this.stmts(s.body, env, () => '', label, depth);
          code += `{ let ${guard} = 0; while (${cond}) { ${limit} ${body} } }`;
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
    let code = this.saveState(depth);
    alts.forEach((alt, i) => {
      if (i > 0) code += ` ${this.restoreState(depth)}`;
      const label = this.fresh();
      code += ` ${label}: { ${alt(label)} }`;
    });
    return `${code} }`;
  }

  /** Opens a block that saves the state (and the failed assertion, and the recorder's place) at `depth`. */
  private saveState(depth: number): string {
    const mark = this.record ? ` const m${depth} = rec.mark();` : '';
    return `{ const sv${depth} = sv[${depth}]; ${this.copy(`sv${depth}`, 's')} const af${depth} = af;${mark}`;
  }

  /** Goes back to the state saved at `depth`, for the next alternative. */
  private restoreState(depth: number): string {
    const reset = this.record ? ` rec.reset(m${depth});` : '';
    return `${this.copy('s', `sv${depth}`)} af = af${depth};${reset}`;
  }

  private choose(s: Stmt & { k: 'choose' }, env: Env, rest: (label: string) => string, depth: number): string {
    this.maxDepth = Math.max(this.maxDepth, depth + 1);
    const label = this.fresh();
    const v = `c${depth}`;
    const where = s.where ? `if (!(${this.gen.expr(s.where, env)})) break ${label};` : '';
    return (
      this.saveState(depth) +
      ` for (let ${v} = ${s.lo}; ${v} <= ${s.hi}; ${v}++) {` +
      ` if (${v} !== ${s.lo}) { ${this.restoreState(depth)} }` +
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

/** The pc values a process can wait at: its start and after each step (0, the end, waits for nothing). */
export function waitPoints(p: Process): number[] {
  const points = new Set<number>([p.start]);
  for (const node of p.nodes) if (node.k === 'step') points.add(node.next);
  points.delete(0);
  return [...points].sort((a, b) => a - b);
}

function branches(lists: readonly (readonly Stmt[])[]): boolean {
  return lists.some((l) =>
    l.some((s) => s.k === 'either' || s.k === 'choose' || (s.k === 'if' && branches([s.then, s.else]))),
  );
}
