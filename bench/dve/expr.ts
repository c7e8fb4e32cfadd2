/*
 * DVE expressions written as racecheck expressions, and the values they can take.
 *
 * DVE's comparisons are numbers (0 or 1) and its numbers are conditions
 * (non-zero); racecheck keeps bool and int apart, so each written expression
 * carries its type, and the writer converts where DVE mixes them. Each also
 * carries its binding strength, so parentheses are written only where
 * racecheck needs them.
 *
 * A small interval analysis goes with it: each variable within its type's
 * range, narrowed by comparisons with constants that are known to hold (a
 * guard, the left side of &&) and by the assignments before it. safety.ts uses
 * it to leave out the tests that cannot fail. It also decides DVE's `|`, for
 * which racecheck has no operator: `a | c * 255` with c a comparison and a in
 * 0..255 is `c ? 255 : a` (fischer's timer: "count down unless off"); any
 * other `|` is `bor8(a, b)`, a def (emit.ts) that ors the eight low bits.
 */
import { type Expr, evaluateConstant, type VarDecl } from './parse.js';

const RACE_KEYWORDS = new Set(
  `model const enum var array of bool process proc def invariant final after step atomic call if else while for
  in either or choose where await assert note true false forall exists count skip symmetric`.split(/\s+/),
);

/** A DVE name as a racecheck name: keywords get a trailing underscore (peterson's `step`, bakery's `choose`). */
export const safe = (name: string) => (RACE_KEYWORDS.has(name) ? `${name}_` : name);

/** racecheck's binding strengths, loosest first (docs/language.md §6). */
const PREC = { cond: 1, imply: 2, or: 3, and: 4, eq: 5, rel: 6, add: 7, mul: 8, unary: 9, atom: 10 } as const;

/** A racecheck expression: its text, its type, and how tightly it binds. */
export interface Out {
  readonly text: string;
  readonly type: 'int' | 'bool';
  readonly prec: number;
}

const atom = (text: string, type: Out['type']): Out => ({ text, type, prec: PREC.atom });
const wrap = (o: Out, min: number) => (o.prec >= min ? o.text : `(${o.text})`);
export const asInt = (o: Out): Out =>
  o.type === 'int' ? o : { text: `${wrap(o, PREC.cond + 1)} ? 1 : 0`, type: 'int', prec: PREC.cond };
export const asBool = (o: Out): Out =>
  o.type === 'bool' ? o : { text: `${wrap(o, PREC.rel)} != 0`, type: 'bool', prec: PREC.eq };
export const not = (o: Out): Out => ({ text: `!${wrap(asBool(o), PREC.unary)}`, type: 'bool', prec: PREC.unary });

/** `a && b && ...`: what a guarded branch tests (never empty). */
export const and = (conds: readonly Out[]): Out =>
  conds.length === 1
    ? conds[0]!
    : { text: conds.map((c) => wrap(asBool(c), PREC.and + 1)).join(' && '), type: 'bool', prec: PREC.and };

export const or = (a: Out, b: Out): Out => ({
  text: `${wrap(asBool(a), PREC.or + 1)} || ${wrap(asBool(b), PREC.or + 1)}`,
  type: 'bool',
  prec: PREC.or,
});

/** An int expression compared with a number: `i >= 0`, `j + 1 <= 255`, `d != 0`. */
export const compare = (o: Out, op: '>=' | '<=' | '!=', n: number): Out => ({
  text: `${wrap(asInt(o), PREC.add)} ${op} ${n}`,
  type: 'bool',
  prec: op === '!=' ? PREC.eq : PREC.rel,
});

const BINARY: Record<string, { readonly race: string; readonly prec: number; readonly args: 'int' | 'bool' }> = {
  imply: { race: '=>', prec: PREC.imply, args: 'bool' },
  or: { race: '||', prec: PREC.or, args: 'bool' },
  '||': { race: '||', prec: PREC.or, args: 'bool' },
  and: { race: '&&', prec: PREC.and, args: 'bool' },
  '&&': { race: '&&', prec: PREC.and, args: 'bool' },
  '==': { race: '==', prec: PREC.eq, args: 'int' },
  '!=': { race: '!=', prec: PREC.eq, args: 'int' },
  '<': { race: '<', prec: PREC.rel, args: 'int' },
  '<=': { race: '<=', prec: PREC.rel, args: 'int' },
  '>': { race: '>', prec: PREC.rel, args: 'int' },
  '>=': { race: '>=', prec: PREC.rel, args: 'int' },
  '+': { race: '+', prec: PREC.add, args: 'int' },
  '-': { race: '-', prec: PREC.add, args: 'int' },
  '*': { race: '*', prec: PREC.mul, args: 'int' },
  '/': { race: '/', prec: PREC.mul, args: 'int' },
  '%': { race: '%', prec: PREC.mul, args: 'int' },
};

export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

/** Known ranges of scalar variables and constant-indexed elements, by DVE name (`k`, `t[0]`). */
export type Env = ReadonlyMap<string, Interval>;

const RANGE = { byte: { lo: 0, hi: 255 }, int: { lo: -32768, hi: 32767 } } as const;
export const rangeOf = (v: VarDecl): Interval => RANGE[v.type];
const BOOL: Interval = { lo: 0, hi: 1 };
const within = (i: Interval, lo: number, hi: number) => i.lo >= lo && i.hi <= hi;
const NEGATE: Record<string, string> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '==': '!=', '!=': '==' };
const MIRROR: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

/** The variables a process's expressions see (its own locals, then the globals), and the writer. */
export class Scope {
  constructor(
    readonly file: string,
    private readonly globals: ReadonlyMap<string, VarDecl>,
    private readonly locals: ReadonlyMap<string, VarDecl> = new Map(),
  ) {}

  fail(line: number, message: string): never {
    throw new Error(`${this.file}:${line}: ${message}`);
  }

  variable(e: Extract<Expr, { kind: 'var' }>): VarDecl {
    const decl = this.locals.get(e.name) ?? this.globals.get(e.name) ?? this.fail(e.line, `no variable '${e.name}'`);
    if ((decl.size === undefined) !== (e.index === undefined))
      this.fail(e.line, `'${e.name}' is ${decl.size === undefined ? 'not an array' : 'an array: index it'}`);
    return decl;
  }

  /** The key of a variable or an element whose index is a constant; undefined for `a[i]`. */
  key(e: Extract<Expr, { kind: 'var' }>): string | undefined {
    if (!e.index) return e.name;
    const i = evaluateConstant(e.index);
    return i === undefined ? undefined : `${e.name}[${i}]`;
  }

  /** `e` in racecheck; `env` is what is known where it is evaluated (it only decides `|`). */
  write(e: Expr, env: Env): Out {
    switch (e.kind) {
      case 'num':
        return atom(String(e.value), 'int');
      case 'var':
        this.variable(e);
        return atom(`${safe(e.name)}${e.index ? `[${asInt(this.write(e.index, env)).text}]` : ''}`, 'int');
      case 'unary': {
        const arg = this.write(e.arg, env);
        if (e.op === '~') this.fail(e.line, "bitwise '~' has no racecheck counterpart");
        if (e.op !== '-') return not(arg);
        return { text: `-${wrap(asInt(arg), PREC.unary)}`, type: 'int', prec: PREC.unary };
      }
      case 'binary': {
        if (e.op === '|') return this.bitwiseOr(e, env);
        const left = this.write(e.left, env);
        const right = this.write(e.right, env);
        const op = BINARY[e.op] ?? this.fail(e.line, `operator '${e.op}' has no racecheck counterpart`);
        // == and != compare two bools as bools; any other mix as numbers, as DVE does.
        const bools = (e.op === '==' || e.op === '!=') && left.type === 'bool' && right.type === 'bool';
        const cast = op.args === 'bool' ? asBool : bools ? (o: Out) => o : asInt;
        // Left-associative, except => (right) and the comparisons, which do not chain in racecheck.
        const chains = op.prec !== PREC.eq && op.prec !== PREC.rel;
        const leftMin = chains && op.prec !== PREC.imply ? op.prec : op.prec + 1;
        const rightMin = op.prec === PREC.imply ? op.prec : op.prec + 1;
        const text = `${wrap(cast(left), leftMin)} ${op.race} ${wrap(cast(right), rightMin)}`;
        return { text, type: op.prec <= PREC.rel ? 'bool' : 'int', prec: op.prec };
      }
    }
  }

  private bitwiseOr(e: Extract<Expr, { kind: 'binary' }>, env: Env): Out {
    const [a, b] = [e.left, e.right].map((x) => this.interval(x, env)) as [Interval, Interval];
    if (!within(a, 0, 255) || !within(b, 0, 255))
      this.fail(e.line, "cannot show that the operands of '|' are within 0..255, where bor8 is exact");
    // x | c * m, with c a comparison (0 or 1), m = 2^n - 1 and x in 0..m: c ? m : x.
    for (const [x, y] of [
      [e.left, e.right],
      [e.right, e.left],
    ] as const) {
      if (y.kind !== 'binary' || y.op !== '*') continue;
      const [c, m] = evaluateConstant(y.right) === undefined ? [y.right, y.left] : [y.left, y.right];
      const mask = evaluateConstant(m);
      const cond = this.write(c, env);
      if (mask === undefined || cond.type !== 'bool' || (mask & (mask + 1)) !== 0) continue;
      if (!within(this.interval(x, env), 0, mask)) continue;
      const rest = asInt(this.write(x, env));
      return { text: `${wrap(cond, PREC.imply)} ? ${mask} : ${wrap(rest, PREC.cond)}`, type: 'int', prec: PREC.cond };
    }
    return atom(`bor8(${asInt(this.write(e.left, env)).text}, ${asInt(this.write(e.right, env)).text})`, 'int');
  }

  interval(e: Expr, env: Env): Interval {
    switch (e.kind) {
      case 'num':
        return { lo: e.value, hi: e.value };
      case 'var': {
        const k = this.key(e);
        return (k && env.get(k)) || rangeOf(this.variable(e));
      }
      case 'unary': {
        if (e.op !== '-') return BOOL;
        const a = this.interval(e.arg, env);
        return { lo: -a.hi, hi: -a.lo };
      }
      case 'binary': {
        const a = this.interval(e.left, env);
        const b = this.interval(e.right, env);
        switch (e.op) {
          case '+':
            return { lo: a.lo + b.lo, hi: a.hi + b.hi };
          case '-':
            return { lo: a.lo - b.hi, hi: a.hi - b.lo };
          case '*': {
            const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
            return { lo: Math.min(...p), hi: Math.max(...p) };
          }
          case '/': {
            const m = Math.max(Math.abs(a.lo), Math.abs(a.hi));
            return { lo: -m, hi: m };
          }
          case '%': {
            const m = Math.max(Math.abs(b.lo), Math.abs(b.hi)) - 1;
            return a.lo >= 0 ? { lo: 0, hi: Math.min(a.hi, m) } : { lo: -m, hi: a.hi <= 0 ? 0 : m };
          }
          case '|': // only written for operands in 0..255 (bitwiseOr)
            return { lo: Math.max(a.lo, b.lo), hi: 255 };
          default:
            return BOOL; // comparisons and connectives
        }
      }
    }
  }

  /** `env` narrowed by knowing that `cond` is `truth`. */
  refine(env: Env, cond: Expr, truth: boolean): Env {
    if (cond.kind === 'unary' && cond.op !== '-') return this.refine(env, cond.arg, !truth);
    if (cond.kind !== 'binary') return env;
    const { op, left, right } = cond;
    if (op === 'and' || op === '&&') return truth ? this.refine(this.refine(env, left, true), right, true) : env;
    if (op === 'or' || op === '||') return truth ? env : this.refine(this.refine(env, left, false), right, false);
    if (!(op in NEGATE)) return env;
    // A variable compared with a constant: `k < 3`, `0 != t[1]`.
    const [place, other, rel] = left.kind === 'var' ? [left, right, op] : [right, left, MIRROR[op]!];
    const c = this.interval(other, env);
    const k = place.kind === 'var' ? this.key(place) : undefined;
    if (!k || c.lo !== c.hi) return env;
    const n = c.lo;
    let { lo, hi } = this.interval(place, env);
    switch (truth ? rel : NEGATE[rel]) {
      case '<':
        hi = Math.min(hi, n - 1);
        break;
      case '<=':
        hi = Math.min(hi, n);
        break;
      case '>':
        lo = Math.max(lo, n + 1);
        break;
      case '>=':
        lo = Math.max(lo, n);
        break;
      case '==':
        [lo, hi] = [Math.max(lo, n), Math.min(hi, n)];
        break;
      case '!=':
        if (lo === n) lo++;
        if (hi === n) hi--;
        break;
    }
    return new Map(env).set(k, { lo, hi });
  }
}
